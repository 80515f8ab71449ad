/**
 * Arrival declarations (社区通, issue 22) through HTTP at 50 concurrent clients, per second:
 *  - 50 verified residents each declaring guests in their own room (`POST /api/my/declarations`:
 *    checked, sealed — name, phone and document encrypted with keyed hashes —, matched against
 *    the key regions, duplicates looked up, fed to the epidemic board, announced live);
 *  - the baseline in the same run, same process and database: the case intake
 *    (`POST /api/cases` by the inspector, dispatched by a city-wide rule that texts the handler,
 *    as bench/intake.bench.ts) at the same concurrency → declarations per case.
 *   node --import tsx bench/declarations.bench.ts [--db pglite|postgres] [--seconds 10]
 * The server runs in this process (the residents are made in its database), so the 50 clients
 * share its CPU: both figures carry that, the ratio less so.
 */
import fs from 'node:fs';
import { Agent, setGlobalDispatcher } from 'undici';
import { SHANGHAI_AREAS, type AreaFile } from '../apps/server/src/modules/areas/index.js';
import {
  accountId,
  DEMO_COMMITTEE,
  startTestPlatform,
  verifiedResident,
  type VerifiedResident,
} from '../apps/server/src/testing.js';
import { shanghaiDate } from '../apps/server/src/platform/shanghai-time.js';
import { arg, report, signedInClients, withCpu } from './bench-util.js';
import { closedLoop } from './open-loop.js';

const kind = arg('db', process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite') as
  'pglite' | 'postgres';
const seconds = Number(arg('seconds', '10'));
const CONNECTIONS = 50;

setGlobalDispatcher(new Agent({ connections: 256 }));
const tp = await startTestPlatform(kind, {
  loginsPerMinutePerIp: 100_000,
  declarationsPerHour: 100_000_000,
  caseReportsPerMinute: 100_000_000,
});

// the residents: one room each, signed in in bulk
const residents: VerifiedResident[] = [];
for (let i = 0; i < CONNECTIONS; i++)
  residents.push(await verifiedResident(tp, { committee: DEMO_COMMITTEE }));
const declarers = await signedInClients(
  tp,
  residents.map((r) => r.accountId),
);

// the case intake as intake.bench.ts: a city-wide rule dispatches each report and texts
const admin = await tp.login('admin');
const city = await tp.login('city');
const handler = await accountId(tp, 'handler');
const role = await admin.post(`/api/accounts/${handler}/roles`, {
  role: 'handler',
  areaCode: '310000000000',
});
if (role.status >= 300) throw new Error(`role: ${JSON.stringify(role.body)}`);
const rule = await city.post('/api/dispatch/rules', {
  scenarioCode: 'noise-nuisance',
  areaCode: '310000000000',
  unitName: '城管执法',
  assigneeId: handler,
});
if (rule.status !== 201) throw new Error(`rule: ${JSON.stringify(rule.body)}`);
const inspector = await accountId(tp, 'inspector');
const reporters = await signedInClients(tp, Array<string>(CONNECTIONS).fill(inspector));
const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const centres = file.areas.filter((a) => a.level === 'committee').map((a) => a.centre);

let n = 0;
const today = shanghaiDate();
const origins = ['320102', '330106', '420102', '440305', '110105', '51', 'US', 'JP'];
const declare = async (w: number) => {
  const i = n++;
  const r = await declarers[w]!.post('/api/my/declarations', {
    phone: `13${String(100_000_000 + i).slice(-9)}`,
    name: '王来沪',
    document: { kind: 'passport', number: `E${String(10_000_000 + i)}` },
    originCode: origins[i % origins.length],
    arrivalDate: today,
    arrivalMeans: 'train',
    roomId: residents[w]!.roomId,
    purpose: 'family',
    stayDays: 7,
    health: { temperature: 36.6, symptoms: [] },
  });
  return r.status === 201;
};
const intake = async (w: number) => {
  const [lng, lat] = centres[(n++ * 7919) % centres.length]!;
  const r = await reporters[w]!.post('/api/cases', {
    scenarioCode: 'noise-nuisance',
    description: '申报基准 夜间施工噪声扰民',
    attributes: { source: 'renovation' },
    lat,
    lng,
  });
  return r.status === 201;
};

// warm both up, then measure each, then the declarations again (the later a phase, the more rows)
await closedLoop({ connections: CONNECTIONS, seconds: 2, task: declare });
await closedLoop({ connections: CONNECTIONS, seconds: 2, task: intake });
const decl = await withCpu(null, () =>
  closedLoop({ connections: CONNECTIONS, seconds, task: declare }),
);
const cases = await withCpu(null, () =>
  closedLoop({ connections: CONNECTIONS, seconds, task: intake }),
);
const again = await closedLoop({ connections: CONNECTIONS, seconds, task: declare });

const cpu = (c: string) => {
  const [, postgres, own] = c.split(' / ');
  return `${own} / ${postgres}`;
};
report(`declarations (${kind})`, {
  connections: CONNECTIONS,
  seconds,
  'declarations/s (p50 / p99 ms)': `${decl.perSecond} (${decl.p50} / ${decl.p99})`,
  'declarations failed': decl.failed,
  'declarations/s again, after the cases (p50 / p99 ms)': `${again.perSecond} (${again.p50} / ${again.p99})`,
  'case intake/s, same run (p50 / p99 ms)': `${cases.perSecond} (${cases.p50} / ${cases.p99})`,
  'cases failed': cases.failed,
  'declarations per case (rate ratio)': (decl.perSecond / Math.max(1, cases.perSecond)).toFixed(2),
  // this process (server and clients) / PostgreSQL's processes; PGlite runs in this process
  'CPU ms per declaration: process / PostgreSQL': cpu(decl.cpu),
  'CPU ms per case: process / PostgreSQL': cpu(cases.cpu),
});
await tp.close();
