import crypto from 'node:crypto';

/**
 * An append-only hash chain, as owners' ballots, council ballots and a council's fund keep
 * them: entry n's hash is the sha256 hex of `${entry n-1's hash}\n${JSON.stringify(payload)}`,
 * the first entry's previous hash 64 zeros; entries are numbered 1, 2, 3 … without a gap. Each
 * owner of a chain says what its payload is (the fields that must never change); a published
 * head commits to every entry before it.
 */
export const CHAIN_GENESIS = '0'.repeat(64);

/** The hash of one entry whose fields are `payload`, after `prevHash`. */
export function chainHash(prevHash: string, payload: readonly unknown[]): string {
  return crypto
    .createHash('sha256')
    .update(`${prevHash}\n${JSON.stringify(payload)}`)
    .digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  /** entries checked */
  length: number;
  /** the last entry's hash (null for an empty chain) */
  head: string | null;
  /** the first entry that is wrong, and why */
  brokenAt: number | null;
  reason: string | null;
}

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Check a chain in seq order: seq 1, 2, 3 … without a gap, each prevHash the hash before it
 * (64 zeros first), each hash recomputed from the entry's payload.
 */
export function verifyHashChain<E extends ChainLink>(
  entries: readonly E[],
  payloadOf: (entry: E) => readonly unknown[],
): ChainCheck {
  let prev = CHAIN_GENESIS;
  const head = entries.at(-1)?.hash ?? null;
  const broken = (e: E, reason: string): ChainCheck => ({
    ok: false,
    length: entries.length,
    head,
    brokenAt: e.seq,
    reason,
  });
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return broken(e, `expected seq ${i + 1}, found ${e.seq}`);
    if (e.prevHash !== prev) return broken(e, 'prevHash is not the previous entry’s hash');
    if (chainHash(prev, payloadOf(e)) !== e.hash)
      return broken(e, 'the hash does not match the entry');
    prev = e.hash;
  }
  return { ok: true, length: entries.length, head, brokenAt: null, reason: null };
}
