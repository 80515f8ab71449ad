import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import type { BallotChainEntry, VoteChoice, VoteResult, VoteTally } from '@cc/contracts';
import { crossCheck, finalBallots, GENESIS_HASH, verifyChain, verifyResult } from './vote-chain';
import { formatArea, shareText } from './vote-figures';

describe('vote figures', () => {
  it('shows hundredths of a m² exactly, with two decimals', () => {
    assert.equal(formatArea(0), '0.00 m²');
    assert.equal(formatArea(7025), '70.25 m²');
    assert.equal(formatArea(5), '0.05 m²');
    assert.equal(formatArea(123456789), '1,234,567.89 m²');
    assert.equal(formatArea(34650, false), '346.50');
  });
  it('writes a threshold as the rule reads it', () => {
    assert.equal(shareText('2/3', 'gte'), '≥ 2/3');
    assert.equal(shareText('1/2', 'gt'), '> 1/2');
  });
});

/** The server's format (docs/notes): sha256 of prev hash, newline, the entry as a JSON array. */
function serverHash(
  voteId: string,
  prev: string,
  e: { seq: number; headNo: number; choice: string; channel: string; castAt: string },
) {
  const body = JSON.stringify([
    voteId,
    e.seq,
    e.headNo,
    e.choice,
    e.channel,
    new Date(e.castAt).toISOString(),
  ]);
  return crypto.createHash('sha256').update(`${prev}\n${body}`).digest('hex');
}

interface Cast {
  headNo: number;
  units: string[];
  choice: VoteChoice;
}

