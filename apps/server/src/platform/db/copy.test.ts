import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createPgDatabase, DATABASES } from '../../testing.js';
import { copyLine, type CopyValue } from './copy-text.js';
import { copyInto, copyLines } from './copy.js';
import { openDatabase, type Database } from './database.js';

/** Values COPY's text format must escape, and the types the registry writes. */
const AWKWARD: CopyValue[][] = [
  [1, 'plain', null, ['a', 'b'], true, '2026-11-28'],
  [2, 'tab\there', 'new\nline', ['quote "x"', 'back\\slash'], false, '1935-01-01'],
  [3, 'carriage\rreturn \\N', '', [], null, null],
  [4, '张三 / 上海市黄浦区', 'ends with a backslash\\', ['组,逗号', ''], true, '2000-02-29'],
];

for (const kind of DATABASES) {
  describe(`bulk writes in COPY's text format (${kind})`, () => {
    let database: Database;
    let dropPg: (() => Promise<void>) | undefined;
    const read = async (table: string) => {
      const { rows } = await sql<{
        n: number;
        a: string | null;
        b: string | null;
        tags: string[];
        ok: boolean | null;
        day: string | null;
      }>`select n, a, b, tags, ok, day::text as day from ${sql.table(table)} order by n`.execute(
        database.db,
      );
      return rows.map((r) => [r.n, r.a, r.b, r.tags, r.ok, r.day]);
    };

    before(async () => {
      const pg = kind === 'postgres' ? await createPgDatabase() : null;
      dropPg = pg?.drop;
      database = await openDatabase({
        databaseUrl: pg?.url ?? null,
        dataDir: path.join(os.tmpdir(), 'cc-copy-test'),
        inMemory: true,
      });
      for (const t of ['from_rows', 'from_lines'])
        await sql`create table ${sql.table(t)} (n int primary key, a text, b text,
          tags text[] not null, ok boolean, day date)`.execute(database.db);
    });
    after(async () => {
      await database.close();
      await dropPg?.();
    });

    const columns = ['n', 'a', 'b', 'tags', 'ok', 'day'];

    it('when rows with tabs, newlines, backslashes, quotes and nulls are copied, then each value comes back as it was', async () => {
      assert.equal(await copyInto(database.db, 'from_rows', columns, AWKWARD), AWKWARD.length);
      assert.deepEqual(await read('from_rows'), AWKWARD);
    });

    it('when the same rows arrive as COPY text in two chunks, a string and UTF-8 bytes, then they are stored the same way', async () => {
      const text = AWKWARD.map(copyLine);
      await copyLines(database.db, 'from_lines', columns, [
        text.slice(0, 2).join(''),
        new TextEncoder().encode(text.slice(2).join('')),
      ]);
      assert.deepEqual(await read('from_lines'), AWKWARD);
    });
  });
}
