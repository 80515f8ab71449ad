import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { HeadsAndArea, ThresholdOp, VoteMeasure, VoteRuleBody } from '@cc/contracts';
import fc from 'fast-check';
import { REPO_ROOT } from '../../platform/config.js';
import {
  groupOwners,
  percentText,
  tallyVote,
  type ChoiceTotals,
  type ElectorateRoom,
} from './vote-arithmetic.js';

/**
 * The law's arithmetic (decision 019) against a brute-force reference written here on its own:
 * shares parsed by hand, fractions compared by continued-fraction descent (integer parts, then
 * the reciprocals of the remainders) instead of cross-multiplication, percents by long
 * division digit by digit, heads by comparing every room's owner set with every earlier one.
 */

// ---------------------------------------------------------------------------------------------
// The reference

type Frac = [bigint, bigint]; // numerator, denominator (> 0)

/** "2/3", "0.75", "1" → a fraction; never parseShare. */
function refShare(text: string): Frac {
  const slash = text.indexOf('/');
  if (slash >= 0) return [BigInt(text.slice(0, slash)), BigInt(text.slice(slash + 1))];
  const [whole, frac = ''] = text.split('.');
  let den = 1n;
  for (let i = 0; i < frac.length; i++) den *= 10n;
  return [BigInt(whole! + frac), den];
}

/** sign(a/b − c/d) for a, c ≥ 0 and b, d > 0, by continued-fraction descent. */
function refCompare(a: bigint, b: bigint, c: bigint, d: bigint): -1 | 0 | 1 {
  for (;;) {
    const qa = a / b;
    const qc = c / d;
    if (qa !== qc) return qa < qc ? -1 : 1;
    const ra = a % b;
    const rc = c % d;
    if (ra === 0n && rc === 0n) return 0;
    if (ra === 0n) return -1; // a/b is the whole part, c/d more
    if (rc === 0n) return 1;
    // ra/b vs rc/d  ⇔  d/rc vs b/ra
    [a, b, c, d] = [d, rc, b, ra];
  }
}

function refMeets(value: bigint, base: bigint, share: string, op: ThresholdOp): boolean {
  if (base === 0n) return false;
  const [n, d] = refShare(share);
  const s = refCompare(value, base, n, d);
  return op === 'gte' ? s >= 0 : s > 0;
}

/** value / base in percent, truncated to one decimal, by long division. */
function refPercent(value: bigint, base: bigint): string {
  if (base === 0n) return '0.0';
  const whole = value / base;
  let rest = value % base;
  const digits: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    rest *= 10n;
    digits.push(rest / base);
    rest %= base;
  }
  const percent = whole * 100n + digits[0]! * 10n + digits[1]!;
  return `${percent}.${digits[2]}`;
}

interface RefHead {
  rooms: number[];
  area: number;
}

/** Heads by brute force: a room joins the first earlier head whose owner set is the same set
 * (a developer's rooms: the same developer), else starts a head. */
function refHeads(rooms: readonly ElectorateRoom[]): { heads: RefHead[]; counted: number[] } {
  const heads: { id: { dev: string | null; keys: string[] }; h: RefHead }[] = [];
  const counted: number[] = [];
  const sameSet = (x: string[], y: string[]) =>
    x.every((k) => y.includes(k)) && y.every((k) => x.includes(k));
  rooms.forEach((room, i) => {
    if (room.owners.length === 0 || room.area === null || room.area <= 0) return;
    counted.push(i);
    const dev = room.owners.find((o) => o.kind === 'developer')?.key ?? null;
    const keys = room.owners.map((o) => o.key);
    const found = heads.find((x) =>
      dev !== null ? x.id.dev === dev : x.id.dev === null && sameSet(x.id.keys, keys),
    );
    if (found) {
      found.h.rooms.push(i);
      found.h.area += room.area;
    } else heads.push({ id: { dev, keys }, h: { rooms: [i], area: room.area } });
  });
  return { heads: heads.map((x) => x.h), counted };
}

interface RefCheck {
  stage: 'participation' | 'consent';
  measure: VoteMeasure;
  value: number;
  base: number;
  met: boolean;
  percent: string;
}

