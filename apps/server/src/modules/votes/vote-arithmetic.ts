import type {
  HeadsAndArea,
  ThresholdOp,
  VoteCheck,
  VoteMeasure,
  VoteRuleBody,
  VoteTally,
} from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/**
 * The law's arithmetic, exactly (decision 019): areas are integers in hundredths of a m², head
 * counts are integers, a threshold is a fraction n/d, and "value / base ≥ n/d" is decided as
 * value·d ≥ n·base in BigInt. No floating point decides anything; percents are for reading.
 */

export interface Share {
  num: bigint;
  den: bigint;
}

/** "2/3" or "0.75" as a fraction; 400 unless 0 < share ≤ 1. */
export function parseShare(text: string, field: string): Share {
  let share: Share | null = null;
  const ratio = /^(\d{1,7})\/(\d{1,7})$/.exec(text);
  const decimal = /^(\d)(?:\.(\d{1,6}))?$/.exec(text);
  if (ratio) share = { num: BigInt(ratio[1]!), den: BigInt(ratio[2]!) };
  else if (decimal) {
    const digits = decimal[2] ?? '';
    share = { num: BigInt(decimal[1]! + digits), den: 10n ** BigInt(digits.length) };
  }
  if (!share || share.den === 0n || share.num <= 0n || share.num > share.den)
    throw AppError.invalid(
      field,
      'share',
      `${field}: a threshold is a fraction above 0 and at most 1, as "n/d" or a decimal (got "${text}") / 表决比例须大于 0 且不超过 1，写作“分子/分母”或小数`,
    );
  return share;
}

/** Is value / base (≥ | >) share? A base of 0 meets nothing. */
export function meets(value: bigint, base: bigint, share: Share, op: ThresholdOp): boolean {
  if (base <= 0n) return false;
  const left = value * share.den;
  const right = share.num * base;
  return op === 'gte' ? left >= right : left > right;
}

/** value / base as a percent truncated to one decimal: "71.2" (never rounded up past a bar). */
export function percentText(value: bigint, base: bigint): string {
  if (base <= 0n) return '0.0';
  const tenths = (value * 1000n) / base;
  return `${tenths / 10n}.${tenths % 10n}`;
}

/** A share for reading: "75 %" when it is a whole or one-decimal percent, else "2/3". */
export function shareText(share: Share): string {
  if ((share.num * 1000n) % share.den === 0n) {
    const tenths = (share.num * 1000n) / share.den;
    return tenths % 10n === 0n ? `${tenths / 10n} %` : `${tenths / 10n}.${tenths % 10n} %`;
  }
  return `${share.num}/${share.den}`;
}

// ---------------------------------------------------------------------------------------------
// Who counts as one: owner groups ("heads")

export interface ElectorateRoom {
  roomId: string;
  /** hundredths of a m²; null when the register has none */
  area: number | null;
  owners: readonly { key: string; kind: 'person' | 'organisation' | 'developer' }[];
}

export interface OwnerGroup {
  /** 1-based, in the order of the rooms given */
  headNo: number;
  roomIds: string[];
  /** the owner keys any of whom may cast the group's ballot */
  keys: string[];
  developer: boolean;
  /** hundredths of a m² */
  area: number;
}

/**
 * The electorate's heads (司法解释 art. 9): one exclusive unit one person, except that one buyer
 * of several units counts once (the same owners on record — the same set of owner keys) and the
 * developer's units count as one (every room a developer holds, per developer). A room without
 * owners or without a registered area is a problem: the vote cannot open over it.
 */
export function groupOwners(rooms: readonly ElectorateRoom[]): {
  groups: OwnerGroup[];
  problems: { roomId: string; problem: 'no_owners' | 'no_area' }[];
} {
  const groups: OwnerGroup[] = [];
  const byKey = new Map<string, OwnerGroup>();
  const problems: { roomId: string; problem: 'no_owners' | 'no_area' }[] = [];
  for (const room of rooms) {
    if (room.owners.length === 0) {
      problems.push({ roomId: room.roomId, problem: 'no_owners' });
      continue;
    }
    if (room.area === null || room.area <= 0) {
      problems.push({ roomId: room.roomId, problem: 'no_area' });
      continue;
    }
    const developer = room.owners.find((o) => o.kind === 'developer');
    const keys = developer ? [developer.key] : [...new Set(room.owners.map((o) => o.key))].sort();
    const groupKey = (developer ? 'developer:' : 'owners:') + keys.join(',');
    let group = byKey.get(groupKey);
    if (!group) {
      group = { headNo: groups.length + 1, roomIds: [], keys, developer: !!developer, area: 0 };
      groups.push(group);
      byKey.set(groupKey, group);
    }
    group.roomIds.push(room.roomId);
    group.area += room.area;
  }
  return { groups, problems };
}

// ---------------------------------------------------------------------------------------------
// The tally

