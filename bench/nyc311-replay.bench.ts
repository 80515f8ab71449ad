/**
 * Replay a real civic workload: the NYC Open Data 311 samples (bench/data/nyc311), mapped onto
 * our scenarios and onto Shanghai's coordinates, POSTed in arrival order through our Open311
 * endpoint by the demo city's Open311 client; then the state counts of what was filed.
 * Baseline in the same run: GET /open311/v2/services.json at the same concurrency.
 *   node --import tsx bench/nyc311-replay.bench.ts [--db pglite|postgres] [--concurrency 8]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { arg, report } from './bench-util.js';
import { COMPLAINT_TO_SCENARIO, nycToShanghai } from './nyc311-mapping.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const concurrency = Number(arg('concurrency', '8'));
const demo = readDemoFile();

/** A CSV parser for quoted fields (the samples quote their Location column). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body
    .filter((r) => r.length === header!.length)
    .map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const dir = path.join(import.meta.dirname, 'data/nyc311');
// the two samples overlap: one request per Unique Key, in order of arrival
const rows = [
  ...new Map(
    ['311_nyc_sample.csv', '311_subset.micro.csv']
      .flatMap((f) => parseCsv(fs.readFileSync(path.join(dir, f), 'utf8')))
      .map((r) => [r['Unique Key']!, r]),
  ).values(),
].sort((a, b) => Date.parse(a['Created Date']!) - Date.parse(b['Created Date']!));

const skipped = { unmapped: 0, noLocation: 0 };
const forms: { body: string; key: string }[] = [];
for (const r of rows) {
  const m = COMPLAINT_TO_SCENARIO[r['Complaint Type']!];
  if (!m) {
    skipped.unmapped++;
    continue;
  }
  if (!r.Latitude || !r.Longitude) {
    skipped.noLocation++;
    continue;
  }
  const { lat, lng } = nycToShanghai(Number(r.Latitude), Number(r.Longitude));
  const form = new URLSearchParams({
    api_key: demo.open311.apiKey,
    service_code: m.code,
    lat: lat.toFixed(6),
    long: lng.toFixed(6),
    description:
      `${r['Complaint Type']}: ${r.Descriptor ?? ''} (NYC 311 #${r['Unique Key']})`.slice(0, 4000),
  });
  for (const [k, v] of Object.entries(m.attributes ?? {})) {
    for (const item of Array.isArray(v) ? v : [v])
      form.append(Array.isArray(v) ? `attribute[${k}][]` : `attribute[${k}]`, item);
  }
  forms.push({ body: form.toString(), key: `nyc-${r['Unique Key']}` });
}

const pgDb = kind === 'postgres' ? await freshPostgres() : null;
const server = await startServerProcess({ dataDir: tempDataDir(), databaseUrl: pgDb?.url });
const agent = new Agent({ connections: concurrency });
const statuses = new Map<number, number>();
async function replay(items: typeof forms): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const res = await request(`${server.baseUrl}/open311/v2/requests.json`, {
          dispatcher: agent,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'idempotency-key': item.key,
          },
          body: item.body,
        });
        await res.body.dump();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}
// baseline: the same number of cheap Open311 reads
const baseStart = performance.now();
let b = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (b++ < forms.length) {
      const res = await request(`${server.baseUrl}/open311/v2/services.json`, {
        dispatcher: agent,
      });
      await res.body.dump();
    }
  }),
);
const baseSeconds = (performance.now() - baseStart) / 1000;
const seconds = await replay(forms);
const city = await signIn(server.baseUrl, 'city', demo.password);
const filed = async () => {
  const res = await request(`${server.baseUrl}/api/cases?source=open311&pageSize=1`, {
    dispatcher: agent,
    headers: { cookie: city },
  });
  return ((await res.body.json()) as { total: number }).total;
};
const total = await filed();
// a second pass with the same keys: every one must come back as the first, none filed twice
const before = statuses.get(200) ?? 0;
await replay(forms.slice(0, 200));
const repeated = (statuses.get(200) ?? 0) - before;
const afterRepost = await filed();

const counts: Record<string, number> = {};
for (const status of ['reported', 'dispatched', 'accepted', 'escalated', 'closed']) {
  const res = await request(
    `${server.baseUrl}/api/cases?source=open311&status=${status}&pageSize=1`,
    {
      dispatcher: agent,
      headers: { cookie: city },
    },
  );
  counts[status] = ((await res.body.json()) as { total: number }).total;
}
await agent.close();
await server.stop();
await pgDb?.drop();

report(`nyc311-replay (${kind})`, {
  'NYC rows': rows.length,
  'skipped: no counterpart / no coordinates': `${skipped.unmapped} / ${skipped.noLocation}`,
  'requests POSTed': forms.length,
  concurrency,
  'replay requests/s': Math.round(forms.length / seconds),
  'baseline GET services.json requests/s': Math.round(forms.length / baseSeconds),
  'HTTP statuses': JSON.stringify(Object.fromEntries(statuses)),
  'cases filed (source open311)': total,
  'reposts of 200 with the same keys': `${repeated} answered 200; cases ${total} → ${afterRepost}`,
  'states afterwards': JSON.stringify(counts),
});
