/**
 * Notices (通知公告, issue 19) over HTTP, in one process with the platform (as the tests run it):
 *  - a street-wide notice to N verified residents (default 20,000; --residents 100000 for the
 *    issue's figure): the publish answer's time, and the time until the last recipient's feed
 *    shows it (the fan-out done); baseline: the same recipients written by ONE bare
 *    INSERT … SELECT, the least any fan-out can take;
 *  - an urgent one: the time until every recipient's text is in the outbox;
 *    baseline: one bare INSERT of as many rows into a copy of the outbox table;
 *  - 1,000 residents marking one notice read at once: the count must be exact;
 *  - a resident's feed p95 with the notices of a city (per committee 8, per street 10, per
 *    district 20, city-wide 10, written in bulk) and a district notice's read-count page p95;
 *    baseline: GET /api/auth/me (sign-in check + a tiny answer) p95 in the same run.
 *   node --import tsx bench/notices.bench.ts [--db pglite|postgres] [--residents 20000]
 *     [--extra-committees 0] [--rounds 200]
 * --extra-committees n adds the registry and accounts of n more committees of the city (the
 * feed at a million accounts: --residents 100000 --extra-committees 6500 at the same density).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { Agent, setGlobalDispatcher } from 'undici';
import { RESIDENTS_PER_COMMITTEE } from '../apps/server/src/demo/synthetic-registry.js';
import {
  Client,
  eventually,
  generateRegistry,
  generateResidentAccounts,
  startTestPlatform,
} from '../apps/server/src/testing.js';
import { arg, percentile, report } from './bench-util.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const RESIDENTS = Number(arg('residents', '20000'));
const EXTRA = Number(arg('extra-committees', '0'));
const ROUNDS = Number(arg('rounds', '200'));
/** skip the city's notices and the p95 figures (publishing and texts only) */
const PUBLISH_ONLY = arg('publish-only', 'no') !== 'no';
const STREET = '310101002000';
const DISTRICT = '310101000000';

// 1,000 requests in flight over at most 256 sockets: a listen backlog (511) is not what we measure
setGlobalDispatcher(new Agent({ connections: 256 }));
const tp = await startTestPlatform(kind, { jobPollMs: 200 });
const { db, cipher } = tp.platform.deps;
const t0 = performance.now();
const committees = await db
  .selectFrom('areas')
  .select(['code', 'path'])
  .where('level', '=', 'committee')
  .where('path', 'like', `%/${STREET}/%`)
  .execute();
// a bit over the target: households round the numbers
const scale = (RESIDENTS * 1.02) / (committees.length * RESIDENTS_PER_COMMITTEE);
await generateRegistry(db, cipher, { scale, within: [STREET], seed: 19 });
const street = await db
  .selectFrom('areas')
  .select('path')
  .where('code', '=', STREET)
  .executeTakeFirstOrThrow();