/** A chain as the server writes it, one entry per cast, in order. */
function chainOf(voteId: string, casts: readonly Cast[]): BallotChainEntry[] {
  const out: BallotChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (const [i, c] of casts.entries()) {
    const seq = i + 1;
    const e = {
      seq,
      ...c,
      channel: seq % 2 ? ('online' as const) : ('paper' as const),
      castAt: new Date(Date.UTC(2026, 11, 6, 10, seq)).toISOString(),
    };
    const hash = serverHash(voteId, prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const CHOICES = ['agree', 'disagree', 'abstain'] as const;

/** n ballots of n groups (head 11, 12, …), one unit each. */
function chain(voteId: string, n: number): BallotChainEntry[] {
  return chainOf(
    voteId,
    Array.from({ length: n }, (_, i) => ({
      headNo: i + 11,
      units: [`3号楼 1单元 ${i + 1}01`],
      choice: CHOICES[(i + 1) % 3]!,
    })),
  );
}

describe('verifying the published chain in the browser (Web Crypto)', () => {
  const voteId = '8a3c1f2e-1111-4222-8333-944455556666';
  it('recomputes every hash as the server writes it, and finds the head', async () => {
    const c = chain(voteId, 5);
    assert.deepEqual(await verifyChain(voteId, c, c[4]!.hash), {
      ok: true,
      entries: 5,
      head: c[4]!.hash,
    });
  });
  it('an entry without its head number (or another field) fails: no check is skipped', async () => {
    const c = chain(voteId, 3);
    const head = c[2]!.hash;
    const withoutHead = c.map((e) => {
      if (e.seq !== 2) return e;
      const { headNo: _, ...rest } = e;
      return rest as BallotChainEntry;
    });
    assert.deepEqual(await verifyChain(voteId, withoutHead, head), {
      ok: false,
      seq: 2,
      problem: 'field',
    });
    const withoutTime = c.map((e) => (e.seq === 3 ? { ...e, castAt: undefined } : e));
    assert.deepEqual(
      await verifyChain(voteId, withoutTime as unknown as BallotChainEntry[], head),
      { ok: false, seq: 3, problem: 'field' },
    );
    const oddChoice = c.map((e) => (e.seq === 1 ? { ...e, choice: 'maybe' } : e));
    assert.deepEqual(await verifyChain(voteId, oddChoice as unknown as BallotChainEntry[], head), {
      ok: false,
      seq: 1,
      problem: 'field',
    });
    const stringHead = c.map((e) => (e.seq === 1 ? { ...e, headNo: '11' } : e));
    assert.deepEqual(await verifyChain(voteId, stringHead as unknown as BallotChainEntry[], head), {
      ok: false,
      seq: 1,
      problem: 'field',
    });
  });
  it('an empty chain has no head', async () => {
    assert.equal((await verifyChain(voteId, [], null)).ok, true);
    assert.deepEqual(await verifyChain(voteId, [], 'ab'), {
      ok: false,
      seq: null,
      problem: 'head',
    });
  });
  it('a changed choice or head number, a broken link, a gap or another head is found', async () => {
    const c = chain(voteId, 4);
    const head = c[3]!.hash;
    const changed = c.map((e) => (e.seq === 2 ? { ...e, choice: 'agree' as const } : e));
    const r1 = await verifyChain(voteId, changed, head);
    // seq 2 was 'abstain' (2 % 3): agreeing instead breaks its hash
    assert.deepEqual(r1, { ok: false, seq: 2, problem: 'hash' });
    const moved = c.map((e) => (e.seq === 3 ? { ...e, headNo: 99 } : e));
    assert.deepEqual(await verifyChain(voteId, moved, head), {
      ok: false,
      seq: 3,
      problem: 'hash',
    });
    const relinked = c.map((e) => (e.seq === 3 ? { ...e, prevHash: GENESIS_HASH } : e));
    assert.deepEqual(await verifyChain(voteId, relinked, head), {
      ok: false,
      seq: 3,
      problem: 'link',
    });
    const gap = c.filter((e) => e.seq !== 2);
    assert.deepEqual(await verifyChain(voteId, gap, head), { ok: false, seq: 3, problem: 'order' });
    assert.deepEqual(await verifyChain(voteId, c, c[2]!.hash), {
      ok: false,
      seq: null,
      problem: 'head',
    });
  });
});

const none = { heads: 0, units: 0, area: 0 };

/**
 * A published result: head 1 (two units, one owner) agrees then changes to disagree; head 2
 * agrees on paper; head 3 abstains; head 4 has not voted.
 */
function published(voteId: string): VoteResult {
  const c = chainOf(voteId, [
    { headNo: 1, units: ['1单元 101', '1单元 102'], choice: 'agree' },
    { headNo: 2, units: ['1单元 201'], choice: 'agree' },
    { headNo: 3, units: ['1单元 301'], choice: 'abstain' },
    { headNo: 1, units: ['1单元 101', '1单元 102'], choice: 'disagree' },
  ]);
  const tally: VoteTally = {
    electorate: { heads: 4, units: 5, area: 50000 },
    participating: { heads: 3, units: 4, area: 40000 },
    agree: { heads: 1, units: 1, area: 10000 },
    disagree: { heads: 1, units: 2, area: 20000 },
    abstain: { heads: 1, units: 1, area: 10000 },
    checks: [],
    passed: false,
    summary: { zh: '', en: '' },
    ballots: 4,
    chainHead: c[3]!.hash,
  };
  return {
    voteId,
    tally,
    units: [
      { label: '1单元 101', area: 10000, choice: 'disagree', channel: 'paper' },
      { label: '1单元 102', area: 10000, choice: 'disagree', channel: 'paper' },
      { label: '1单元 201', area: 10000, choice: 'agree', channel: 'paper' },
      { label: '1单元 301', area: 10000, choice: 'abstain', channel: 'online' },
      { label: '1单元 401', area: 10000, choice: null, channel: null },
    ],
    chain: c,
    publishedAt: new Date(Date.UTC(2026, 11, 7)).toISOString(),
  };
}

describe('the published units and tally rebuilt from the chain', () => {
  const voteId = '8a3c1f2e-1111-4222-8333-944455556666';
  it('each group stands by its last ballot', () => {
    const finals = finalBallots(published(voteId).chain);
    assert.deepEqual(
      [...finals].map(([head, e]) => [head, e.seq, e.choice]),
      [
        [1, 4, 'disagree'],
        [2, 2, 'agree'],
        [3, 3, 'abstain'],
      ],
    );
  });
  it('a result that agrees with its chain passes, the chain recomputed first', async () => {
    const r = published(voteId);
    assert.deepEqual(crossCheck(r), { ok: true, entries: 4, head: r.tally.chainHead });
    assert.deepEqual(await verifyResult(r), { ok: true, entries: 4, head: r.tally.chainHead });
  });
  it('a unit shown with a choice its group’s last ballot did not make is a mismatch', () => {
    const r = published(voteId);
    // the replaced first ballot (agree) counted instead of the last one
    r.units[1] = { ...r.units[1]!, choice: 'agree' };
    assert.deepEqual(crossCheck(r), { ok: false, seq: 4, problem: 'units', detail: '1单元 102' });
  });
  it('a unit shown as voted that no ballot names, or a voted unit shown as not, is a mismatch', () => {
    const extra = published(voteId);
    extra.units[4] = { ...extra.units[4]!, choice: 'agree', channel: 'online' };
    assert.deepEqual(crossCheck(extra), {
      ok: false,
      seq: null,
      problem: 'units',
      detail: '1单元 401',
    });
    const missing = published(voteId);
    missing.units[3] = { ...missing.units[3]!, choice: null, channel: null };
    assert.deepEqual(crossCheck(missing), {
      ok: false,
      seq: 3,
      problem: 'units',
      detail: '1单元 301',
    });
  });
  it('a tally whose head counts differ from the groups’ last ballots is a mismatch', () => {
    for (const choice of CHOICES) {
      const r = published(voteId);
      r.tally = { ...r.tally, [choice]: { ...r.tally[choice], heads: r.tally[choice].heads + 1 } };
      assert.deepEqual(crossCheck(r), { ok: false, seq: null, problem: 'tally', detail: choice });
    }
    // every ballot counted, replacements too: two agree
    const r = published(voteId);
    r.tally = { ...r.tally, agree: { ...r.tally.agree, heads: 2 }, disagree: none };
    assert.equal(crossCheck(r).ok, false);
  });
  it('a broken chain is reported before the figures', async () => {
    const r = published(voteId);
    r.chain = r.chain.map((e) => (e.seq === 4 ? { ...e, choice: 'agree' as const } : e));
    assert.deepEqual(await verifyResult(r), { ok: false, seq: 4, problem: 'hash' });
  });
});
