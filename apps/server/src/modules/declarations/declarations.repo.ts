import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { StoredReview } from './declarations.tables.js';

/**
 * A declaration as the use cases read it: its columns, the dates as YYYY-MM-DD text (the `pg`
 * driver would make them Dates at local midnight) and the temperature as a number.
 */
export const selectDeclarations = (db: Kysely<DB>) =>
  db
    .selectFrom('declarations')
    .select([
      'id',
      'reference',
      'status',
      'committee_code',
      'compound_code',
      'area_path',
      'room_id',
      'room_label',
      'name_enc',
      'name_masked',
      'phone_enc',
      'phone_masked',
      'document_kind',
      'document_enc',
      'document_masked',
      'origin_code',
      sql<string>`to_char(arrival_date, 'YYYY-MM-DD')`.as('arrival_date'),
      'arrival_means',
      'purpose',
      'stay_days',
      sql<number>`temperature::float8`.as('temperature'),
      'symptoms',
      'key_region_name',
      'key_region_level',
      'possible_duplicate_of',
      'duplicate_of',
      'registry_resident',
      'declared_by',
      sql<StoredReview[]>`reviews`.as('reviews'),
      'created_at',
    ]);

export type DeclarationRecord = Awaited<
  ReturnType<ReturnType<typeof selectDeclarations>['executeTakeFirstOrThrow']>
>;
