import {
  BALLOT_CHANNELS,
  VOTE_CHOICES,
  type BallotChainEntry,
  type VoteChoice,
  type VoteResult,
} from '@cc/contracts';

/**
 * The published hash chain checked in the browser (Web Crypto SHA-256), in the format the
 * server writes: genesis prev hash = 64 zeros; hash = sha256 hex of
 * `${prevHash}\n${JSON.stringify([voteId, seq, headNo, choice, channel, castAt ISO])}`.
 */

export const GENESIS_HASH = '0'.repeat(64);

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of one entry as the server computes it. */
export function entryHash(
  voteId: string,
  prevHash: string,
  e: { seq: number; headNo: number; choice: string; channel: string; castAt: string },
): Promise<string> {
  const castAt = new Date(e.castAt).toISOString();
  return sha256Hex(
    `${prevHash}\n${JSON.stringify([voteId, e.seq, e.headNo, e.choice, e.channel, castAt])}`,
  );
}

export type ChainProblem = 'field' | 'order' | 'link' | 'hash' | 'head' | 'units' | 'tally';

export type ChainCheck =
  | { ok: true; entries: number; head: string | null }
  | {
      ok: false;
      problem: ChainProblem;
      /** the entry at fault, when one is */
      seq: number | null;
      /** 'units': the unit whose published choice differs; 'tally': the choice whose count does */
      detail?: string;
    };

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
const isHex64 = (s: unknown) => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);

/** Every field the hash covers or the chain needs is there and of its kind (as published, unchecked). */
function isComplete(e: unknown): e is BallotChainEntry {
  const x = e as Partial<Record<keyof BallotChainEntry, unknown>> | null;
  return (
    !!x &&
    isInt(x.seq) &&
    isInt(x.headNo) &&
    (VOTE_CHOICES as readonly unknown[]).includes(x.choice) &&
    (BALLOT_CHANNELS as readonly unknown[]).includes(x.channel) &&
    typeof x.castAt === 'string' &&
    !Number.isNaN(Date.parse(x.castAt)) &&
    Array.isArray(x.units) &&
    isHex64(x.prevHash) &&
    isHex64(x.hash)
  );
}

/**
 * Walks the chain: every entry has all its fields (a missing head number is a failure, not a
 * check skipped), each follows the one before (its prev hash is that entry's hash, the first
 * one's is 64 zeros, seq goes 1, 2, 3…), each hash recomputes, and the last hash is the
 * published head.
 */
export async function verifyChain(
  voteId: string,
  chain: readonly BallotChainEntry[],
  publishedHead: string | null,
): Promise<ChainCheck> {
  for (const e of chain) {
    if (!isComplete(e)) {
      const seq = (e as { seq?: unknown } | null)?.seq;
      return { ok: false, seq: isInt(seq) ? seq : null, problem: 'field' };
    }
  }
  const entries = [...chain].sort((a, b) => a.seq - b.seq);
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, problem: 'order' };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'link' };
    if ((await entryHash(voteId, prev, e)) !== e.hash)
      return { ok: false, seq: e.seq, problem: 'hash' };
    prev = e.hash;
  }
  const head = entries.length ? prev : null;
  if ((publishedHead ?? null) !== head) return { ok: false, seq: null, problem: 'head' };
  return { ok: true, entries: entries.length, head };
}

/** Each owner group's standing ballot: the last entry of the chain for its head number. */
export function finalBallots(chain: readonly BallotChainEntry[]): Map<number, BallotChainEntry> {
  const out = new Map<number, BallotChainEntry>();
  for (const e of [...chain].sort((a, b) => a.seq - b.seq)) out.set(e.headNo, e);
  return out;
}

/**
 * The published figures rebuilt from the chain: every unit's choice is its group's last
 * ballot (a unit no ballot names has none), and the tally's head counts per choice are the
 * counts of the groups' last ballots. The first difference is reported.
 */
export function crossCheck(result: Pick<VoteResult, 'chain' | 'units' | 'tally'>): ChainCheck {
  const finals = finalBallots(result.chain);
  const expected = new Map<string, { choice: VoteChoice; seq: number }>();
  for (const e of finals.values()) {
    if (e.units.length === 0) return { ok: false, seq: e.seq, problem: 'units' };
    for (const label of e.units) expected.set(label, { choice: e.choice, seq: e.seq });
  }
  const published = new Map(result.units.map((u) => [u.label, u.choice]));
  for (const [label, want] of expected) {
    if (published.get(label) !== want.choice)
      return { ok: false, seq: want.seq, problem: 'units', detail: label };
  }
  for (const u of result.units) {
    if (u.choice !== null && !expected.has(u.label))
      return { ok: false, seq: null, problem: 'units', detail: u.label };
  }
  for (const choice of VOTE_CHOICES) {
    const heads = [...finals.values()].filter((e) => e.choice === choice).length;
    if (result.tally[choice].heads !== heads)
      return { ok: false, seq: null, problem: 'tally', detail: choice };
  }
  return { ok: true, entries: result.chain.length, head: result.tally.chainHead ?? null };
}

/** The chain recomputed, then the published units and tally checked against it. */
export async function verifyResult(result: VoteResult): Promise<ChainCheck> {
  const chain = await verifyChain(result.voteId, result.chain, result.tally.chainHead);
  return chain.ok ? crossCheck(result) : chain;
}