export interface ChoiceTotals {
  agree: HeadsAndArea;
  disagree: HeadsAndArea;
  abstain: HeadsAndArea;
}

const ZERO: HeadsAndArea = { heads: 0, units: 0, area: 0 };

const add = (a: HeadsAndArea, b: HeadsAndArea): HeadsAndArea => ({
  heads: a.heads + b.heads,
  units: a.units + b.units,
  area: a.area + b.area,
});

const measureValue = (h: HeadsAndArea, m: VoteMeasure) => BigInt(m === 'area' ? h.area : h.heads);

const MEASURE_WORDS: Record<VoteMeasure, { zh: string; en: string }> = {
  count: { zh: '人数', en: 'head count' },
  area: { zh: '面积', en: 'area' },
};

/** The figures against every threshold of the rule, and whether (and why) the vote passes. */
export function tallyVote(
  rule: VoteRuleBody,
  electorate: HeadsAndArea,
  totals: ChoiceTotals,
): Omit<VoteTally, 'ballots' | 'chainHead'> {
  const participating = add(add(totals.agree, totals.disagree), totals.abstain);
  const checks: VoteCheck[] = [];
  const check = (
    stage: VoteCheck['stage'],
    measure: VoteMeasure,
    value: HeadsAndArea,
    base: HeadsAndArea,
    basis: VoteCheck['basis'],
    shareString: string,
    op: ThresholdOp,
  ) => {
    const share = parseShare(shareString, 'rule');
    const v = measureValue(value, measure);
    const b = measureValue(base, measure);
    checks.push({
      stage,
      measure,
      value: Number(v),
      base: Number(b),
      share: shareText(share),
      op,
      basis,
      met: meets(v, b, share, op),
      percent: percentText(v, b),
    });
  };
  // head count first: the way people say it ("by head count, not by area")
  const measures = [...rule.measures].sort((a, b) => (a === 'count' ? -1 : b === 'count' ? 1 : 0));
  if (rule.participation)
    for (const m of measures)
      check(
        'participation',
        m,
        participating,
        electorate,
        'all',
        rule.participation.share,
        rule.participation.op,
      );
  const consentBase = rule.consent.basis === 'all' ? electorate : participating;
  for (const m of measures)
    check(
      'consent',
      m,
      totals.agree,
      consentBase,
      rule.consent.basis,
      rule.consent.share,
      rule.consent.op,
    );
  const passed = checks.every((c) => c.met);
  return {
    electorate,
    participating,
    agree: totals.agree,
    disagree: totals.disagree,
    abstain: totals.abstain,
    checks,
    passed,
    summary: summarise(checks, passed),
  };
}

function summarise(checks: VoteCheck[], passed: boolean): { zh: string; en: string } {
  const phrase = (c: VoteCheck) => {
    const rel = c.met ? (c.op === 'gte' ? '≥' : '>') : c.op === 'gte' ? '<' : '≤';
    return `${c.percent} % ${rel} ${c.share}`;
  };
  const words = (c: VoteCheck, lang: 'zh' | 'en') =>
    lang === 'zh'
      ? `${c.stage === 'participation' ? '参与' : '同意'}${MEASURE_WORDS[c.measure].zh} ${phrase(c)}`
      : `${c.stage === 'participation' ? 'participation' : 'consent'} by ${MEASURE_WORDS[c.measure].en} ${phrase(c)}`;
  if (passed)
    return {
      zh: `通过：${checks.map((c) => words(c, 'zh')).join('，')}`,
      en: `passed: ${checks.map((c) => words(c, 'en')).join(', ')}`,
    };
  const failedParticipation = checks.filter((c) => c.stage === 'participation' && !c.met);
  if (failedParticipation.length > 0)
    return {
      zh: `未通过：参与表决未达到要求，${failedParticipation.map((c) => words(c, 'zh')).join('，')}`,
      en: `not passed: too few took part, ${failedParticipation.map((c) => words(c, 'en')).join(', ')}`,
    };
  const consent = checks.filter((c) => c.stage === 'consent');
  const met = consent.filter((c) => c.met);
  const failed = consent.filter((c) => !c.met);
  if (met.length > 0) {
    // one measure passed and the other not: say which
    const m = met[0]!.measure;
    const f = failed[0]!;
    return {
      zh: `未通过：按${MEASURE_WORDS[m].zh}通过，按${MEASURE_WORDS[f.measure].zh}未通过：${phrase(f)}`,
      en: `not passed: passed by ${MEASURE_WORDS[m].en}, not by ${MEASURE_WORDS[f.measure].en}: ${phrase(f)}`,
    };
  }
  return {
    zh: `未通过：${failed.map((c) => words(c, 'zh')).join('，')}`,
    en: `not passed: ${failed.map((c) => words(c, 'en')).join(', ')}`,
  };
}

export const NO_BALLOTS: ChoiceTotals = { agree: ZERO, disagree: ZERO, abstain: ZERO };
