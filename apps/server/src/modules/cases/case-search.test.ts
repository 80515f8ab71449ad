import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CaseList } from '@cc/contracts';
import {
  DATABASES,
  staffAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER_COMMITTEE = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`工单中心's search box: a case number or a keyword (${kind})`, () => {
    let tp: TestPlatform;
    let street: Client;
    let inspector: Client;
    let otherStaff: Client;
    const numbers: Record<string, string> = {};

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [street, inspector] = await Promise.all([tp.login('nanjingdong'), tp.login('inspector')]);
      otherStaff = await staffAccount(tp, {
        username: 'h4-search-other',
        role: 'committee_staff',
        areaCode: OTHER_COMMITTEE,
      });
      const here = await tp.centreOf(COMMITTEE);
      const file = async (
        key: string,
        scenarioCode: string,
        description: string,
        attributes: object,
      ) => {
        const r = await inspector.post('/api/cases', {
          scenarioCode,
          description,
          attributes,
          ...here,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        numbers[key] = r.body.number as string;
      };
      await file('lamp', 'noise-nuisance', '云南中路 18 号楼下 KTV 深夜喧哗', {
        source: 'renovation',
      });
      await file('percent', 'noise-nuisance', '音量 100% 的广播', { source: 'renovation' });
      await file('exit', 'fire-exit-blocked', '北门消防通道被电瓶车堵住', {
        exit_location: '北门',
        blocked_by: 'locked',
      });
    });
    after(() => tp.close());

    const search = async (who: Client, q: string) => {
      const r = await who.get<CaseList>(`/api/cases?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items.map((c) => c.number).sort();
    };

    it('when a case number is typed, then that case alone is found', async () => {
      assert.deepEqual(await search(street, numbers.exit!), [numbers.exit]);
      assert.deepEqual(
        await search(street, ` ${numbers.lamp!} `),
        [numbers.lamp],
        'spaces trimmed',
      );
      // a number nobody has: nothing, not every case
      assert.deepEqual(await search(street, '20000101000000'), []);
    });

    it('when a keyword is typed, then the cases with it in the description or scenario are found, and % is a plain character', async () => {
      assert.deepEqual(await search(street, 'KTV'), [numbers.lamp]);
      assert.deepEqual(await search(street, 'ktv'), [numbers.lamp], 'any case');
      assert.deepEqual(await search(street, '电瓶车'), [numbers.exit]);
      // the scenario's name (噪声扰民) and its keywords find both noise cases
      assert.deepEqual(await search(street, '噪声'), [numbers.lamp, numbers.percent].sort());
      assert.deepEqual(await search(street, '100%'), [numbers.percent]);
      assert.deepEqual(await search(street, '%'), [numbers.percent]);
      assert.deepEqual(await search(street, '_'), []);
      // with the other filters
      const both = await street.get<CaseList>(
        `/api/cases?q=${encodeURIComponent('北门')}&scenarioCode=noise-nuisance`,
      );
      assert.deepEqual(both.body.items, []);
      assert.equal(both.body.total, 0);
    });

    it("when someone outside the cases' area searches, then neither the number nor the keyword finds them", async () => {
      assert.deepEqual(await search(otherStaff, numbers.exit!), []);
      assert.deepEqual(await search(otherStaff, 'KTV'), []);
    });

    it('when the search is blank, too long or holds a NUL, then it is refused naming q', async () => {
      for (const q of ['', '   ', 'x'.repeat(61), 'a\u0000b']) {
        const r = await street.get(`/api/cases?q=${encodeURIComponent(q)}`);
        assert.equal(r.status, 400, `${JSON.stringify(q)}: ${JSON.stringify(r.body)}`);
        assert.match(JSON.stringify(r.body), /\bq\b/, JSON.stringify(r.body));
      }
    });
  });
}
