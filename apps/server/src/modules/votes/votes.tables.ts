import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the votes module owns (业主表决): votes, their frozen electorates (units, heads,
 * voters), standing ballots, the ballot hash chain and campaign visits. Only this module reads
 * or writes them. Keep in step with platform/migrations/0025-votes.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    votes: VotesTable;
    vote_units: VoteUnitsTable;
    vote_heads: VoteHeadsTable;
    vote_voters: VoteVotersTable;
    vote_ballots: VoteBallotsTable;
    vote_ballot_chain: VoteBallotChainTable;
    vote_visits: VoteVisitsTable;
  }
}

/** bigint columns come back as strings from pg: read them with Number() */
type BigIntColumn = ColumnType<string, number | bigint | string, number | bigint | string>;

export interface VotesTable {
  id: string;
  committee_code: string;
  area_path: string;
  title: string;
  body: string;
  electorate_kind: string;
  electorate_ref: ColumnType<unknown, string, string>;
  electorate_label: string;
  rule: ColumnType<unknown, string, string>;
  rule_code: string;
  opens_at: Date;
  closes_at: Date;
  allow_change: boolean;
  state: Generated<string>;
  subject_type: string | null;
  subject_id: string | null;
  heads: number | null;
  units: number | null;
  area: BigIntColumn | null;
  ballots: Generated<number>;
  chain_seq: Generated<number>;
  chain_head: string | null;
  result: ColumnType<unknown, string | null, string | null>;
  passed: boolean | null;
  created_by: string;
  created_at: Generated<Date>;
  opened_at: Date | null;
  closed_at: Date | null;
  published_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

export interface VoteUnitsTable {
  vote_id: string;
  room_id: string;
  head_no: number;
  label: string;
  building_id: string;
  unit: string;
  floor: number | null;
  area: number;
  position: number;
}

export interface VoteHeadsTable {
  vote_id: string;
  head_no: number;
  developer: boolean;
  units: number;
  area: BigIntColumn;
}

export interface VoteVotersTable {
  owner_key: string;
  vote_id: string;
  head_no: number;
}

export interface VoteBallotsTable {
  /** the distribution key: the district of the row's area (platform/district.ts, decision 030) */
  district_code: string;
  vote_id: string;
  head_no: number;
  choice: string;
  channel: string;
  cast_by: string;
  attachment_id: string | null;
  note: string | null;
  seq: number;
  cast_at: Date;
}

export interface VoteBallotChainTable {
  vote_id: string;
  seq: number;
  head_no: number;
  choice: string;
  channel: string;
  cast_at: Date;
  prev_hash: string;
  hash: string;
}

export interface VoteVisitsTable {
  id: string;
  vote_id: string;
  head_no: number;
  assignee_id: string;
  assigned_by: string;
  assigned_at: Generated<Date>;
  outcome: string | null;
  note: string | null;
  visited_at: Date | null;
}
