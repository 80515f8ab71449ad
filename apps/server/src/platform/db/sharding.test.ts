import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  DATABASES,
  DEMO_COMMITTEE,
  eventually,
  reportNoiseAt,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
} from '../../testing.js';

/**
 * The schema ready for sharding by district (decision 030, issue 27): every large table carries
 * `district_code`, NOT NULL, first in one of its indexes; and the hot paths, driven through
 * HTTP as district, street and committee staff and as a resident, send every statement that
 * touches a large table with its district (an INSERT writes the column; a read, update or delete
 * tests it at the top of its WHERE), except the few listed in FAN_OUT_EXCEPTIONS with a reason.
 * A new hot query without the district makes this suite fail and names it.
 */

/** The tables a sharded database would distribute by `district_code`, co-located. */
export const LARGE_TABLES = [
  'cases',
  'case_events',
  'case_flow_hourly',
  'case_resolve_hist',
  'case_status_counts',
  'case_source_hourly',
  'residents',
  'households',
  'vote_ballots',
  'declarations',
  'notice_recipients',
] as const;

/**
 * Tables named like the large ones' domains that stay undistributed, and why. A table of those
 * domains in neither list fails the schema check.
 */
export const NOT_DISTRIBUTED: Record<string, string> = {
  case_number_seq: 'a sequence',
  case_events_id_seq: 'a sequence',
  vote_ballot_chain:
    "one row per ballot cast, read only with its vote's chain check: would be co-located with vote_ballots by the vote's district when sharding (decision 030)",
  declaration_links: "one row per compound (a QR poster's token): a reference table's size",
  notice_building_counts:
    "one row per notice × building, read with the notice (its own area's district or the city's): distributed by the notice's district when sharding (decision 030)",
};

/** A statement of a hot path that reads every district's rows, and why that is right. */
export interface FanOutException {
  /** the large tables it reads without a district */
  tables: readonly (typeof LARGE_TABLES)[number][];
  /** matches the statement's text (lower case, identifiers unquoted) */
  match: RegExp;
  reason: string;
}

