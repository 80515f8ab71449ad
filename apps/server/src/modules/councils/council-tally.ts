import type { ConsentThreshold, TieRule, VoteRulePreset, VoteThreshold } from '@cc/contracts';
import { CHAIN_GENESIS, chainHash } from '../../platform/hash-chain.js';
import { meets, parseShare, rulePresets } from '../votes/index.js';

/**
 * A council's count, pure (decision 022): an election by approval voting — each member approves
 * up to k candidates, the k with the most approvals are elected, a tie at the last seat broken
 * by the rule set before the vote opened — and a motion, one member one vote, under a
 * `weighing: 'members'` preset of the votes module (its `parseShare` and `meets`: integers
 * only, no floating point decides anything).
 */

// ---------------------------------------------------------------------------------------------
// Elections

export interface TallyCandidate {
  no: number;
  memberId: string;
  /** the member's, for the seniority rule */
  joinedAt: Date;
  approvals: number;
}

export interface CandidateOutcome {
  no: number;
  elected: boolean;
  /** elected by the tie rule (seniority or lot) */
  byTieRule: boolean;
}

export interface ElectionOutcome {
  /** in candidate-number order */
  candidates: CandidateOutcome[];
  /** the tied candidates' numbers (ascending) when the runoff rule left seats open */
  runoff: number[];
  /** every seat filled */
  passed: boolean;
}

/**
 * The lot's key of a member: sha256 over the chain's head (64 zeros for an empty chain) and
 * the member's id — anyone with the published head recomputes it; the lowest key wins.
 */
export const lotKey = (chainHead: string | null, memberId: string): string =>
  chainHash(chainHead ?? CHAIN_GENESIS, [memberId]);

/** Seniority: who joined first, then the lower member id (a total order, never a tie). */
const bySeniority = (a: TallyCandidate, b: TallyCandidate): number =>
  a.joinedAt.getTime() - b.joinedAt.getTime() || (a.memberId < b.memberId ? -1 : 1);

/**
 * Approval voting with `seats` seats: the candidates ordered by approvals; those above the
 * last seat's count are elected; when more candidates share the last seat's count than seats
 * remain, `tieRule` decides — `seniority` (the earlier `joinedAt`, then the lower member id),
 * `lot` (ascending `lotKey(chainHead, memberId)`), `runoff` (none of the tied is elected, they
 * are listed in `runoff`, `passed` is false). A seat needs at least one approval: a candidate
 * nobody approved is never elected, and seats nobody could fill leave `passed` false.
 */
export function tallyElection(
  candidates: readonly TallyCandidate[],
  seats: number,
  tieRule: TieRule,
  chainHead: string | null,
): ElectionOutcome {
  const outcome = new Map<number, CandidateOutcome>(
    candidates.map((c) => [c.no, { no: c.no, elected: false, byTieRule: false }]),
  );
  const approved = [...candidates]
    .filter((c) => c.approvals > 0)
    .sort((a, b) => b.approvals - a.approvals || a.no - b.no);
  let runoff: number[] = [];
  let filled: number;
  if (approved.length <= seats) {
    for (const c of approved) outcome.get(c.no)!.elected = true;
    filled = approved.length;
  } else {
    const last = approved[seats - 1]!.approvals;
    const above = approved.filter((c) => c.approvals > last);
    const tied = approved.filter((c) => c.approvals === last);
    const remaining = seats - above.length;
    for (const c of above) outcome.get(c.no)!.elected = true;
    filled = above.length;
    if (tied.length === remaining) {
      for (const c of tied) outcome.get(c.no)!.elected = true;
      filled += tied.length;
    } else if (tieRule === 'runoff') {
      runoff = tied.map((c) => c.no).sort((a, b) => a - b);
    } else {
      const order =
        tieRule === 'seniority'
          ? [...tied].sort(bySeniority)
          : tied
              .map((c) => ({ c, key: lotKey(chainHead, c.memberId) }))
              .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
              .map((x) => x.c);
      for (const c of order.slice(0, remaining)) {
        const o = outcome.get(c.no)!;
        o.elected = true;
        o.byTieRule = true;
      }
      filled += remaining;
    }
  }
  return {
    candidates: [...outcome.values()].sort((a, b) => a.no - b.no),
    runoff,
    passed: filled === seats,
  };
}

// ---------------------------------------------------------------------------------------------
// Motions

/** A motion's rule, frozen on the vote when it is drafted. */
export interface MotionRule {
  code: string;
  name: string;
  source: string;
  participation: VoteThreshold | null;
  consent: ConsentThreshold;
}

export interface MotionCounts {
  agree: number;
  disagree: number;
  abstain: number;
}

/** The presets a motion may count by: one member one vote. */
export const memberRulePresets = (): VoteRulePreset[] =>
  rulePresets().filter((p) => p.weighing === 'members');

/** The preset `code` frozen as a motion's rule, or undefined when it is no members' preset. */
export function motionRule(code: string): MotionRule | undefined {
  const p = memberRulePresets().find((x) => x.code === code);
  return p
    ? {
        code: p.code,
        name: p.name,
        source: p.source,
        participation: p.participation,
        consent: p.consent,
      }
    : undefined;
}

/**
 * Does the motion pass: participation (those who cast a ballot, abstentions included) over the
 * electorate meets the rule's participation threshold, if any, and the agreeing meet its
 * consent threshold over the participants or over the whole electorate, as the rule says.
 */
export function tallyMotion(rule: MotionRule, electorate: number, counts: MotionCounts): boolean {
  const participants = BigInt(counts.agree + counts.disagree + counts.abstain);
  const all = BigInt(electorate);
  if (rule.participation) {
    const share = parseShare(rule.participation.share, 'rule.participation.share');
    if (!meets(participants, all, share, rule.participation.op)) return false;
  }
  const consent = parseShare(rule.consent.share, 'rule.consent.share');
  const base = rule.consent.basis === 'all' ? all : participants;
  return meets(BigInt(counts.agree), base, consent, rule.consent.op);
}
