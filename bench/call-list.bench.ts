/**
 * The call list of a care group (issue 26, finding 12): committee staff reveal a page of 200
 * elderly living alone at once — names, phones, rooms and emergency contacts in clear, one
 * audit entry per person appended in one transaction — against the way before it, one reveal
 * per person, in the same run.
 *  - the demo street's registry at --scale (default 1), then --people (default 400) residents
 *    of 云南中路 tagged 独居老人, half of them with an emergency contact;
 *  - the call list's first page (200 people), --rounds (default 20) times one after another,
 *    after a warm-up: p50 / p95 per page;
 *  - the same 200 people revealed one at a time: the whole.
 *   node --import tsx bench/call-list.bench.ts [--db pglite|postgres] [--scale 1] [--rounds 20]
 * The server runs in this process.
 */
import { CALL_LIST_MAX } from '@cc/contracts';
import { sql } from 'kysely';
import { contactColumns } from '../apps/server/src/modules/registry/index.js';
import { generateRegistry, startTestPlatform } from '../apps/server/src/testing.js';
import { arg, percentile, report } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const SCALE = Number(arg('scale', '1'));
const PEOPLE = Number(arg('people', '400'));
const ROUNDS = Number(arg('rounds', '20'));
const COMMITTEE = '310101002001';

const tp = await startTestPlatform(kind);
const db = tp.platform.database.db;
const cipher = tp.platform.deps.cipher;
await generateRegistry(db, cipher, { scale: SCALE, within: ['310101002000'], seed: 7 });
const chosen = await db
  .selectFrom('residents')
  .select('id')
  .where('committee_code', '=', COMMITTEE)
  .orderBy('id')
  .limit(PEOPLE)
  .execute();
if (chosen.length < CALL_LIST_MAX)
  throw new Error(`only ${chosen.length} residents: raise --scale`);
await sql`update residents set tags = array_append(array_remove(tags, 'elderly_alone'), 'elderly_alone')
  where id in (${sql.join(chosen.map((c) => c.id))})`.execute(db);
for (const [i, { id }] of chosen.entries())
  if (i % 2 === 0)
    await db
      .updateTable('residents')
      .set(
        contactColumns(cipher, {
          name: '王建华',
          relation: 'child',
          phone: `1391700${1000 + (i % 9000)}`,
        }),
      )
      .where('id', '=', id)
      .execute();

const staff = await tp.login('yunnan');
const body = { area: COMMITTEE, tag: 'elderly_alone', reason: '基准：寒潮电话问候' };
const page = async () => {
  const r = await staff.post<{ items: { id: string }[] }>('/api/registry/call-list', body);
  if (r.status !== 200 || r.body.items.length !== CALL_LIST_MAX)
    throw new Error(`the call list answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.items.map((i) => i.id);
};
const ids = await page(); // warm-up
const pageMs: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  await page();
  pageMs.push(performance.now() - t0);
}
pageMs.sort((a, b) => a - b);
const t1 = performance.now();
for (const id of ids) {
  const r = await staff.post(`/api/registry/residents/${id}/reveal`, { reason: '基准：逐个查看' });
  if (r.status !== 200) throw new Error(`a reveal answered ${r.status}`);
}
const oneByOne = performance.now() - t1;
const audited = await db
  .selectFrom('audit_log')
  .select(sql<number>`count(*)::int`.as('n'))
  .where('action', '=', 'registry.resident.reveal')
  .executeTakeFirstOrThrow();

report(`call list of ${CALL_LIST_MAX} (${kind})`, {
  'people in the group': chosen.length,
  'call list p50 / p95': `${percentile(pageMs, 50).toFixed(1)} / ${percentile(pageMs, 95).toFixed(1)} ms`,
  [`${CALL_LIST_MAX} reveals one by one`]: `${oneByOne.toFixed(0)} ms`,
  'audit entries written': audited.n,
  'audit entries expected': (ROUNDS + 1) * CALL_LIST_MAX + ids.length,
});
await tp.close();
