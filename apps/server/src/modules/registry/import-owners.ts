import { ROOM_OWNERS_MAX, SHARE_WHOLE } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import {
  duplicates,
  inLines,
  label,
  loadPlaces,
  LOST_DIGITS,
  lostDigits,
  NO_ROOM,
  noCompound,
  roomKey,
  roomsByKey,
  ruleOnly,
  type Committee,
  type Lines,
  type Merged,
  type Prepared,
} from './import-common.js';
import { checkOwner } from './owner-records.js';
import { OWNER_STAGE, type StagedOwner } from './sealing.js';

// ---- owners on record ----

/** The form's names of an owner's fields → the file's columns. */
const OWNER_FIELD_COLUMNS = {
  kind: 'ownerKind',
  name: 'ownerName',
  documentType: 'documentType',
  documentNumber: 'documentNumber',
  share: 'share',
} as const;

/**
 * One row per owner of a room. The rows of a room are checked together once the file is
 * staged (their shares add up to 100 %, one registered area, no owner twice), and the import
 * replaces the owners of every room it names (owners.service.ts does the same for the form).
 */
export async function prepareOwners(ctx: Ctx, c: Committee): Promise<Prepared> {
  const places = await loadPlaces(ctx.db, c);
  const L = (key: string) => label('owners', key);
  return {
    stageColumns: OWNER_STAGE,
    check(v) {
      const problems: [string, string][] = [];
      if (lostDigits(v.documentNumber)) problems.push([L('documentNumber'), LOST_DIGITS]);
      const checked = checkOwner({
        kind: v.ownerKind,
        name: v.ownerName!,
        documentType: v.documentType!,
        documentNumber: v.documentNumber!,
        share: v.share!,
      });
      if (!checked.ok)
        for (const p of checked.problems)
          problems.push([L(OWNER_FIELD_COLUMNS[p.field]), ruleOnly(p.reason)]);
      const area = v.registeredArea ? v.registeredArea.replace(/\s*(m²|m2|平方米|㎡)$/i, '') : '';
      if (area && !(/^\d{1,5}(\.\d{1,2})?$/.test(area) && Number(area) > 0))
        problems.push([
          L('registeredArea'),
          'registered area must be m² above 0 with at most two decimals / 登记面积须为大于 0 的平方米数，最多两位小数',
        ]);
      const compound = places.compound(v.compound!);
      const buildingId = compound ? places.building(compound.code, v.building!) : undefined;
      if (!compound) problems.push([L('compound'), noCompound(c)]);
      else if (!buildingId) problems.push([L('room'), NO_ROOM]);
      if (problems.length || !checked.ok || !buildingId) return { problems };
      const plain: StagedOwner = Object.assign(checked.value, {
        roomId: null,
        committeeCode: c.code,
        position: 0, // the file's line (the merge takes it from the stage)
        buildingId,
        unit: v.unit ?? '',
        room: v.room!,
        areaPath: null,
        registeredArea: area ? Number(area) : null,
      });
      return { plain };
    },
    // each row's room, by its building, unit and number (as the residents' `place` does)
    async place(db, plains) {
      const rows = plains as StagedOwner[];
      const byKey = await roomsByKey(db, rows);
      for (const p of rows) {
        const room = byKey.get(roomKey(p));
        if (room) [p.roomId, p.areaPath] = [room.id, room.area_path];
      }
    },
    fileChecks: (stage) => [
      sql`select line, ${L('room')} as field, ${NO_ROOM}::text as reason
        from ${sql.table(stage)} where room_id is null order by line`,
      duplicates(
        stage,
        "coalesce(room_id::text, building_id::text || '|' || unit || '|' || room) || '|' || document_hmac",
        L('documentNumber'),
        'the same owner of the same room as row',
        '与第',
        '行为同一房屋的同一产权人',
      ),
      // every row of a room whose shares do not add up: none of its rows is stored
      sql`select line, ${L('share')} as field,
          'the shares of this room (rows ' || lines || ') add up to ' || pct || ' %, not 100 % / 该房屋各产权人份额（第 ' || lines || ' 行）合计 ' || pct || '%，应为 100%' as reason
        from (select line,
            (sum(share_bp) over w / 100)::text || case when sum(share_bp) over w % 100 = 0 then ''
              else '.' || lpad((sum(share_bp) over w % 100)::text, 2, '0') end as pct,
            sum(share_bp) over w as total,
            string_agg(line::text, ', ') over w as lines
          from ${sql.table(stage)} where room_id is not null
          window w as (partition by room_id order by line rows between unbounded preceding and unbounded following)) s
        where total <> ${SHARE_WHOLE}
        order by line`,
      sql`select line, ${L('registeredArea')} as field,
          'the rows of one room give different registered areas / 同一房屋各行的登记面积不一致' as reason
        from (select line, min(registered_area) over w as lo, max(registered_area) over w as hi
          from ${sql.table(stage)} where room_id is not null
          window w as (partition by room_id)) s
        where lo <> hi order by line`,
      sql`select line, ${L('ownerName')} as field,
          ${`a room has at most ${ROOM_OWNERS_MAX} owners on record / 一个房屋最多登记 ${ROOM_OWNERS_MAX} 名产权人`}::text as reason
        from (select line, row_number() over (partition by room_id order by line) as n
          from ${sql.table(stage)} where room_id is not null) s
        where n > ${ROOM_OWNERS_MAX} order by line`,
    ],
    merge: (trx, stage, importId, lines) =>
      mergeOwners(trx, stage, { committee: c.code, importId, actor: ctx.actor!.id }, lines),
  };
}

