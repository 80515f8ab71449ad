-- Meetings (议事会): a host (a residents' committee now; co-governance councils later) schedules
-- a meeting with an agenda, residents register and check in at the door, staff publish the
-- minutes and an outcome per agenda item.
create table meetings (
  id uuid primary key,
  -- who holds it: 'committee' (host_code = the committee's area code); councils later
  host_type text not null,
  host_code text not null,
  -- the host's area path: who may see and run it
  area_path text not null,
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text,
  online_url text,
  capacity integer,
  -- the 6 digits shown at the door (valid from an hour before the start to the end)
  door_code text not null,
  -- scheduled → held (minutes published) | cancelled
  state text not null,
  -- counts kept on the row (no COUNT(*) on the lists)
  registered_count integer not null default 0,
  attended_count integer not null default 0,
  agenda_count integer not null default 0,
  minutes text,
  minutes_published_at timestamptz,
  cancel_reason text,
  cancelled_at timestamptz,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index meetings_host on meetings (host_type, host_code, starts_at, id);
create index meetings_area on meetings (area_path text_pattern_ops, starts_at, id);

create table meeting_agenda_items (
  id uuid primary key,
  meeting_id uuid not null references meetings (id),
  position integer not null,
  title text not null,
  note text,
  -- where the item came from (a proposal put to the meeting), or null for a written one
  source_type text,
  source_id text,
  -- the outcome, once the minutes are published
  decision text,
  outcome text,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create index meeting_agenda_items_meeting on meeting_agenda_items (meeting_id, position);
create unique index meeting_agenda_items_source
  on meeting_agenda_items (meeting_id, source_type, source_id)
  where source_type is not null;

-- Who comes: residents who registered (account_id set) and walk-ins staff add by name.
create table meeting_attendees (
  id uuid primary key,
  meeting_id uuid not null references meetings (id),
  -- 'registered' (a resident's own) or 'walk_in' (added by staff at the door)
  kind text not null,
  account_id uuid,
  resident_id uuid,
  -- the name: encrypted under the data key, shown masked
  name_enc text not null,
  name_masked text not null,
  -- 'registered' | 'cancelled'
  state text not null,
  attended_at timestamptz,
  -- 'code' (at the door) or 'staff' (ticked on the list)
  attended_by text,
  registered_at timestamptz not null default now(),
  cancelled_at timestamptz
);
create unique index meeting_attendees_account
  on meeting_attendees (meeting_id, account_id)
  where account_id is not null;
create index meeting_attendees_list on meeting_attendees (meeting_id, registered_at, id);
create index meeting_attendees_mine on meeting_attendees (account_id, meeting_id)
  where account_id is not null;

-- The batches of registrants already told (the job's progress, written in each batch's own
-- transaction): a batch run again tells no one twice. `after_id` is the attendee id the batch
-- starts after ('' for the first).
create table meeting_tell_batches (
  meeting_id uuid not null references meetings (id),
  kind text not null,
  after_id text not null,
  told integer not null,
  primary key (meeting_id, kind, after_id)
);
