import { OPEN_STATUSES } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Statement } from '../../platform/db/execute-together.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';
import { districtOf } from '../../platform/district.js';
import type { CaseRow, EventInput } from './cases.repo.js';

/**
 * Rollups of the cases for the dashboards (migration 0005): flows per area × hour ×
 * scenario, a histogram of time to resolve per area × hour, the stock of cases per
 * status, and cases reported per area × hour × source (migration 0044). Every level of a case's
 * area chain gets its own rows, so a dashboard reads the rows of one area, never the cases.
 * Kept in the transaction that writes the timeline step. Each row carries its area's district
 * (the city's rows the city's code: migration 0048, decision 030), first in every key.
 */

/** Flow counters, and the timeline action each one counts. */
const ACTION_COUNTER = {
  report: 'reported',
  dispatch: 'dispatched',
  accept: 'accepted',
  resolve: 'resolved',
  close: 'closed',
  reject: 'rejected',
  merge: 'merged',
  return: 'returned',
  reopen: 'reopened',
  escalate: 'escalated',
  rate: 'rated',
} as const;
export const FLOW_COUNTERS = [
  ...Object.values(ACTION_COUNTER),
  'resolved_on_time',
  'resolve_seconds',
  'rating_sum',
] as const;
export type FlowCounter = (typeof FLOW_COUNTERS)[number];

/** Bucket b (1…) holds resolutions that took at least RESOLVE_BUCKET_MINUTES[b-1] minutes. */
export const RESOLVE_BUCKET_MINUTES = [
  1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, 20160, 43200,
];
export function resolveBucket(seconds: number): number {
  return RESOLVE_BUCKET_MINUTES.filter((m) => seconds >= m * 60).length;
}

export type RollupFacts = Pick<CaseRow, 'scenario_code' | 'area_path' | 'created_at' | 'source'>;

const HOUR_MS = 3_600_000;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

type Flow = {
  district_code: string;
  area_code: string;
  hour: Date;
  scenario_code: string;
} & Record<FlowCounter, number>;

/** The changes a set of timeline steps makes to the rollups, summed per row. */
export class RollupDeltas {
  private readonly flows = new Map<string, Flow>();
  private readonly hist = new Map<
    string,
    { district_code: string; area_code: string; hour: Date; bucket: number; n: number }
  >();
  private readonly stock = new Map<
    string,
    { district_code: string; area_code: string; scenario_code: string; status: string; n: number }
  >();
  private readonly sources = new Map<
    string,
    { district_code: string; area_code: string; hour: Date; source: string; reported: number }
  >();

  add(c: RollupFacts, e: EventInput): void {
    const counter = ACTION_COUNTER[e.action as keyof typeof ACTION_COUNTER];
    const codes = c.area_path.split('/');
    const hour = hourOf(e.at);
    // every level below the city lies in the case's district; the city's level is its own
    const caseDistrict = districtOf(c.area_path);
    codes.forEach((area, level) => {
      const district = level === 0 ? area : caseDistrict;
      if (counter) {
        const key = `${area}|${hour.getTime()}|${c.scenario_code}`;
        let f = this.flows.get(key);
        if (!f) {
          f = {
            district_code: district,
            area_code: area,
            hour,
            scenario_code: c.scenario_code,
            ...(Object.fromEntries(FLOW_COUNTERS.map((k) => [k, 0])) as Record<
              FlowCounter,
              number
            >),
          };
          this.flows.set(key, f);
        }
        f[counter]++;
        if (e.action === 'report') {
          const sk = `${area}|${hour.getTime()}|${c.source}`;
          const src = this.sources.get(sk) ?? {
            district_code: district,
            area_code: area,
            hour,
            source: c.source,
            reported: 0,
          };
          src.reported++;
          this.sources.set(sk, src);
        }
        if (e.action === 'resolve') {
          const seconds = Math.floor((e.at.getTime() - c.created_at.getTime()) / 1000);
          f.resolve_seconds += seconds;
          if (e.detail?.onTime === true) f.resolved_on_time++;
          const bucket = resolveBucket(seconds);
          const hk = `${area}|${hour.getTime()}|${bucket}`;
          const h = this.hist.get(hk) ?? {
            district_code: district,
            area_code: area,
            hour,
            bucket,
            n: 0,
          };
          h.n++;
          this.hist.set(hk, h);
        }
        if (e.action === 'rate') f.rating_sum += Number(e.detail?.rating ?? 0);
      }
      if (e.toStatus !== null) {
        this.count(district, area, c.scenario_code, e.toStatus, 1);
        if (e.fromStatus !== null) this.count(district, area, c.scenario_code, e.fromStatus, -1);
      }
    });
  }

