import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TIE_RULES, type TieRule } from '@cc/contracts';
import fc from 'fast-check';
import {
  lotKey,
  memberRulePresets,
  motionRule,
  tallyElection,
  tallyMotion,
  type TallyCandidate,
} from './council-tally.js';

/**
 * The council's count, pure: approval voting with k seats and its three tie rules at the last
 * seat, and motions under the votes module's one-member-one-vote presets.
 */

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const day = (d: number) => new Date(Date.UTC(2026, 0, d));

/** candidates numbered 1…n with these approvals; member i joined on day `joined[i]` (default i). */
const field = (approvals: number[], joined?: number[], ids?: number[]): TallyCandidate[] =>
  approvals.map((a, i) => ({
    no: i + 1,
    memberId: id(ids?.[i] ?? i + 1),
    joinedAt: day(joined?.[i] ?? i + 1),
    approvals: a,
  }));

const elected = (o: ReturnType<typeof tallyElection>) =>
  o.candidates.filter((c) => c.elected).map((c) => c.no);
const byTie = (o: ReturnType<typeof tallyElection>) =>
  o.candidates.filter((c) => c.byTieRule).map((c) => c.no);

const HEAD = 'ab'.repeat(32);

describe('approval voting: an election of k seats', () => {
  it('when the counts are distinct, then the k with the most approvals are elected and no tie rule is used', () => {
    for (const rule of TIE_RULES) {
      const o = tallyElection(field([3, 9, 1, 5]), 2, rule, HEAD);
      assert.deepEqual(elected(o), [2, 4]);
      assert.deepEqual(byTie(o), []);
      assert.deepEqual(o.runoff, []);
      assert.equal(o.passed, true);
    }
  });

  it('when a tie is above the last seat (2 seats, two share the top), then both are elected without the tie rule', () => {
    const o = tallyElection(field([5, 5, 2, 1]), 2, 'runoff', HEAD);
    assert.deepEqual(elected(o), [1, 2]);
    assert.deepEqual(byTie(o), []);
    assert.equal(o.passed, true);
  });

  it('when three tie at the last of 2 seats under seniority, then the one who joined first wins it by the rule', () => {
    // no 1 leads; 2, 3, 4 tie at 3; no 4 joined first among them
    const o = tallyElection(field([6, 3, 3, 3], [1, 5, 9, 2]), 2, 'seniority', HEAD);
    assert.deepEqual(elected(o), [1, 4]);
    assert.deepEqual(byTie(o), [4]);
    assert.deepEqual(o.runoff, []);
    assert.equal(o.passed, true);
  });

  it('when tied candidates joined at the same moment under seniority, then the lower member id wins', () => {
    const o = tallyElection(field([4, 4, 1], [3, 3, 1], [9, 7, 1]), 1, 'seniority', HEAD);
    assert.deepEqual(elected(o), [2]);
    assert.deepEqual(byTie(o), [2]);
  });

  it('when candidates tie at the last seat under the lot, then the lowest hash of (chain head, member id) wins, and a different head may pick another', () => {
    const cands = field([2, 2, 2, 2]);
    const winnerFor = (head: string) =>
      [...cands].sort((a, b) => (lotKey(head, a.memberId) < lotKey(head, b.memberId) ? -1 : 1))[0]!
        .no;
    const o = tallyElection(cands, 1, 'lot', HEAD);
    assert.deepEqual(elected(o), [winnerFor(HEAD)]);
    assert.deepEqual(byTie(o), [winnerFor(HEAD)]);
    // the lot is recomputable by anyone: a fixed head gives the same winner every time
    assert.deepEqual(elected(tallyElection(cands, 1, 'lot', HEAD)), elected(o));
    // and it depends on the head: over a few heads, more than one winner appears
    const winners = new Set(
      ['01', '02', '03', '04', '05', '06', '07', '08'].map(
        (h) => elected(tallyElection(cands, 1, 'lot', h.repeat(32)))[0],
      ),
    );
    assert.ok(winners.size > 1, 'the lot never changed with the chain head');
  });

  it('when the lot is drawn over an empty chain, then the head is the genesis (64 zeros)', () => {
    assert.equal(lotKey(null, id(1)), lotKey('0'.repeat(64), id(1)));
  });

  it('when candidates tie at the last seat under runoff, then the tied are listed, none of them elected and the seat stays open', () => {
    const o = tallyElection(field([7, 4, 4, 1]), 2, 'runoff', HEAD);
    assert.deepEqual(elected(o), [1]);
    assert.deepEqual(o.runoff, [2, 3]);
    assert.deepEqual(byTie(o), []);
    assert.equal(o.passed, false);
  });

  it('when nobody approved a candidate, then no seat goes to them even with seats to spare', () => {
    const o = tallyElection(field([3, 0, 0]), 2, 'seniority', HEAD);
    assert.deepEqual(elected(o), [1]);
    assert.equal(o.passed, false);
    const none = tallyElection(field([0, 0]), 1, 'lot', null);
    assert.deepEqual(elected(none), []);
    assert.equal(none.passed, false);
  });

  it('for any counts, seats and rule, then the result is a sound approval count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 12 }),
        fc.nat({ max: 11 }),
        fc.constantFrom<TieRule>(...TIE_RULES),
        fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 12 }),
        (approvals, s, rule, joined) => {
          const seats = 1 + (s % approvals.length);
          const cands = field(approvals, joined);
          const o = tallyElection(cands, seats, rule, HEAD);
          const count = (no: number) => approvals[no - 1]!;
          const win = elected(o);
          const lose = o.candidates.filter((c) => !c.elected && !o.runoff.includes(c.no));
          // never more than k, and exactly k when passed
          assert.ok(win.length <= seats);
          assert.equal(o.passed, win.length === seats);
          // nobody elected without an approval; every winner has at least as many as any loser
          for (const w of win) assert.ok(count(w) > 0);
          for (const w of win) for (const l of lose) assert.ok(count(w) >= count(l.no));
          // the tie rule only ever decides among equals: a winner by the rule ties a loser
          for (const t of byTie(o)) assert.ok(lose.some((l) => count(l.no) === count(t)));
          // runoff: only under that rule, all tied at one count above every other loser
          if (o.runoff.length > 0) {
            assert.equal(rule, 'runoff');
            const c = count(o.runoff[0]!);
            assert.ok(o.runoff.every((n) => count(n) === c));
            assert.ok(o.runoff.length > seats - win.length);
            for (const w of win) assert.ok(count(w) > c);
            for (const l of lose) assert.ok(count(l.no) < c);
          }
          // with no tie at the last seat, the rules agree
          const others = TIE_RULES.map((r) => elected(tallyElection(cands, seats, r, HEAD)));
          if (byTie(o).length === 0 && o.runoff.length === 0)
            for (const e of others) assert.deepEqual(e, win);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('motions: one member one vote under a members preset', () => {
  it('when the presets are read, then the members ones are simple_majority and quorum_majority (never an owners rule)', () => {
    const codes = memberRulePresets().map((p) => p.code);
    assert.ok(codes.includes('simple_majority'));
    assert.ok(codes.includes('quorum_majority'));
    assert.equal(motionRule('civil_code_major'), undefined);
    assert.equal(motionRule('nonsense'), undefined);
  });

  it('when more than half of those voting agree under simple majority, then it passes; exactly half does not', () => {
    const rule = motionRule('simple_majority')!;
    assert.equal(tallyMotion(rule, 10, { agree: 2, disagree: 1, abstain: 0 }), true);
    assert.equal(tallyMotion(rule, 10, { agree: 2, disagree: 1, abstain: 1 }), false);
    assert.equal(tallyMotion(rule, 10, { agree: 0, disagree: 0, abstain: 0 }), false);
  });

  it('when too few take part under quorum and majority, then it fails however many of them agree', () => {
    const rule = motionRule('quorum_majority')!;
    // 5 of 10 take part: not more than half
    assert.equal(tallyMotion(rule, 10, { agree: 5, disagree: 0, abstain: 0 }), false);
    // 6 of 10 take part, 4 agree: passes
    assert.equal(tallyMotion(rule, 10, { agree: 4, disagree: 1, abstain: 1 }), true);
    // 6 take part, 3 agree: half, not more
    assert.equal(tallyMotion(rule, 10, { agree: 3, disagree: 3, abstain: 0 }), false);
  });

  it('when consent is counted against all members, then abstentions and absentees count against it', () => {
    const rule = {
      ...motionRule('simple_majority')!,
      consent: { share: '2/3', op: 'gte' as const, basis: 'all' as const },
    };
    assert.equal(tallyMotion(rule, 9, { agree: 6, disagree: 0, abstain: 0 }), true);
    assert.equal(tallyMotion(rule, 9, { agree: 5, disagree: 0, abstain: 0 }), false);
  });
});
