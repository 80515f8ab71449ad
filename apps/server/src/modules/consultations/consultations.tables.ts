import type { ColumnType, Generated } from 'kysely';
import type { ConsultationQuestion } from '@cc/contracts';

/**
 * The tables the consultations module owns (征询). Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks). Keep in step with
 * platform/migrations/0023-consultations.sql.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    consultations: ConsultationsTable;
    consultation_participants: ConsultationParticipantsTable;
    consultation_responses: ConsultationResponsesTable;
    consultation_answers: ConsultationAnswersTable;
    consultation_tallies: ConsultationTalliesTable;
    consultation_pin_cells: ConsultationPinCellsTable;
  }
}

export interface ConsultationsTable {
  id: string;
  title: string;
  description: string;
  area_code: string;
  area_path: string;
  is_anonymous: boolean;
  state: string;
  opens_at: Date | null;
  closes_at: Date;
  questions: ColumnType<ConsultationQuestion[], string, string>;
  question_count: number;
  has_map_question: boolean;
  author_id: string;
  author_name: string;
  response_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
}

export interface ConsultationParticipantsTable {
  consultation_id: string;
  account_id: string;
}

export interface ConsultationResponsesTable {
  id: string;
  consultation_id: string;
  account_id: string | null;
  respondent_name_masked: string | null;
  submitted_at: Date | null;
}

export interface ConsultationAnswersTable {
  /** random: nothing orders or times the answers */
  id: string;
  consultation_id: string;
  response_id: string;
  question_id: string;
  option_id: string | null;
  value: number | null;
  text: string | null;
  lng: number | null;
  lat: number | null;
}

export interface ConsultationTalliesTable {
  consultation_id: string;
  question_id: string;
  /** `*` answered, `o1…` an option, `v1…` a scale value */
  key: string;
  shard: number;
  count: number;
}

export interface ConsultationPinCellsTable {
  consultation_id: string;
  question_id: string;
  /** round(lng × 10⁴), round(lat × 10⁴) */
  cell_lng: number;
  cell_lat: number;
  count: number;
}