  private count(district: string, area: string, scenario: string, status: string, n: number) {
    const key = `${area}|${scenario}|${status}`;
    const s = this.stock.get(key) ?? {
      district_code: district,
      area_code: area,
      scenario_code: scenario,
      status,
      n: 0,
    };
    s.n += n;
    this.stock.set(key, s);
  }

  /**
   * Upserts that add the deltas, one statement per table. Rows go in key order, so two
   * transactions lock shared rows (the city's) in the same order and never deadlock.
   */
  writes(): Statement[] {
    const sorted = <T>(m: Map<string, T>) =>
      [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    const add = (table: string, keys: string, counters: readonly string[]) =>
      sql.raw(
        `on conflict (${keys}) do update set ${counters
          .map((k) => `${k} = ${table}.${k} + excluded.${k}`)
          .join(', ')}`,
      );
    return [
      insertRows(
        'case_flow_hourly',
        sorted(this.flows),
        add('case_flow_hourly', 'district_code, area_code, hour, scenario_code', FLOW_COUNTERS),
      ),
      insertRows(
        'case_resolve_hist',
        sorted(this.hist),
        add('case_resolve_hist', 'district_code, area_code, hour, bucket', ['n']),
      ),
      insertRows(
        'case_status_counts',
        sorted(this.stock).filter((s) => s.n !== 0),
        add('case_status_counts', 'district_code, area_code, scenario_code, status', ['n']),
      ),
      insertRows(
        'case_source_hourly',
        sorted(this.sources),
        add('case_source_hourly', 'district_code, area_code, hour, source', ['reported']),
      ),
    ].filter((w) => w !== null);
  }
}

// ---- from scratch: the same rollups computed from the timeline (rebuild, and the tests) ----

// every level of the case's area chain; the city's level (the first) is its own district
const chain = sql`cross join unnest(string_to_array(c.area_path, '/')) with ordinality as a(code, level)`;
const chainDistrict = sql`case when a.level = 1 then a.code else c.district_code end`;

export function flowsFromScratch() {
  const count = (action: string) => sql`count(*) filter (where e.action = ${action})::int`;
  return sql<Flow>`
    select ${chainDistrict} as district_code, a.code as area_code, date_trunc('hour', e.at, 'UTC') as hour, c.scenario_code,
      ${sql.join(
        Object.entries(ACTION_COUNTER).map(
          ([action, col]) => sql`${count(action)} as ${sql.ref(col)}`,
        ),
      )},
      count(*) filter (where e.action = 'resolve' and (e.detail->>'onTime')::boolean)::int as resolved_on_time,
      coalesce(sum(floor(extract(epoch from e.at - c.created_at))) filter (where e.action = 'resolve'), 0)::bigint as resolve_seconds,
      coalesce(sum((e.detail->>'rating')::int) filter (where e.action = 'rate'), 0)::int as rating_sum
    from case_events e join cases c on c.id = e.case_id ${chain}
    where e.action in (${sql.join(Object.keys(ACTION_COUNTER))})
    group by 1, 2, 3, 4`;
}

export function histFromScratch() {
  return sql<{ district_code: string; area_code: string; hour: Date; bucket: number; n: number }>`
    select ${chainDistrict} as district_code, a.code as area_code, date_trunc('hour', e.at, 'UTC') as hour,
      width_bucket(floor(extract(epoch from e.at - c.created_at)),
                   ${sql.raw(`array[${RESOLVE_BUCKET_MINUTES.map((m) => m * 60).join(',')}]::numeric[]`)})::smallint as bucket,
      count(*)::int as n
    from case_events e join cases c on c.id = e.case_id ${chain}
    where e.action = 'resolve'
    group by 1, 2, 3, 4`;
}

export function stockFromScratch() {
  return sql<{
    district_code: string;
    area_code: string;
    scenario_code: string;
    status: string;
    n: number;
  }>`
    select ${chainDistrict} as district_code, a.code as area_code, c.scenario_code, d.status, sum(d.n)::int as n
    from (
      select case_id, to_status as status, 1 as n from case_events where to_status is not null
      union all
      select case_id, from_status, -1 from case_events where to_status is not null and from_status is not null
    ) d join cases c on c.id = d.case_id ${chain}
    group by 1, 2, 3, 4
    having sum(d.n) <> 0`;
}

export function sourcesFromScratch() {
  return sql<{
    district_code: string;
    area_code: string;
    hour: Date;
    source: string;
    reported: number;
  }>`
    select ${chainDistrict} as district_code, a.code as area_code, date_trunc('hour', e.at, 'UTC') as hour, c.source,
      count(*)::int as reported
    from case_events e join cases c on c.id = e.case_id ${chain}
    where e.action = 'report'
    group by 1, 2, 3, 4`;
}

/** Recompute every rollup from the timeline (after a restore, or for data from before 0005). */
export async function rebuildRollups(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`truncate case_flow_hourly, case_resolve_hist, case_status_counts, case_source_hourly`.execute(
      trx,
    );
    for (const [table, columns, query] of [
      [
        'case_flow_hourly',
        ['district_code', 'area_code', 'hour', 'scenario_code', ...FLOW_COUNTERS],
        flowsFromScratch(),
      ],
      [
        'case_resolve_hist',
        ['district_code', 'area_code', 'hour', 'bucket', 'n'],
        histFromScratch(),
      ],
      [
        'case_status_counts',
        ['district_code', 'area_code', 'scenario_code', 'status', 'n'],
        stockFromScratch(),
      ],
      [
        'case_source_hourly',
        ['district_code', 'area_code', 'hour', 'source', 'reported'],
        sourcesFromScratch(),
      ],
    ] as const) {
      const cols = sql.join(columns.map((c) => sql.ref(c)));
      await sql`insert into ${sql.table(table)} (${cols}) select ${cols} from (${query}) as q`.execute(
        trx,
      );
    }
  });
}

