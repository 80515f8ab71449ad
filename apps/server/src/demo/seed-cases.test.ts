import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CaseSummary } from '@cc/contracts';
import { findScenario, validateAttributes } from '../modules/cases/index.js';
import {
  DATABASES,
  DEMO,
  DEMO_COMMITTEE,
  generateRegistry,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../testing.js';
import { caseText, SCENARIOS_WITH_TEXT } from './case-texts.js';
import { prng } from './prng.js';
import { publishedDemoAccounts } from './published-accounts.js';
import { readDemoUnits, seedDemoCases, settleDemoNotices } from './seed-cases.js';
import { seedDemoResidents } from './seed-residents.js';

const TERMINAL = new Set(['closed', 'merged', 'rejected']);
const units = readDemoUnits();
const scenariosOf = (username: string) =>
  new Set(units.units.filter((u) => u.username === username).flatMap((u) => u.scenarios));

describe('demo data: the words of the live cases (case-texts.ts) and the units (demo/units.json)', () => {
  it('when each scenario with words is written many times at many places, then the text is filled in and its fields pass the taxonomy', () => {
    const rand = prng(7);
    const sites = [
      { streetCode: '310101002000', compoundName: '云南中路花园', committeeName: '云南中路居委会' },
      { streetCode: '310101002000', compoundName: null, committeeName: '贵州路居委会' },
      { streetCode: '310101018000', compoundName: null, committeeName: '豫园居委会' },
    ];
    const seen = new Set<string>();
    for (const code of SCENARIOS_WITH_TEXT) {
      const scenario = findScenario(code);
      assert.ok(scenario, `${code} is a scenario of the taxonomy`);
      for (let i = 0; i < 30; i++) {
        const site = sites[i % sites.length]!;
        const t = caseText(code, scenario.name, site, rand, i % 2 === 0);
        assert.doesNotMatch(t.description, /[{}]|演示|undefined/, t.description);
        assert.ok(t.description.length >= 8, t.description);
        assert.ok(t.address.length >= 3, t.address);
        // the required fields are filled, and valid
        validateAttributes(scenario, t.attributes);
        seen.add(t.description);
      }
    }
    assert.ok(seen.size > SCENARIOS_WITH_TEXT.length * 5, `${seen.size} different texts`);
  });

  it('when a street of another district is named, then the words name the committee, not the demo street’s roads', () => {
    const t = caseText(
      'garbage-overflow',
      '垃圾满溢',
      { streetCode: '310104003000', compoundName: null, committeeName: '某某居委会' },
      prng(1),
    );
    assert.equal(t.description, '某某居委会附近垃圾满溢');
  });

  it('when the units are read, then each names known scenarios, no area has one scenario twice, and every point has a leader among them', () => {
    const taken = new Set<string>();
    for (const u of units.units) {
      for (const s of u.scenarios) {
        assert.ok(findScenario(s), `${u.username}: ${s} is a scenario`);
        const key = `${u.areaCode} ${s}`;
        assert.ok(!taken.has(key), `${key} is given once`);
        taken.add(key);
      }
    }
    const people = new Set([
      ...units.units.map((u) => u.username),
      ...DEMO.accounts.map((a) => a.username),
    ]);
    for (const p of units.points) assert.ok(people.has(p.leader), `${p.name}: ${p.leader}`);
    // police matters to the police station, sanitation to the sanitation unit
    assert.ok(scenariosOf('police').has('illegal-parking'));
    assert.ok(scenariosOf('sanitation').has('garbage-overflow'));
    assert.ok(!scenariosOf('handler').has('illegal-parking'));
  });

  it('when a production start looks for demo accounts, then the units’ handlers and inspectors are among them', () => {
    const published = new Set(publishedDemoAccounts().flatMap((p) => p.usernames));
    for (const u of units.units) assert.ok(published.has(u.username), u.username);
    for (const i of units.inspectors) assert.ok(published.has(i.username), i.username);
  });
});

for (const kind of DATABASES) {
  describe(`demo data: the live cases of 南京东路 and who works them (${kind})`, () => {
    let tp: TestPlatform;
    const mine = async (who: Client) => {
      const r = await who.get<{ items: CaseSummary[]; total: number }>(
        '/api/cases?mine=true&pageSize=200',
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      const deps = tp.platform.deps;
      await generateRegistry(deps.db, deps.cipher, {
        scale: 0.1,
        within: [DEMO_COMMITTEE],
        seed: 20261127,
      });
      assert.ok(await seedDemoResidents(deps));
      assert.equal(await seedDemoCases(deps, DEMO), true);
      await settleDemoNotices(deps);
    });
    after(() => tp?.close());

    it('when the cases are listed, then none is a placeholder and each has an address', async () => {
      const street = await tp.login('nanjingdong');
      const r = await street.get<{ items: CaseSummary[]; total: number }>(
        '/api/cases?pageSize=500',
      );
      assert.ok(r.body.total >= 60, `${r.body.total} cases in the street`);
      for (const c of r.body.items) {
        assert.doesNotMatch(c.description, /演示|#\d/, c.description);
        assert.ok(c.address, `${c.number} has an address`);
      }
      assert.ok(
        new Set(r.body.items.map((c) => c.description)).size > r.body.total * 0.8,
        'the words vary',
      );
    });

    it('when each unit opens its tasks, then it holds its own kind of matter, and the property point leader a believable few', async () => {
      const handled = new Map<string, CaseSummary[]>();
      for (const u of units.units) {
        if (handled.has(u.username)) continue;
        const items = (await mine(await tp.login(u.username))).items;
        handled.set(u.username, items);
      }
      // the police station and the sanitation unit each hold cases, only of their kinds
      // (or what the street's centre sent on from its queue / a point they lead)
      for (const [username, extra] of [
        ['police', ['neighbour-dispute', 'uncivil-dog-keeping', 'elderly-living-alone-care']],
        [
          'sanitation',
          ['waste-sorting-violation', 'pest-vector-breeding', 'street-facing-laundry'],
        ],
      ] as const) {
        const items = handled.get(username)!;
        assert.ok(items.length > 0, `${username} holds cases`);
        const allowed = new Set([
          ...scenariosOf(username),
          ...extra,
          ...units.points.filter((p) => p.leader === username).flatMap((p) => p.scenarios),
        ]);
        for (const c of items)
          assert.ok(allowed.has(c.scenarioCode), `${username} holds ${c.scenarioCode}`);
      }
      // 周军 (物业点位长) is no longer everybody's: a handful to some fifteen open tasks
      const open = handled.get('handler')!.filter((c) => !TERMINAL.has(c.status));
      assert.ok(open.length >= 1 && open.length <= 15, `handler: ${open.length} open`);
      for (const c of handled.get('handler')!)
        assert.ok(!scenariosOf('police').has(c.scenarioCode), `handler holds ${c.scenarioCode}`);
    });

    it('when the demo resident opens her reports, then they are a few of her own compound', async () => {
      const resident = await tp.login('resident');
      const items = (await mine(resident)).items;
      assert.ok(items.length >= 1 && items.length <= 3, `${items.length} reports`);
      const home = DEMO.accounts.find((a) => a.username === 'resident')!.areaCode;
      for (const c of items) assert.equal(c.areaCode, home, `${c.number} at ${c.areaName}`);
    });

    it('when anyone opens the bell after the first start, then a handful of notices are unread, not 99+', async () => {
      for (const username of ['handler', 'police', 'nanjingdong', 'inspector', 'huangpu']) {
        const r = await (await tp.login(username)).get('/api/notices');
        assert.ok(r.body.unread <= 8, `${username}: ${r.body.unread} unread`);
      }
    });
  });
}
