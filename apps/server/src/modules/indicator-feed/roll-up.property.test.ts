import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FED_OVER_TIME, FED_ROLLUPS } from '@cc/contracts';
import fc from 'fast-check';
import { valuesFor, type RangeFigures } from './roll-up.js';

/** A district with streets; each street with figures (value, minutes into the range) or none. */
const district = fc.record({
  streets: fc.array(
    fc.record({
      residents: fc.nat({ max: 200_000 }),
      figures: fc.array(
        fc.record({
          value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          at: fc.nat({ max: 1440 }),
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  rollup: fc.constantFrom(...FED_ROLLUPS),
  overTime: fc.constantFrom(...FED_OVER_TIME),
});

const close = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('fed indicators roll up the area tree by their rule', () => {
  it("for any set of street figures, the district's value follows its rule", () => {
    fc.assert(
      fc.property(district, ({ streets, rollup, overTime }) => {
        const figures = new Map<string, RangeFigures>();
        const own = new Map<string, { value: number; at: number; residents: number }>();
        streets.forEach((s, i) => {
          if (s.figures.length === 0) return;
          const newest = s.figures.reduce((a, b) => (b.at >= a.at ? b : a));
          const sum = s.figures.reduce((t, f) => t + f.value, 0);
          const rf: RangeFigures = {
            latest: newest.value,
            latestAt: newest.at,
            sum,
            max: Math.max(...s.figures.map((f) => f.value)),
            count: s.figures.length,
          };
          figures.set(`C/D/S${i}`, rf);
          const value =
            overTime === 'latest'
              ? rf.latest
              : overTime === 'sum'
                ? rf.sum
                : overTime === 'max'
                  ? rf.max
                  : rf.sum / rf.count;
          own.set(`C/D/S${i}`, { value, at: newest.at, residents: s.residents });
        });
        const residents = (p: string) => streets[Number(p.split('/')[2]?.slice(1))]?.residents ?? 0;
        const weight = (p: string) =>
          p.split('/').length === 3 ? residents(p) : streets.reduce((t, s) => t + s.residents, 0);
        const got = valuesFor(['C/D'], figures, { overTime, rollup }, weight).get('C/D')!;
        const values = [...own.values()];
        if (values.length === 0) {
          assert.equal(got, null);
          return;
        }
        let expected: number;
        switch (rollup) {
          case 'sum':
            expected = values.reduce((t, v) => t + v.value, 0);
            break;
          case 'max':
            expected = Math.max(...values.map((v) => v.value));
            break;
          case 'latest':
            expected = values.reduce((a, b) => (b.at > a.at ? b : a)).value;
            break;
          case 'mean_population': {
            const w = values.reduce((t, v) => t + v.residents, 0);
            expected =
              w > 0
                ? values.reduce((t, v) => t + v.value * v.residents, 0) / w
                : values.reduce((t, v) => t + v.value, 0) / values.length;
          }
        }
        assert.ok(got, 'a district with fed streets has a value');
        assert.ok(close(got.value, expected), `${rollup}/${overTime}: ${got.value} ≠ ${expected}`);
        // a district's own figure wins over its streets'
        const withOwn = new Map(figures).set('C/D', {
          latest: 7,
          latestAt: 1,
          sum: 7,
          max: 7,
          count: 1,
        });
        assert.equal(
          valuesFor(['C/D'], withOwn, { overTime, rollup }, weight).get('C/D')!.value,
          7,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('rolls up through a level with no figures of its own (city ← district ← street)', () => {
    const figures = new Map<string, RangeFigures>([
      ['C/D1/S1', { latest: 10, latestAt: 1, sum: 10, max: 10, count: 1 }],
      ['C/D1/S2', { latest: 30, latestAt: 2, sum: 30, max: 30, count: 1 }],
      ['C/D2/S3', { latest: 5, latestAt: 3, sum: 5, max: 5, count: 1 }],
    ]);
    const sum = valuesFor(
      ['C', 'C/D1', 'C/D2', 'C/D3'],
      figures,
      { overTime: 'latest', rollup: 'sum' },
      () => 0,
    );
    assert.equal(sum.get('C')!.value, 45);
    assert.equal(sum.get('C/D1')!.value, 40);
    assert.equal(sum.get('C/D3'), null, 'a district with nothing fed has no value');
    const max = valuesFor(['C'], figures, { overTime: 'latest', rollup: 'max' }, () => 0);
    assert.equal(max.get('C')!.value, 30);
    const latest = valuesFor(['C'], figures, { overTime: 'latest', rollup: 'latest' }, () => 0);
    assert.equal(latest.get('C')!.value, 5);
  });
});