/** How many cases of an area (and below) are still open: one row per status, from the rollups. */
export async function countOpenCases(
  db: Kysely<DB>,
  area: { code: string; path: string },
): Promise<number> {
  const row = await db
    .selectFrom('case_status_counts')
    .select(sql<number>`coalesce(sum(n), 0)::int`.as('n'))
    .where('district_code', '=', districtOf(area.path))
    .where('area_code', '=', area.code)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** True when there are timeline steps but no rollups yet (a database from before 0005). */
export async function rollupsMissing(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ missing: boolean }>`
    select exists (select 1 from case_events) and not exists (select 1 from case_status_counts)
      as missing`.execute(db);
  return rows[0]!.missing;
}

/** The rollups' keys begin with these (the district, then the area). */
const DISTRICT_AREA = ['district_code', 'area_code'];

/**
 * Compare the rollups kept step by step with a recomputation from the timeline; lists the
 * rows that differ (none when they agree). Rows of zero count as absent.
 */
export async function verifyRollups(db: Kysely<DB>): Promise<string[]> {
  const keyed = (rows: Record<string, unknown>[], keys: string[]) =>
    new Map(
      rows
        .map((r) => {
          const norm = Object.fromEntries(
            Object.entries(r)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]),
          );
          return [keys.map((k) => norm[k]).join('|'), norm] as const;
        })
        .filter(([, r]) => Object.entries(r).some(([k, v]) => !keys.includes(k) && v !== '0')),
    );
  const differences: string[] = [];
  const compare = async (
    table: 'case_flow_hourly' | 'case_resolve_hist' | 'case_status_counts' | 'case_source_hourly',
    keys: string[],
    scratch: ReturnType<
      | typeof flowsFromScratch
      | typeof histFromScratch
      | typeof stockFromScratch
      | typeof sourcesFromScratch
    >,
  ) => {
    const kept = keyed(await db.selectFrom(table).selectAll().execute(), keys);
    const fresh = keyed((await scratch.execute(db)).rows as Record<string, unknown>[], keys);
    for (const key of new Set([...kept.keys(), ...fresh.keys()])) {
      const a = JSON.stringify(kept.get(key) ?? null);
      const b = JSON.stringify(fresh.get(key) ?? null);
      if (a !== b) differences.push(`${table} ${key}: kept ${a}, recomputed ${b}`);
    }
  };
  await compare(
    'case_flow_hourly',
    [...DISTRICT_AREA, 'hour', 'scenario_code'],
    flowsFromScratch(),
  );
  await compare('case_resolve_hist', [...DISTRICT_AREA, 'hour', 'bucket'], histFromScratch());
  await compare(
    'case_status_counts',
    [...DISTRICT_AREA, 'scenario_code', 'status'],
    stockFromScratch(),
  );
  await compare('case_source_hourly', [...DISTRICT_AREA, 'hour', 'source'], sourcesFromScratch());
  return differences;
}