function refTally(rule: VoteRuleBody, electorate: HeadsAndArea, totals: ChoiceTotals) {
  const part = {
    heads: totals.agree.heads + totals.disagree.heads + totals.abstain.heads,
    units: totals.agree.units + totals.disagree.units + totals.abstain.units,
    area: totals.agree.area + totals.disagree.area + totals.abstain.area,
  };
  const of = (h: HeadsAndArea, m: VoteMeasure) => (m === 'count' ? h.heads : h.area);
  const order: VoteMeasure[] = (['count', 'area'] as const).filter((m) =>
    rule.measures.includes(m),
  );
  const checks: RefCheck[] = [];
  const add = (
    stage: RefCheck['stage'],
    m: VoteMeasure,
    v: number,
    b: number,
    share: string,
    op: ThresholdOp,
  ) =>
    checks.push({
      stage,
      measure: m,
      value: v,
      base: b,
      met: refMeets(BigInt(v), BigInt(b), share, op),
      percent: refPercent(BigInt(v), BigInt(b)),
    });
  if (rule.participation)
    for (const m of order)
      add(
        'participation',
        m,
        of(part, m),
        of(electorate, m),
        rule.participation.share,
        rule.participation.op,
      );
  const base = rule.consent.basis === 'all' ? electorate : part;
  for (const m of order)
    add('consent', m, of(totals.agree, m), of(base, m), rule.consent.share, rule.consent.op);
  return { part, checks, passed: checks.every((c) => c.met) };
}

// ---------------------------------------------------------------------------------------------
// Inputs

const presets = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'data/votes/rules.json'), 'utf8')) as {
    presets: (VoteRuleBody & { code: string })[];
  }
).presets;
const preset = (code: string): VoteRuleBody => presets.find((p) => p.code === code)!;

const shareArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 9_999_999 }))
    .map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
    .map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`),
  fc.integer({ min: 1, max: 999_999 }).map((n) => `0.${String(n).padStart(6, '0')}`),
  fc.integer({ min: 1, max: 99 }).map((n) => `0.${String(n).padStart(2, '0')}`),
  fc.constantFrom('1', '1.0', '0.5', '1/2', '2/3', '3/4'),
);
const opArb = fc.constantFrom<ThresholdOp>('gte', 'gt');
const ruleArb: fc.Arbitrary<VoteRuleBody> = fc.oneof(
  fc.constantFrom(...presets.map((p) => p as VoteRuleBody)),
  fc.record({
    measures: fc.constantFrom<VoteMeasure[]>(
      ['area', 'count'],
      ['count', 'area'],
      ['count'],
      ['area'],
    ),
    participation: fc.option(fc.record({ share: shareArb, op: opArb }), { nil: null }),
    consent: fc.record({
      share: shareArb,
      op: opArb,
      basis: fc.constantFrom<'participants' | 'all'>('participants', 'all'),
    }),
  }),
);

type Choice = 'agree' | 'disagree' | 'abstain' | null;

/** Rooms: persons from a small pool (so one buyer holds several units, couples co-own), two
 * developers, now and then a room with no owners or no area; areas in hundredths. */
const roomArb: fc.Arbitrary<Omit<ElectorateRoom, 'roomId'>> = fc.record({
  area: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 30_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, 0) },
  ),
  owners: fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 3 })
        .map((ks) => ks.map((k) => ({ key: `p${k}`, kind: 'person' as const }))),
    },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: 1 })
        .map((k) => [{ key: `dev${k}`, kind: 'developer' as const }]),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 0, max: 2 })
        .map((k) => [{ key: `org${k}`, kind: 'organisation' as const }]),
    },
    { weight: 1, arbitrary: fc.constant([]) },
  ),
});
const caseArb = fc.record({
  rooms: fc.array(roomArb, { minLength: 0, maxLength: 40 }),
  // one choice per head, by head number (extra entries unused)
  choices: fc.array(fc.constantFrom<Choice>('agree', 'disagree', 'abstain', null), {
    minLength: 40,
    maxLength: 40,
  }),
  rule: ruleArb,
});

const ZERO = (): HeadsAndArea => ({ heads: 0, units: 0, area: 0 });

// ---------------------------------------------------------------------------------------------

describe('vote arithmetic against a brute-force reference', () => {
  it('heads: one buyer of several units once, each developer once, co-owners one head', () => {
    fc.assert(
      fc.property(caseArb, ({ rooms: raw }) => {
        const rooms = raw.map((r, i) => ({ ...r, roomId: `room-${i}` }));
        const { groups, problems } = groupOwners(rooms);
        const ref = refHeads(rooms);
        assert.equal(groups.length, ref.heads.length);
        groups.forEach((g, i) => {
          const h = ref.heads[i]!;
          assert.equal(g.headNo, i + 1);
          assert.deepEqual(
            g.roomIds,
            h.rooms.map((r) => `room-${r}`),
          );
          assert.equal(g.area, h.area);
          assert.equal(
            g.developer,
            rooms[h.rooms[0]!]!.owners.some((o) => o.kind === 'developer'),
          );
          // any co-owner on record of the group may cast its ballot: exactly the room's keys
          const keys = new Set(rooms[h.rooms[0]!]!.owners.map((o) => o.key));
          if (!g.developer) assert.deepEqual(new Set(g.keys), keys);
        });
        // every room is either in exactly one head or a problem
        const inHeads = groups.flatMap((g) => g.roomIds);
        assert.equal(new Set(inHeads).size, inHeads.length);
        assert.equal(inHeads.length, ref.counted.length);
        assert.equal(inHeads.length + problems.length, rooms.length);
        for (const p of problems) {
          const r = rooms[Number(p.roomId.slice(5))]!;
          assert.equal(p.problem, r.owners.length === 0 ? 'no_owners' : 'no_area');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tally: every check, percent and the outcome as the reference counts them', () => {
    fc.assert(
      fc.property(caseArb, ({ rooms: raw, choices, rule }) => {
        const rooms = raw.map((r, i) => ({ ...r, roomId: `room-${i}` }));
        const { groups } = groupOwners(rooms);
        const electorate = ZERO();
        const totals: ChoiceTotals = { agree: ZERO(), disagree: ZERO(), abstain: ZERO() };
        groups.forEach((g, i) => {
          electorate.heads += 1;
          electorate.units += g.roomIds.length;
          electorate.area += g.area;
          const c = choices[i];
          if (!c) return;
          totals[c].heads += 1;
          totals[c].units += g.roomIds.length;
          totals[c].area += g.area;
        });
        const got = tallyVote(rule, electorate, totals);
        const ref = refTally(rule, electorate, totals);
        assert.deepEqual(got.participating, ref.part);
        assert.deepEqual(
          got.checks.map(({ stage, measure, value, base, met, percent }) => ({
            stage,
            measure,
            value,
            base,
            met,
            percent,
          })),
          ref.checks,
        );
        assert.equal(got.passed, ref.passed);
        for (const c of got.checks) {
          // the percent shown is the figure truncated to a tenth of a percent, so it never
          // reads as reaching a bar the figures miss
          if (c.base === 0) continue;
          const tenths = BigInt(c.percent.replace('.', ''));
          const [v, b] = [BigInt(c.value), BigInt(c.base)];
          assert.ok(refCompare(tenths, 1000n, v, b) <= 0, `${c.percent} above ${v}/${b}`);
          assert.ok(refCompare(tenths + 1n, 1000n, v, b) > 0, `${c.percent} too low for ${v}/${b}`);
          const threshold = c.stage === 'participation' ? rule.participation! : rule.consent;
          if (!c.met) assert.equal(refMeets(tenths, 1000n, threshold.share, c.op), false);
        }
        assert.equal(got.summary.en.startsWith('passed: '), ref.passed);
        assert.equal(got.summary.zh.startsWith('通过：'), ref.passed);
        if (!ref.passed) assert.ok(got.summary.zh.startsWith('未通过：'));
      }),
      { numRuns: 2000 },
    );
  });

  it('percent: long division, truncated, for any value ≤ base', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (b, v) => {
          const value = v % (b + 1n);
          assert.equal(percentText(value, b), refPercent(value, b));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// At the boundaries

const H = (heads: number, area: number, units = heads): HeadsAndArea => ({ heads, units, area });
const totalsOf = (agree: HeadsAndArea, disagree = H(0, 0), abstain = H(0, 0)): ChoiceTotals => ({
  agree,
  disagree,
  abstain,
});
const met = (t: ReturnType<typeof tallyVote>, stage: string, measure: string) =>
  t.checks.find((c) => c.stage === stage && c.measure === measure)!.met;

describe('vote arithmetic at the boundaries', () => {
  // 300 heads, 30,000.00 m²
  const all = H(300, 3_000_000);

  it('participation exactly 2/3 is met; one hundredth of a m² or one head below is not', () => {
    const rule = preset('civil_code_major');
    const at = tallyVote(rule, all, totalsOf(H(200, 2_000_000)));
    assert.ok(met(at, 'participation', 'count') && met(at, 'participation', 'area'));
    assert.equal(at.passed, true);
    const areaBelow = tallyVote(rule, all, totalsOf(H(200, 1_999_999)));
    assert.equal(met(areaBelow, 'participation', 'area'), false);
    assert.equal(met(areaBelow, 'participation', 'count'), true);
    assert.equal(areaBelow.passed, false);
    assert.match(
      areaBelow.summary.en,
      /^not passed: too few took part, participation by area 66\.6 % < 2\/3$/,
    );
    const headBelow = tallyVote(rule, all, totalsOf(H(199, 2_000_000)));
    assert.equal(met(headBelow, 'participation', 'count'), false);
    assert.equal(headBelow.passed, false);
    for (const t of [at, areaBelow, headBelow])
      for (const c of t.checks) assert.ok(Number(c.percent) <= 66.6 || c.stage === 'consent');
  });

  it('consent exactly 3/4 of the participants is met; one hundredth or one head below is not', () => {
    const rule = preset('civil_code_major');
    const exact = tallyVote(rule, all, totalsOf(H(150, 1_500_000), H(50, 500_000)));
    assert.equal(exact.passed, true);
    assert.equal(exact.checks.find((c) => c.stage === 'consent')!.percent, '75.0');
    const areaBelow = tallyVote(rule, all, totalsOf(H(150, 1_499_999), H(50, 500_001)));
    assert.equal(met(areaBelow, 'consent', 'area'), false);
    assert.equal(met(areaBelow, 'consent', 'count'), true);
    assert.equal(areaBelow.passed, false);
    // 74.99995 % shows as 74.9, never 75.0
    assert.equal(
      areaBelow.summary.en,
      'not passed: passed by head count, not by area: 74.9 % < 75 %',
    );
    assert.equal(areaBelow.summary.zh, '未通过：按人数通过，按面积未通过：74.9 % < 75 %');
    const headBelow = tallyVote(rule, all, totalsOf(H(149, 1_500_000), H(51, 500_000)));
    assert.equal(met(headBelow, 'consent', 'count'), false);
    assert.equal(headBelow.passed, false);
    assert.equal(
      headBelow.summary.en,
      'not passed: passed by area, not by head count: 74.5 % < 75 %',
    );
  });

  it('says "passed by head count, not by area: 71.2 % < 75 %" in English and Chinese', () => {
    const t = tallyVote(
      preset('civil_code_major'),
      H(100, 1_000_000),
      totalsOf(H(80, 712_000), H(20, 288_000)),
    );
    assert.equal(t.passed, false);
    assert.equal(t.summary.en, 'not passed: passed by head count, not by area: 71.2 % < 75 %');
    assert.equal(t.summary.zh, '未通过：按人数通过，按面积未通过：71.2 % < 75 %');
  });

  it('the Shanghai rule counts 2/3 of all owners: exactly met, one hundredth below missed', () => {
    const rule = preset('shanghai_elevator_2011');
    assert.equal(tallyVote(rule, all, totalsOf(H(200, 2_000_000))).passed, true);
    const below = tallyVote(rule, all, totalsOf(H(200, 1_999_999), H(100, 1_000_001)));
    assert.equal(below.passed, false);
    assert.equal(below.checks.length, 2);
    assert.ok(
      below.checks.every(
        (c) => c.basis === 'all' && c.base === (c.measure === 'area' ? 3_000_000 : 300),
      ),
    );
  });

  it('"more than half" (>) misses exactly 1/2; "at least half" (≥) meets it', () => {
    const gt = tallyVote(
      preset('civil_code_ordinary'),
      all,
      totalsOf(H(100, 1_000_000), H(100, 1_000_000)),
    );
    assert.equal(met(gt, 'consent', 'count'), false);
    assert.equal(met(gt, 'consent', 'area'), false);
    assert.match(gt.summary.en, /consent by head count 50\.0 % ≤ 50 %/);
    const oneMore = tallyVote(
      preset('civil_code_ordinary'),
      all,
      totalsOf(H(101, 1_000_001), H(99, 999_999)),
    );
    assert.equal(oneMore.passed, true);
    const gte = tallyVote(
      {
        measures: ['count', 'area'],
        participation: null,
        consent: { share: '1/2', op: 'gte', basis: 'participants' },
      },
      all,
      totalsOf(H(100, 1_000_000), H(100, 1_000_000)),
    );
    assert.equal(gte.passed, true);
    assert.match(gte.summary.en, /consent by head count 50\.0 % ≥ 50 %/);
    const simple = tallyVote(preset('simple_majority'), H(10, 0), totalsOf(H(5, 0), H(5, 0)));
    assert.equal(simple.passed, false);
    assert.equal(simple.checks.length, 1);
  });

  it('a base of zero meets nothing, even a share of 1/1000000', () => {
    const tiny = { share: '0.000001', op: 'gte' as const };
    const none = tallyVote(
      {
        measures: ['count', 'area'],
        participation: tiny,
        consent: { ...tiny, basis: 'participants' },
      },
      all,
      totalsOf(H(0, 0)),
    );
    assert.equal(none.passed, false);
    for (const c of none.checks) assert.equal(c.percent, '0.0');
    assert.ok(
      none.checks.filter((c) => c.stage === 'consent').every((c) => c.base === 0 && !c.met),
    );
    const empty = tallyVote(preset('civil_code_major'), H(0, 0), totalsOf(H(0, 0)));
    assert.equal(empty.passed, false);
    assert.ok(empty.checks.every((c) => !c.met));
  });

  it('percents truncate: 74.99… is 74.9, 2/3 is 66.6, all is 100.0', () => {
    assert.equal(percentText(7499n, 10_000n), '74.9');
    assert.equal(percentText(7_499_999_999n, 10_000_000_000n), '74.9');
    assert.equal(percentText(2n, 3n), '66.6');
    assert.equal(percentText(1n, 3n), '33.3');
    assert.equal(percentText(999n, 1000n), '99.9');
    assert.equal(percentText(5n, 5n), '100.0');
    assert.equal(percentText(0n, 5n), '0.0');
  });

  it('heads: one buyer of three units once, a developer once, co-owners (in any order) one head', () => {
    const p = (key: string) => ({ key, kind: 'person' as const });
    const dev = { key: 'dev', kind: 'developer' as const };
    const { groups, problems } = groupOwners([
      { roomId: 'a1', area: 10_000, owners: [p('A')] },
      { roomId: 'd1', area: 9_000, owners: [dev] },
      { roomId: 'a2', area: 8_000, owners: [p('A')] },
      { roomId: 'bc', area: 7_000, owners: [p('B'), p('C')] },
      { roomId: 'cb', area: 6_000, owners: [p('C'), p('B')] },
      { roomId: 'd2', area: 5_000, owners: [dev] },
      { roomId: 'ab', area: 4_000, owners: [p('A'), p('B')] },
      { roomId: 'a3', area: 3_000, owners: [p('A')] },
      { roomId: 'nobody', area: 2_000, owners: [] },
      { roomId: 'noarea', area: null, owners: [p('D')] },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.headNo, g.roomIds, g.area, g.developer]),
      [
        [1, ['a1', 'a2', 'a3'], 21_000, false],
        [2, ['d1', 'd2'], 14_000, true],
        [3, ['bc', 'cb'], 13_000, false],
        [4, ['ab'], 4_000, false],
      ],
    );
    assert.deepEqual(problems, [
      { roomId: 'nobody', problem: 'no_owners' },
      { roomId: 'noarea', problem: 'no_area' },
    ]);
  });
});
