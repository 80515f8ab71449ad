import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the departments module owns (委办局 as systems that send us data, decision 028).
 * Only this module reads or writes them (apps/server/src/boundaries.test.ts checks); other
 * modules check a key through its index.ts (`departmentForRequest`). Keep in step with
 * platform/migrations (0041-departments-hotline.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    departments: DepartmentsTable;
  }
}

export interface DepartmentsTable {
  code: string;
  name: string;
  name_en: string;
  grants: ColumnType<string[], string[] | undefined, string[]>;
  /** sha256 of the API key */
  key_hash: string | null;
  key_hint: string | null;
  key_issued_at: Date | null;
  disabled: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}