/**
 * The owners of the rooms these lines name replaced by the file's: an owner the file does not
 * list for a room it names is deleted, new ones inserted, changed ones updated, the same left
 * alone; a room's registered area set where the file gives one. A room whose owners changed
 * gets its record's source, time and author, and a history row. The rows of one room may lie in
 * two merges (a file not sorted by room): the first deletes an owner the later lines list, the
 * later merge inserts them again — the end is the file's owners either way.
 */
async function mergeOwners(
  trx: Kysely<DB>,
  stage: string,
  o: { committee: string; importId: string; actor: string },
  lines: Lines,
): Promise<Merged> {
  const s = sql.table(stage);
  // the rooms first, as the form locks them (owners.service.ts): a replacement by the form at
  // the same time waits, and the shares never add up past 100 %
  await sql`select id from rooms
    where id in (select room_id from ${s} where room_id is not null and ${inLines(lines)})
    order by id for update`.execute(trx);
  const gone = await sql<{ room_id: string }>`
    delete from room_owners ro
    where ro.room_id in (select room_id from ${s} where room_id is not null and ${inLines(lines)})
      and not exists (select 1 from ${s} x
        where x.room_id = ro.room_id and x.document_hmac = ro.document_hmac)
    returning ro.room_id`.execute(trx);
  const records = await sql<{ room_id: string }>`
    insert into room_ownership (room_id, committee_code, area_path, building_id, registered_area,
      source, import_id, recorded_by)
    select distinct on (room_id) room_id, ${o.committee}, area_path, building_id, registered_area,
      'import', ${o.importId}::uuid, ${o.actor}::uuid
    from ${s} where room_id is not null and ${inLines(lines)}
    order by room_id, registered_area is null, line
    on conflict (room_id) do update set registered_area = excluded.registered_area
    where excluded.registered_area is not null
      and room_ownership.registered_area is distinct from excluded.registered_area
    returning room_id`.execute(trx);
  const owners = await sql<{ room_id: string; inserted: boolean }>`
    insert into room_owners (room_id, committee_code, position, kind, name, document_type,
      document_enc, document_hmac, document_masked, share_bp, row_digest, import_id)
    select distinct on (room_id, document_hmac) room_id, committee_code, line, kind, name,
      document_type, document_enc, document_hmac, document_masked, share_bp, row_digest,
      ${o.importId}::uuid
    from ${s} where room_id is not null and ${inLines(lines)}
    order by room_id, document_hmac, line
    on conflict (room_id, document_hmac) do update set position = excluded.position,
      kind = excluded.kind, name = excluded.name, document_type = excluded.document_type,
      document_enc = excluded.document_enc, document_masked = excluded.document_masked,
      share_bp = excluded.share_bp, row_digest = excluded.row_digest, import_id = excluded.import_id
    where room_owners.row_digest is distinct from excluded.row_digest
    returning room_id, (xmax = 0) as inserted`.execute(trx);
  const changed = [
    ...new Set([...gone.rows, ...records.rows, ...owners.rows].map((r) => r.room_id)),
  ];
  if (changed.length) {
    await sql`update room_ownership set source = 'import', import_id = ${o.importId}::uuid,
        recorded_by = ${o.actor}::uuid, recorded_at = now()
      where room_id = any(${changed}::uuid[])`.execute(trx);
    // (who and how many, never their names or numbers)
    await sql`insert into registry_changes (entity, entity_id, committee_code, action, changes,
        actor_id, import_id)
      select 'room', r.id, ${o.committee}, 'owners_import',
        jsonb_build_object('owners', (select count(*) from room_owners x where x.room_id = r.id),
          'registeredArea', (select registered_area from room_ownership w where w.room_id = r.id)),
        ${o.actor}::uuid, ${o.importId}::uuid
      from unnest(${changed}::uuid[]) r(id)`.execute(trx);
  }
  const inserted = owners.rows.filter((r) => r.inserted).length;
  return { inserted, updated: owners.rows.length - inserted };
}