export const FAN_OUT_EXCEPTIONS: readonly FanOutException[] = [
  {
    tables: ['cases'],
    match:
      /^select cases\.\*, areas\.name as area_name from cases inner join areas .* where cases\.id in/,
    reason:
      'a case by its id (GET /api/cases/:id, and the detail every action answers with): the URL carries no district; one index probe per shard, or a lookup table id → district in Citus',
  },
  {
    tables: ['cases'],
    match: /^select \* from cases where id = \$1 for update/,
    reason:
      'the case locked by id before an action (POST /api/cases/:id/actions): as above; the update that follows carries the district read here',
  },
  {
    tables: ['residents', 'households'],
    match: /where r\.document_hmac in \(/,
    reason:
      "a person by ID number (POST /api/registry/residents/lookup): the prepared lookup's only condition is the unique index on the document (one plan), and the caller keeps those of its area; a document is unique in the city, so on Citus a lookup table document → district, or one probe per shard",
  },
];

/** A parenthesised group of a statement's text, its own groups replaced by §N§. */
interface Group {
  own: string;
  children: Group[];
}

function parse(text: string): Group {
  const stack: Group[] = [{ own: '', children: [] }];
  let quoted = false;
  for (const ch of text) {
    const top = stack[stack.length - 1]!;
    if (quoted) {
      top.own += ch;
      if (ch === "'") quoted = false;
    } else if (ch === "'") {
      top.own += ch;
      quoted = true;
    } else if (ch === '(') {
      stack.push({ own: '', children: [] });
    } else if (ch === ')' && stack.length > 1) {
      const done = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.own += `§${parent.children.length}§`;
      parent.children.push(done);
    } else top.own += ch;
  }
  return stack[0]!;
}

const STATEMENT = /^\s*(select|insert|update|delete|with)\b/;
const DISTRICT_TEST = /^(\w+\.)?district_code\s*(=|in\b)/;
const CLAUSE_END =
  /\b(group by|order by|limit|returning|on conflict|for update|for share|having|offset)\b/;

/** Does this (own-level) condition have `district_code = …` / `in (…)` as one of its ANDed terms? */
function hasDistrictTerm(g: Group, condition: string): boolean {
  if (/\bor\b/.test(condition)) return false;
  return condition.split(/\band\b/).some((term) => {
    const t = term.trim();
    if (DISTRICT_TEST.test(t)) return true;
    const only = /^§(\d+)§$/.exec(t);
    if (!only) return false;
    const child = g.children[Number(only[1])]!;
    return !STATEMENT.test(child.own) && hasDistrictTerm(child, child.own);
  });
}

/** The large tables a statement (and each statement inside it) touches without its district. */
export function fansOut(text: string): string[] {
  const large = new Set<string>(LARGE_TABLES);
  const out: string[] = [];
  const visit = (g: Group) => {
    const own = g.own.trim();
    if (STATEMENT.test(own)) {
      const insert = /^insert into (\w+)/.exec(own);
      if (insert) {
        const columns = g.children[0]?.own ?? '';
        if (large.has(insert[1]!) && !/\bdistrict_code\b/.test(columns)) out.push(insert[1]!);
      } else {
        const touched = [...own.matchAll(/\b(?:from|join|update)\s+(\w+)/g)]
          .map((m) => m[1]!)
          .filter((t) => large.has(t));
        if (touched.length > 0) {
          const where = / where (.*)$/s.exec(own)?.[1] ?? '';
          const end = CLAUSE_END.exec(where);
          const condition = end ? where.slice(0, end.index) : where;
          if (!hasDistrictTerm(g, condition)) out.push(...touched);
        }
      }
    }
    g.children.forEach(visit);
  };
  visit(parse(text.toLowerCase().replaceAll('"', '').replace(/\s+/g, ' ')));
  return [...new Set(out)];
}

const normal = (text: string) => text.toLowerCase().replaceAll('"', '').replace(/\s+/g, ' ').trim();

describe('the analysis of a statement', () => {
  it('when a read tests the district at its top, then it is routed; under an OR, it fans out', () => {
    assert.deepEqual(fansOut('select * from "cases" where "district_code" = $1 and id = $2'), []);
    assert.deepEqual(
      fansOut('select * from cases where (cases.district_code in ($1, $2) and (a or b))'),
      [],
    );
    assert.deepEqual(fansOut('select * from cases where district_code = $1 or id = $2'), ['cases']);
    assert.deepEqual(fansOut('select * from residents r where r.committee_code = $1'), [
      'residents',
    ]);
    assert.deepEqual(
      fansOut(
        'with w0 as (update cases set a = 1 where id = $1), w1 as (insert into case_events (case_id) select 1) select 1',
      ),
      ['cases', 'case_events'],
    );
    assert.deepEqual(
      fansOut('insert into case_events (case_id, district_code) select * from x'),
      [],
    );
    assert.deepEqual(
      fansOut('select * from votes v, (select 1 from vote_ballots b where b.vote_id = $1) t'),
      ['vote_ballots'],
    );
  });
});

for (const kind of DATABASES) {
  describe(`the schema ready for sharding by district (${kind})`, () => {
    let tp: TestPlatform;
    let recording = false;
    const statements: string[] = [];

    before(async () => {
      tp = await startTestPlatform(
        kind,
        { loginsPerMinutePerIp: 1000 },
        { onQuery: (text) => recording && statements.push(text) },
      );
    });
    after(() => tp.close());

    it('when the database is migrated, then every large table has district_code NOT NULL, first in an index, and no table of their domains is forgotten', async () => {
      const db = tp.platform.database.db;
      const { rows: columns } = await sql<{ table_name: string; is_nullable: string }>`
        select table_name, is_nullable from information_schema.columns
        where table_schema = 'public' and column_name = 'district_code'`.execute(db);
      const { rows: leading } = await sql<{ table_name: string; index_name: string }>`
        select t.relname as table_name, i.relname as index_name
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where a.attname = 'district_code'`.execute(db);
      for (const table of LARGE_TABLES) {
        const c = columns.find((r) => r.table_name === table);
        assert.ok(c, `${table} has district_code`);
        assert.equal(c.is_nullable, 'NO', `${table}.district_code is NOT NULL`);
        assert.ok(
          leading.some((r) => r.table_name === table),
          `${table} has an index led by district_code`,
        );
      }
      const { rows: tables } = await sql<{ name: string }>`
        select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'S')
          and (relname like 'case\\_%' or relname = 'cases' or relname like 'resident%'
            or relname like 'household%' or relname like 'vote\\_ballot%'
            or relname like 'declaration%' or relname like 'notice\\_%')`.execute(db);
      const forgotten = tables
        .map((t) => t.name)
        .filter(
          (t) =>
            !(LARGE_TABLES as readonly string[]).includes(t) &&
            !(t in NOT_DISTRIBUTED) &&
            // the residents module's own small tables: links and requests, one per account
            !['resident_links', 'resident_requests', 'notice_sms_batches'].includes(t),
        );
      assert.deepEqual(forgotten, [], 'tables of the large domains in neither list');
    });

    it('when staff and a resident use the hot paths, then every statement on a large table carries its district, but the justified exceptions', async () => {
      const huangpu = await tp.login('huangpu'); // district operator
      const nanjingdong = await tp.login('nanjingdong'); // street operator
      const yunnan = await tp.login('yunnan'); // committee staff
      const inspector = await tp.login('inspector');
      const home = await verifiedResident(tp, { committee: DEMO_COMMITTEE });
      const resident: Client = home.client;

      recording = true;
      const ok = async (r: Promise<{ status: number; body: unknown }>, what: string) => {
        const a = await r;
        assert.ok(a.status < 300, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
        return a.body as any;
      };
      // cases: filed by an inspector and by a resident, listed, read, acted on
      const filed = await reportNoiseAt(
        tp.baseUrl,
        inspector.cookieHeader(),
        DEMO_COMMITTEE,
        '夜间施工噪音',
      );
      assert.equal(filed.status, 201);
      const c = (await filed.json()) as { id: string };
      const mine = await reportNoiseAt(tp.baseUrl, resident.cookieHeader(), DEMO_COMMITTEE, '噪音');
      assert.equal(mine.status, 201);
      for (const who of [huangpu, nanjingdong, yunnan])
        await ok(who.get('/api/cases?pageSize=20'), 'case list');
      await ok(nanjingdong.get(`/api/cases?areaCode=${DEMO_COMMITTEE}`), 'case list of an area');
      await ok(nanjingdong.get(`/api/cases/${c.id}`), 'case detail');
      await ok(
        inspector.post(`/api/cases/${c.id}/actions`, { action: 'supplement', note: '补充说明' }),
        'case action',
      );
      // dashboards and boards of the district, the street and the committee
      for (const [who, code] of [
        [huangpu, '310101000000'],
        [nanjingdong, '310101002000'],
        [yunnan, DEMO_COMMITTEE],
      ] as const) {
        await ok(who.get(`/api/dashboards/${code}`), 'dashboard');
        await ok(who.get(`/api/dashboards/${code}/compare?indicator=cases.reported`), 'compare');
        await ok(who.get(`/api/dashboards/${code}/points`), 'map points');
        await ok(who.get(`/api/dashboards/${code}/events`), 'live panel');
      }
      // the registry: the committee's people, its one screen
      await ok(yunnan.get(`/api/registry/residents?area=${DEMO_COMMITTEE}`), 'residents');
      await ok(yunnan.get(`/api/registry/screen/${DEMO_COMMITTEE}`), 'one screen');
      await ok(
        yunnan.post('/api/registry/residents/lookup', {
          area: DEMO_COMMITTEE,
          document: '110101199003074514',
          reason: '窗口核对身份',
        }),
        'lookup by ID number',
      );
      // declarations: the committee's list
      await ok(yunnan.get(`/api/declarations?committee=${DEMO_COMMITTEE}`), 'declarations');
      // notices: the resident's feed, one notice read
      const notice = await ok(
        yunnan.post('/api/announcements', {
          title: '停水通知',
          body: '明日停水。',
          targets: { areaCodes: [DEMO_COMMITTEE], buildingIds: [] },
        }),
        'notice',
      );
      // the fan-out is a job: the feed shows the notice once it has run
      await eventually(async () => {
        const feed = await ok(resident.get('/api/announcements/feed'), 'feed');
        return feed.items.some((i: { id: string }) => i.id === notice.id);
      }, 20_000);
      await ok(resident.post(`/api/announcements/${notice.id}/read`), 'read');
      recording = false;

      const exceptionsHit = new Set<FanOutException>();
      const unexplained: string[] = [];
      for (const text of statements) {
        const tables = fansOut(text);
        for (const table of tables) {
          const e = FAN_OUT_EXCEPTIONS.find(
            (x) => x.tables.includes(table as never) && x.match.test(normal(text)),
          );
          if (e) exceptionsHit.add(e);
          else unexplained.push(`${table}: ${normal(text).slice(0, 400)}`);
        }
      }
      console.log(
        `statements on large tables recorded: ${statements.filter((s) => LARGE_TABLES.some((t) => normal(s).includes(t))).length}\n` +
          'fan-out exceptions (every district read):\n' +
          FAN_OUT_EXCEPTIONS.map((e) => `  - ${e.tables.join(', ')}: ${e.reason}`).join('\n'),
      );
      assert.deepEqual([...new Set(unexplained)], [], 'statements without their district');
      assert.deepEqual(
        FAN_OUT_EXCEPTIONS.filter((e) => !exceptionsHit.has(e)).map((e) => e.reason),
        [],
        'exceptions no hot path needs any more',
      );
    });
  });
}
