import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIGURES_MAX_PER_REQUEST } from '@cc/contracts';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

const HUANGPU = '310101000000';
const NANJINGDONG = '310101002000';
const OTHER_STREET = '310101013000';
const RAIN = 'weather.rainfall_1h';

for (const kind of DATABASES) {
  describe(`indicators fed by departments (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let huangpu: Client;
    let weatherKey: string;
    const halfHourAgo = new Date(Date.now() - 30 * 60_000).toISOString();
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000).toISOString();

    const push = (figures: unknown[], key: string | null = weatherKey) =>
      tp
        .client()
        .post(
          '/api/indicators/figures',
          { figures },
          key ? { authorization: `Bearer ${key}` } : {},
        );
    const stored = async () =>
      Number(
        (
          await tp.platform.deps.db
            .selectFrom('indicator_figures')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const indicatorOn = async (code: string, id: string) => {
      const d = await huangpu.get(`/api/dashboards/${code}`);
      assert.equal(d.status, 200, JSON.stringify(d.body));
      return d.body.indicators.find((i: { id: string }) => i.id === id);
    };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [admin, huangpu] = await Promise.all([tp.login('admin'), tp.login('huangpu')]);
      const k = await admin.post('/api/departments/meteorology/key');
      assert.equal(k.status, 200, JSON.stringify(k.body));
      weatherKey = k.body.apiKey;
    });
    after(() => tp.close());

    it('shows every indicator of the catalogue, the fed ones saying "no feed" until they are sent', async () => {
      const city = await admin.get('/api/dashboards/310000000000');
      assert.equal(city.status, 200, JSON.stringify(city.body));
      assert.equal(
        city.body.indicators.length,
        86,
        "the seed's frame of 86 first-level indicators",
      );
      const fed = city.body.indicators.filter((i: { source: string }) => i.source === 'department');
      assert.equal(fed.length, 44);
      assert.ok(fed.every((i: { noFeed: boolean; value: null }) => i.noFeed && i.value === null));
      const power = fed.find((i: { id: string }) => i.id === 'power.outages_open');
      assert.equal(power.department.code, 'power');
      assert.equal(power.display, '—');
      const catalogue = await huangpu.get('/api/indicators/catalogue');
      assert.equal(catalogue.status, 200);
      assert.equal(catalogue.body.indicators.length, 44);
      assert.ok(
        catalogue.body.indicators.every((i: { lastFigureAt: null }) => i.lastFigureAt === null),
      );
    });

    it('takes a batch, rolls it up the tree by the rule, and colours it by the thresholds', async () => {
      const r = await push([
        { indicator: RAIN, area: NANJINGDONG, at: halfHourAgo, value: 12, unit: 'mm' },
        { indicator: RAIN, area: OTHER_STREET, at: twentyMinutesAgo, value: 35, unit: '毫米' },
      ]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { added: 2, corrected: 0, unchanged: 0 });
      // the district has no gauge of its own: its rainfall is its wettest street's (max)
      const district = await indicatorOn(HUANGPU, RAIN);
      assert.equal(district.value, 35);
      assert.equal(district.state, 'red');
      assert.equal(district.noFeed, false);
      assert.equal(district.source, 'department');
      assert.equal(district.department.name, '市气象局');
      const street = await indicatorOn(NANJINGDONG, RAIN);
      assert.equal(street.value, 12);
      assert.equal(street.state, 'amber');
      // 交叉比对: the streets side by side, the wettest named worst
      const cmp = await huangpu.get(`/api/dashboards/${HUANGPU}/compare?indicator=${RAIN}`);
      assert.equal(cmp.status, 200, JSON.stringify(cmp.body));
      const byCode = new Map(
        cmp.body.items.map((i: { area: { code: string }; value: number }) => [
          i.area.code,
          i.value,
        ]),
      );
      assert.equal(byCode.get(NANJINGDONG), 12);
      assert.equal(byCode.get(OTHER_STREET), 35);
      assert.equal(cmp.body.worst, OTHER_STREET);
      assert.equal(cmp.body.indicator.source, 'department');
    });

    it('sums a range of several days from whole days and part-days alike, corrections included', async () => {
      const k = await admin.post('/api/departments/public-security/key');
      assert.equal(k.status, 200, JSON.stringify(k.body));
      const POLICE = 'safety.police_calls'; // summed over time and up the tree
      // a figure every 5 hours for four days, then one of them corrected
      const now = Date.now();
      const figures = Array.from({ length: 20 }, (_, i) => ({
        indicator: POLICE,
        area: NANJINGDONG,
        at: new Date(now - 3_600_000 - i * 5 * 3_600_000).toISOString(),
        value: i + 1,
        unit: '起',
      }));
      assert.equal((await push(figures, k.body.apiKey)).status, 200);
      const corrected = { ...figures[7]!, value: 100 };
      assert.deepEqual((await push([corrected], k.body.apiKey)).body, {
        added: 0,
        corrected: 1,
        unchanged: 0,
      });
      figures[7] = corrected;
      // a range that starts and ends inside a day, with whole days between
      const from = new Date(now - 3.4 * 86_400_000);
      const to = new Date(now - 7 * 3_600_000);
      const expected = figures
        .filter((f) => Date.parse(f.at) >= from.getTime() && Date.parse(f.at) <= to.getTime())
        .reduce((sum, f) => sum + f.value, 0);
      const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
      for (const code of [NANJINGDONG, HUANGPU]) {
        const d = await huangpu.get(`/api/dashboards/${code}?${range}`);
        assert.equal(d.status, 200, JSON.stringify(d.body));
        const police = d.body.indicators.find((i: { id: string }) => i.id === POLICE);
        assert.equal(police.value, expected, code);
      }
    });

    it('keeps the newest figure for a time and the one it replaced as history', async () => {
      const fix = await push([
        { indicator: RAIN, area: NANJINGDONG, at: halfHourAgo, value: 8, unit: 'mm' },
      ]);
      assert.deepEqual(fix.body, { added: 0, corrected: 1, unchanged: 0 });
      const again = await push([
        { indicator: RAIN, area: NANJINGDONG, at: halfHourAgo, value: 8, unit: 'mm' },
      ]);
      assert.deepEqual(again.body, { added: 0, corrected: 0, unchanged: 1 });
      const back = await tp
        .client()
        .get(`/api/indicators/figures?indicator=${RAIN}&area=${NANJINGDONG}`, {
          authorization: `Bearer ${weatherKey}`,
        });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.items.length, 1);
      assert.equal(back.body.items[0].value, 8);
      assert.deepEqual(
        back.body.items[0].history.map((h: { value: number }) => h.value),
        [12],
      );
      assert.equal((await indicatorOn(NANJINGDONG, RAIN)).value, 8);
      // the chart: one point per hour, the figure's hour holding it
      const from = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const to = new Date().toISOString();
      const h = await huangpu.get(
        `/api/dashboards/${NANJINGDONG}/indicators/${RAIN}/history?from=${from}&to=${to}`,
      );
      assert.equal(h.status, 200, JSON.stringify(h.body));
      assert.equal(h.body.bucket, 'hour');
      assert.ok(h.body.points.length >= 3);
      assert.deepEqual(
        h.body.points
          .filter((p: { value: number | null }) => p.value !== null)
          .map((p: { value: number }) => p.value),
        [8],
      );
      // another department may not read it back
      const water = await admin.post('/api/departments/water/key');
      const notMine = await tp
        .client()
        .get(`/api/indicators/figures?indicator=${RAIN}&area=${NANJINGDONG}`, {
          authorization: `Bearer ${water.body.apiKey}`,
        });
      assert.equal(notMine.status, 403);
    });

    it('refuses bad figures with the field and the rule, storing nothing of the batch', async () => {
      const before = await stored();
      const good = {
        indicator: RAIN,
        area: NANJINGDONG,
        at: twentyMinutesAgo,
        value: 1,
        unit: 'mm',
      };
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ ...good, indicator: 'weather.snow' }, 400, 'figures.1.indicator', 'exists'],
        [{ ...good, area: '310199999000' }, 400, 'figures.1.area', 'exists'],
        [{ ...good, unit: 'cm' }, 400, 'figures.1.unit', 'matches'],
        [
          { ...good, at: new Date(Date.now() + 3_600_000).toISOString() },
          400,
          'figures.1.at',
          'future',
        ],
        [
          { ...good, indicator: 'power.outages_open', unit: '起' },
          403,
          'figures.1.indicator',
          'owner',
        ],
        [
          { ...good, indicator: 'weather.temperature', unit: '°C', area: '310101002001-G1-C1' },
          400,
          'figures.1.area',
          'level',
        ],
      ];
      for (const [bad, status, field, rule] of cases) {
        const r = await push([good, bad]);
        assert.equal(r.status, status, `${field} ${rule}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
      }
      assert.equal((await push([good], null)).status, 401);
      assert.equal((await push([good], 'ccd_forged')).status, 401);
      const tooMany = await push(Array.from({ length: FIGURES_MAX_PER_REQUEST + 1 }, () => good));
      assert.equal(tooMany.status, 413);
      assert.match(tooMany.body.message, /10000/);
      // a million figures: refused by size before it is read, naming the limit
      const million = JSON.stringify({ figures: Array.from({ length: 40_000 }, () => good) });
      const huge = await tp.client().post('/api/indicators/figures', million.repeat(1), {
        authorization: `Bearer ${weatherKey}`,
      });
      assert.equal(huge.status, 413);
      assert.match(huge.body.message, /4 MB/);
      assert.equal(await stored(), before, 'nothing of a refused batch was stored');
    });

    it('lets the city administrators keep the catalogue; the thresholds apply at once', async () => {
      const denied = await huangpu.request('PATCH', `/api/indicators/catalogue/${RAIN}`, {
        thresholds: { green: 40, red: 60 },
      });
      assert.equal(denied.status, 403);
      const same = await admin.request('PATCH', `/api/indicators/catalogue/${RAIN}`, {
        thresholds: { green: 40, red: 40 },
      });
      assert.equal(same.status, 400);
      assert.equal(same.body.field, 'thresholds');
      const ok = await admin.request('PATCH', `/api/indicators/catalogue/${RAIN}`, {
        thresholds: { green: 40, red: 60 },
        definition: '最近一小时降雨量（试行阈值）',
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(ok.body.lastFigureAt, 'it has a feed now');
      const district = await indicatorOn(HUANGPU, RAIN);
      assert.equal(district.state, 'green');
      assert.equal(district.definition, '最近一小时降雨量（试行阈值）');
    });
  });
}
