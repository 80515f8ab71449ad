import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the councils module owns (街区共治). Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations (0034-councils.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    council_blocks: CouncilBlocksTable;
    shops: ShopsTable;
    councils: CouncilsTable;
    council_members: CouncilMembersTable;
    council_representatives: CouncilRepresentativesTable;
    council_votes: CouncilVotesTable;
    council_vote_candidates: CouncilVoteCandidatesTable;
    council_vote_voters: CouncilVoteVotersTable;
    council_ballots: CouncilBallotsTable;
    council_fund_entries: CouncilFundEntriesTable;
    council_fund_expenses: CouncilFundExpensesTable;
    council_fund_approvals: CouncilFundApprovalsTable;
    council_guidelines: CouncilGuidelinesTable;
    council_guideline_reviewers: CouncilGuidelineReviewersTable;
    council_applications: CouncilApplicationsTable;
    council_application_reviews: CouncilApplicationReviewsTable;
    council_projects: CouncilProjectsTable;
    council_offers: CouncilOffersTable;
  }
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** bigint columns come back as strings from pg: read them with Number() */
type BigIntColumn = ColumnType<string, number | bigint | string, number | bigint | string>;
type DefaultedBigInt = ColumnType<
  string,
  number | bigint | string | undefined,
  number | bigint | string
>;
type Json = ColumnType<unknown, string, string>;

export interface CouncilBlocksTable {
  id: string;
  street_code: string;
  street_path: string;
  name: string;
  frontage: Defaulted<string>;
  area_codes: string[];
  boundary: Json;
  min_lat: number;
  max_lat: number;
  min_lng: number;
  max_lng: number;
  created_by: string;
  created_at: Generated<Date>;
}

export interface ShopsTable {
  id: string;
  name: string;
  uscc: string;
  address: string;
  lat: number;
  lng: number;
  category: string;
  contact_name_enc: string;
  contact_name_masked: string;
  contact_phone_enc: string;
  contact_phone_masked: string;
  contact_phone_hmac: string;
  account_id: string | null;
  committee_code: string | null;
  area_path: string;
  created_by: string;
  created_at: Generated<Date>;
  /** staff checked the shop (null: registered by its owner, not yet checked) */
  verified_at: Date | null;
  verified_by: string | null;
}

export interface CouncilsTable {
  id: string;
  block_id: string;
  kind: string;
  name: string;
  description: Defaulted<string>;
  street_code: string;
  area_path: string;
  rules: Json;
  fund_seq: Generated<number>;
  fund_head: string | null;
  balance_fen: DefaultedBigInt;
  pledged_fen: DefaultedBigInt;
  contributed_fen: DefaultedBigInt;
  spent_fen: DefaultedBigInt;
  pending_fen: DefaultedBigInt;
  created_by: string;
  created_at: Generated<Date>;
}

export interface CouncilMembersTable {
  id: string;
  council_id: string;
  kind: string;
  name: string;
  shop_id: string | null;
  joined_at: Generated<Date>;
  left_at: Date | null;
}

export interface CouncilRepresentativesTable {
  council_id: string;
  account_id: string;
  member_id: string;
  role: string;
  name_masked: string;
  added_at: Generated<Date>;
}

export interface CouncilVotesTable {
  id: string;
  council_id: string;
  kind: string;
  title: string;
  body: Defaulted<string>;
  meeting_id: string | null;
  state: Generated<string>;
  closes_at: Date;
  seats: number | null;
  tie_rule: string | null;
  rule: ColumnType<unknown, string | null, string | null>;
  electorate: number | null;
  ballots: Generated<number>;
  agree: Generated<number>;
  disagree: Generated<number>;
  abstain: Generated<number>;
  chain_seq: Generated<number>;
  chain_head: string | null;
  passed: boolean | null;
  runoff: Defaulted<number[]>;
  created_by: string;
  created_at: Generated<Date>;
  opened_at: Date | null;
  closed_at: Date | null;
  published_at: Date | null;
}

export interface CouncilVoteCandidatesTable {
  vote_id: string;
  no: number;
  member_id: string;
  name: string;
  joined_at: Date;
  approvals: Generated<number>;
  elected: boolean | null;
  by_tie_rule: Generated<boolean>;
}

export interface CouncilVoteVotersTable {
  vote_id: string;
  member_id: string;
}

export interface CouncilBallotsTable {
  vote_id: string;
  member_id: string;
  seq: number;
  choice: string | null;
  approve: number[] | null;
  cast_by: string;
  cast_at: Date;
  prev_hash: string;
  hash: string;
}

export interface CouncilFundEntriesTable {
  council_id: string;
  seq: number;
  kind: string;
  member_id: string | null;
  amount_fen: BigIntColumn;
  refers_to: number | null;
  note: string;
  receipt_ids: Defaulted<string[]>;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
  balance_fen: BigIntColumn;
  pledged_fen: BigIntColumn;
  contributed_fen: BigIntColumn;
  spent_fen: BigIntColumn;
  prev_hash: string;
  hash: string;
}

export interface CouncilFundExpensesTable {
  council_id: string;
  seq: number;
  amount_fen: BigIntColumn;
  state: Generated<string>;
  approvals: Generated<number>;
  requested_by: string;
}

export interface CouncilFundApprovalsTable {
  council_id: string;
  expense_seq: number;
  account_id: string;
  /** the member the approver spoke for: one approval per member (null: before migration 0035) */
  member_id: string | null;
}

export interface CouncilGuidelinesTable {
  id: string;
  council_id: string;
  title: string;
  body: string;
  document_ids: Defaulted<string[]>;
  approvals_required: number;
  closes_at: Date;
  applications: Generated<number>;
  approved: Generated<number>;
  done: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface CouncilGuidelineReviewersTable {
  guideline_id: string;
  account_id: string;
  organisation: string;
  name_masked: string;
}

export interface CouncilApplicationsTable {
  id: string;
  guideline_id: string;
  council_id: string;
  member_id: string;
  applicant_id: string;
  title: string;
  description: string;
  lat: number;
  lng: number;
  photo_ids: string[];
  design_id: string;
  state: Generated<string>;
  round: Generated<number>;
  approvals: Generated<number>;
  submitted_at: Generated<Date>;
  decided_at: Date | null;
  done_at: Date | null;
}

export interface CouncilApplicationReviewsTable {
  application_id: string;
  reviewer_id: string;
  round: number;
  decision: string;
  reason: Defaulted<string>;
  reviewed_at: Generated<Date>;
}

export interface CouncilProjectsTable {
  id: string;
  council_id: string;
  title: string;
  need_id: string;
  status: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface CouncilOffersTable {
  id: string;
  council_id: string;
  side: string;
  member_id: string;
  category: string;
  title: string;
  description: Defaulted<string>;
  lat: number | null;
  lng: number | null;
  opening_hours: string | null;
  status: Generated<string>;
  project_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
}
