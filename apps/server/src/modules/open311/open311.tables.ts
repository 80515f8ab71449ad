import type { Generated } from 'kysely';

/**
 * The tables the open311 module owns: Open311 clients and their api_keys' hashes. Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    open311_clients: Open311ClientsTable;
  }
}

export interface Open311ClientsTable {
  id: string;
  name: string;
  api_key_hash: string;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}