await generateResidentAccounts(db, cipher, { cap: RESIDENTS, withinPaths: [street.path] });
if (EXTRA > 0) {
  const more = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'committee')
    .where('path', 'not like', `%/${STREET}/%`)
    .orderBy('code')
    .limit(EXTRA)
    .execute();
  await generateRegistry(db, cipher, { scale, within: more.map((m) => m.code), seed: 19 });
  await generateResidentAccounts(db, cipher, {});
}
const accounts = (
  await sql<{ n: number }>`select count(*)::int as n from resident_links`.execute(db)
).rows[0]!.n;
console.log(
  `data: ${accounts} verified resident accounts in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

async function sessions(ids: string[]): Promise<Client[]> {
  const tokens = ids.map(() => crypto.randomBytes(32).toString('base64url'));
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .insertInto('sessions')
      .values(
        ids.slice(i, i + 1000).map((id, j) => ({
          id: crypto
            .createHash('sha256')
            .update(tokens[i + j]!)
            .digest('hex'),
          account_id: id,
          created_at: new Date(),
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 12 * 3_600_000),
          ip: null,
          user_agent: null,
        })),
      )
      .execute();
  }
  return tokens.map((token) => {
    const c = tp.client();
    c.cookies.set('cc_session', token);
    return c;
  });
}

const streetStaff = await tp.login('nanjingdong');
const district = await tp.login('huangpu');
const lastInStreet = await db
  .selectFrom('resident_links')
  .select('account_id')
  .where('area_path', 'like', `${street.path}/%`)
  .orderBy('account_id', 'desc')
  .limit(1)
  .executeTakeFirstOrThrow();
const [lastClient] = await sessions([lastInStreet.account_id]);

// ---- baseline: one bare INSERT … SELECT of the street's recipients
await sql`create table bench_recipients (like notice_recipients including defaults)`.execute(db);
let t = performance.now();
const bare =
  await sql`insert into bench_recipients (account_id, notice_id, building_id, pinned, published_at)
  select account_id, gen_random_uuid(), building_id, false, now() from resident_links
  where status = 'verified' and (area_path like ${`${street.path}/%`})`.execute(db);
const bareMs = performance.now() - t;
const targeted = Number(bare.numAffectedRows ?? 0);

// ---- publish a street-wide notice
const publish = async (urgent: boolean) => {
  const started = performance.now();
  const r = await streetStaff.post('/api/announcements', {
    title: urgent ? '台风红色预警' : '街道通知',
    body: '请注意。',
    targets: { areaCodes: [STREET], buildingIds: [] },
    urgent,
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  const answerMs = performance.now() - started;
  await eventually(async () => {
    const f = await lastClient!.get('/api/announcements/feed?limit=1');
    return f.body.items?.[0]?.id === r.body.id;
  }, 600_000);
  const lastFeedMs = performance.now() - started;
  await eventually(async () => {
    const x = await streetStaff.get(`/api/announcements/${r.body.id}/reads`);
    return !x.body.delivering;
  }, 600_000);
  return {
    id: r.body.id as string,
    answerMs,
    lastFeedMs,
    allMs: performance.now() - started,
    started,
  };
};
const plain = await publish(false);
const reads = (await streetStaff.get(`/api/announcements/${plain.id}/reads`)).body;

// ---- urgent: texts in the outbox
await sql`create table bench_outbox (like notifications including defaults)`.execute(db);
t = performance.now();
await sql`insert into bench_outbox (id, channel, recipient_id, body, status, created_at)
  select gen_random_uuid(), 'sms', account_id, 'x', 'pending', now() from resident_links
  where status = 'verified' and area_path like ${`${street.path}/%`}`.execute(db);
const bareOutboxMs = performance.now() - t;
const urgent = await publish(true);
const withPhone = targeted;
await eventually(async () => {
  const n = await sql<{ n: number }>`select count(*)::int as n from notifications
    where channel = 'sms' and body like '%台风红色预警%'`.execute(db);
  return n.rows[0]!.n >= withPhone;
}, 600_000);
const textsMs = performance.now() - urgent.started;

// ---- 1,000 readers at once
const readerIds = (
  await db
    .selectFrom('resident_links')
    .select('account_id')
    .where('area_path', 'like', `${street.path}/%`)
    .limit(1000)
    .execute()
).map((r) => r.account_id);
const readers = await sessions(readerIds);
t = performance.now();
const answers = await Promise.all(
  readers.map((c) => c.post(`/api/announcements/${plain.id}/read`)),
);
const concurrentMs = performance.now() - t;
const after = (await streetStaff.get(`/api/announcements/${plain.id}/reads`)).body;
const exact =
  answers.every((a) => a.status === 200) && after.read === readerIds.length + reads.read;

if (PUBLISH_ONLY) {
  report(`notices, publishing (${kind})`, {
    'street notice: recipients': targeted,
    'publish answer': `${plain.answerMs.toFixed(1)} ms`,
    'all recipients written after': `${plain.allMs.toFixed(1)} ms`,
    'fan-out ÷ bare insert': (plain.allMs / bareMs).toFixed(2),
    'urgent: texts in outbox after': `${textsMs.toFixed(1)} ms`,
    'texts ÷ bare insert': (textsMs / bareOutboxMs).toFixed(2),
    '1,000 readers at once': `${concurrentMs.toFixed(1)} ms, count ${exact ? 'exact' : 'WRONG'}`,
  });
  await tp.close();
  process.exit(0);
}

// ---- the notices of a city, in bulk: per committee 8, street 10, district 20, city 10
t = performance.now();
const areasWithPeople = await sql<{ path: string; level: string }>`
  select distinct a.path, a.level from areas a
  where a.level in ('committee', 'street', 'district', 'city')
    and exists (select 1 from resident_links l where l.area_path like a.path || '/%')`.execute(db);
const per: Record<string, number> = { committee: 8, street: 10, district: 20, city: 10 };
let notices = 0;
const past = Date.now() - 30 * 86_400_000;
for (const a of areasWithPeople.rows) {
  for (let k = 0; k < per[a.level]!; k++) {
    const id = crypto.randomUUID();
    const at = new Date(past + Math.floor(Math.random() * 29 * 86_400_000));
    await sql`insert into notices (id, author_id, area_code, area_path, publisher, title, body, target_codes,
        target_paths, status, published_at, pinned, fanout)
      values (${id}, gen_random_uuid(), ${a.path.split('/').pop()!}, ${a.path}, '演示', ${`历史通知 ${k}`}, '正文',
        ${[a.path.split('/').pop()!]}, ${[a.path]}, 'published', ${at}, ${k === 0}, 'done')`.execute(
      db,
    );
    await sql`insert into notice_recipients (account_id, notice_id, building_id, pinned, published_at, read_at)
      select account_id, ${id}, building_id, ${k === 0}, ${at}, case when random() < 0.5 then now() end
      from resident_links where area_path like ${`${a.path}/%`}`.execute(db);
    notices++;
  }
}
await sql`analyze notices, notice_recipients, notice_building_counts`.execute(db);
const bulkS = (performance.now() - t) / 1000;

// ---- p95: feed, read counts of a district notice, and the baseline
const sample = (
  await sql<{
    account_id: string;
  }>`select account_id from resident_links order by random() limit ${ROUNDS}`.execute(db)
).rows.map((r) => r.account_id);
const feeders = await sessions(sample);
const timeAll = async (fn: (i: number) => Promise<{ status: number }>) => {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    const r = await fn(i);
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    ms.push(performance.now() - s);
  }
  return ms.sort((a, b) => a - b);
};
await timeAll((i) => feeders[i % feeders.length]!.get('/api/auth/me')); // warm-up
const me = await timeAll((i) => feeders[i % feeders.length]!.get('/api/auth/me'));
const feed = await timeAll((i) => feeders[i % feeders.length]!.get('/api/announcements/feed'));
const districtNotice = await district.post('/api/announcements', {
  title: '区级通知',
  body: '请注意。',
  targets: { areaCodes: [DISTRICT], buildingIds: [] },
});
await eventually(
  async () =>
    !(await district.get(`/api/announcements/${districtNotice.body.id}/reads`)).body.delivering,
  600_000,
);
const dReads = (await district.get(`/api/announcements/${districtNotice.body.id}/reads`)).body;
const readsPage = await timeAll(() =>
  district.get(`/api/announcements/${districtNotice.body.id}/reads`),
);

const ms = (v: number) => `${v.toFixed(1)} ms`;
report(`notices (${kind})`, {
  'verified resident accounts': accounts,
  'street notice: recipients': targeted,
  'publish answer': ms(plain.answerMs),
  'last recipient sees it after': ms(plain.lastFeedMs),
  'all recipients written after': ms(plain.allMs),
  'baseline: one bare INSERT … SELECT': ms(bareMs),
  'fan-out ÷ bare insert': (plain.allMs / bareMs).toFixed(2),
  'urgent: texts in outbox after': ms(textsMs),
  'baseline: bare outbox insert': ms(bareOutboxMs),
  'texts ÷ bare insert': (textsMs / bareOutboxMs).toFixed(2),
  '1,000 readers at once': `${ms(concurrentMs)}, count ${exact ? 'exact' : 'WRONG'} (${after.read})`,
  'notices in the city (bulk)': `${notices} (+${bulkS.toFixed(0)} s)`,
  'feed p50 / p95': `${ms(percentile(feed, 50))} / ${ms(percentile(feed, 95))}`,
  'district notice: recipients / buildings': `${dReads.targeted} / ${dReads.buildings.length}`,
  'read counts p50 / p95': `${ms(percentile(readsPage, 50))} / ${ms(percentile(readsPage, 95))}`,
  'baseline /api/auth/me p95': ms(percentile(me, 95)),
  'feed p95 ÷ baseline': (percentile(feed, 95) / percentile(me, 95)).toFixed(2),
});
await tp.close();
