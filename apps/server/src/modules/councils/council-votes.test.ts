import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TIE_RULES,
  type CouncilBallotReceipt,
  type CouncilMemberList,
  type CouncilVote,
  type CouncilVoteChain,
  type CouncilVoteList,
  type MeetingDetail,
  type MeetingList,
} from '@cc/contracts';
import {
  COUNCIL_TEST_CONFIG,
  addMember,
  makeCouncilWithMembers,
  otherStreetOperator,
  type CouncilWithMembers,
  type MemberRep,
} from '../../testing-councils.js';
import {
  DATABASES,
  eventually,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { lotKey } from './council-tally.js';

/**
 * Elections and motions of a council through HTTP on a real database: approval voting with
 * ties at the last seat under each rule, motions under the votes module's members presets, bad
 * input refused with nothing stored, concurrent ballots counted exactly, the ballot chain
 * verified (and failing when a stored ballot is altered), the close job, publishing that makes
 * the winners directors, and council meetings (the meetings module, hosted by the council).
 */

type Err = { field?: string; rule?: string; message: string };
const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

for (const kind of DATABASES) {
  describe(`council elections and motions (${kind})`, () => {
    let tp: TestPlatform;
    let A: CouncilWithMembers; // 8 members: [0] chair, [1] [2] directors, the rest members
    let m: MemberRep[];
    let staff: Client;
    const db = () => tp.platform.database.db;
    const countVotes = async () =>
      Number(
        (
          await db()
            .selectFrom('council_votes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    const create = (client: Client, councilId: string, body: Record<string, unknown>) =>
      client.post<CouncilVote & Err>(`/api/councils/${councilId}/votes`, {
        title: '测试表决',
        closesAt: at(60 * MINUTE),
        ...body,
      });
    const election = (
      client: Client,
      councilId: string,
      candidates: readonly MemberRep[],
      seats: number,
      tieRule: string,
    ) =>
      create(client, councilId, {
        kind: 'election',
        title: '理事选举',
        candidates: candidates.map((c) => c.memberId),
        seats,
        tieRule,
      });
    const act = (client: Client, id: string, step: string) =>
      client.post<CouncilVote & Err>(`/api/council-votes/${id}/${step}`);
    const ballot = (rep: MemberRep, id: string, body: Record<string, unknown>) =>
      rep.client.post<CouncilBallotReceipt & Err>(`/api/council-votes/${id}/ballot`, body);
    /** its closing time moved into the past (the job's stays as queued), then closed by hand */
    const closeDue = async (client: Client, id: string) => {
      await db()
        .updateTable('council_votes')
        .set({ closes_at: new Date(Date.now() - MINUTE) })
        .where('id', '=', id)
        .execute();
      return act(client, id, 'close');
    };
    /** a draft made and opened (201, 200 asserted) */
    const opened = async (r: Awaited<ReturnType<typeof create>>) => {
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const o = await act(staff, r.body.id, 'open');
      assert.equal(o.status, 200, JSON.stringify(o.body));
      return o.body;
    };

    before(async () => {
      tp = await startTestPlatform(kind, COUNCIL_TEST_CONFIG);
      A = await makeCouncilWithMembers(tp, { members: 8 });
      m = A.members;
      staff = A.staff;
    });
    after(() => tp.close());

    it('when 2 are elected among 4 and two tie at the last seat, then each tie rule decides as set', async () => {
      // numbers: 1 = m0, 2 = m2, 3 = m1 (m1 joined before m2), 4 = m3
      const cands = [m[0]!, m[2]!, m[1]!, m[3]!];
      // 1: 3 approvals; 2 and 3: 2 each (the last seat); 4: 1
      const ballots: [MemberRep, number[]][] = [
        [m[0]!, [1, 2]],
        [m[1]!, [1, 3]],
        [m[2]!, [1, 2]],
        [m[3]!, [3, 4]],
      ];
      for (const rule of TIE_RULES) {
        const v = await opened(await election(m[0]!.client, A.councilId, cands, 2, rule));
        assert.equal(v.state, 'open');
        assert.equal(v.electorate, 8);
        assert.equal(v.tieRule, rule);
        assert.deepEqual(
          v.candidates.map((c) => c.memberId),
          cands.map((c) => c.memberId),
        );
        for (const [i, [rep, approve]] of ballots.entries()) {
          // the path's id in upper case once: the chain still carries the id as stored
          const r = await ballot(rep, i === 3 ? v.id.toUpperCase() : v.id, { approve });
          assert.equal(r.status, 201, JSON.stringify(r.body));
        }
        // while open, nobody sees the counts or the chain's head: not a member, not the chair
        // (who votes too), not staff; how many have voted is shown
        for (const reader of [m[5]!.client, m[0]!.client, staff]) {
          const open = (await reader.get<CouncilVote>(`/api/council-votes/${v.id}`)).body;
          assert.equal(open.ballots, 4);
          assert.ok(
            open.candidates.every((c) => c.approvals === null),
            JSON.stringify(open.candidates),
          );
          assert.equal(open.chainHead, null);
          const listed = (
            await reader.get<CouncilVoteList>(`/api/councils/${A.councilId}/votes`)
          ).body.items.find((x) => x.id === v.id)!;
          assert.ok(listed.candidates.every((c) => c.approvals === null));
          assert.equal(listed.chainHead, null);
        }
        const seen = await m[5]!.client.get<CouncilVote>(`/api/council-votes/${v.id}`);
        assert.equal(seen.body.canVote, true);
        assert.equal(seen.body.canRun, false);
        const mine = await m[3]!.client.get<CouncilVote>(`/api/council-votes/${v.id}`);
        assert.equal(mine.body.myBallot?.seq, 4);
        assert.equal(mine.body.canVote, false);

        // 4 of the 8 have not voted: those who run it cannot close it before its time
        for (const runner of [staff, m[0]!.client]) {
          const early = await act(runner, v.id, 'close');
          assert.equal(early.status, 409, JSON.stringify(early.body));
          assert.equal(early.body.field, 'closesAt');
          assert.match(early.body.message, /4 of the 8/);
        }
        assert.equal(
          (await staff.get<CouncilVote>(`/api/council-votes/${v.id}`)).body.state,
          'open',
        );
        const c = await closeDue(staff, v.id);
        assert.equal(c.status, 200, JSON.stringify(c.body));
        const closed = (await m[5]!.client.get<CouncilVote>(`/api/council-votes/${v.id}`)).body;
        assert.equal(closed.state, 'closed');
        assert.equal(closed.ballots, 4);
        assert.deepEqual(
          closed.candidates.map((x) => x.approvals),
          [3, 2, 2, 1],
        );
        const elected = closed.candidates.filter((x) => x.elected).map((x) => x.no);
        const byTie = closed.candidates.filter((x) => x.byTieRule).map((x) => x.no);
        if (rule === 'seniority') {
          assert.deepEqual(elected, [1, 3], 'no 3 (m1) joined before no 2 (m2)');
          assert.deepEqual(byTie, [3]);
          assert.deepEqual(closed.runoff, []);
          assert.equal(closed.passed, true);
        } else if (rule === 'lot') {
          const head = closed.chainHead!;
          const winner =
            lotKey(head, cands[1]!.memberId) < lotKey(head, cands[2]!.memberId) ? 2 : 3;
          assert.deepEqual(elected, [1, winner]);
          assert.deepEqual(byTie, [winner]);
          assert.equal(closed.passed, true);
        } else {
          assert.deepEqual(elected, [1]);
          assert.deepEqual(closed.runoff, [2, 3]);
          assert.deepEqual(byTie, []);
          assert.equal(closed.passed, false);
          assert.equal(closed.candidates.filter((x) => x.elected === false).length, 3);
        }
        const chain = await m[7]!.client.get<CouncilVoteChain>(`/api/council-votes/${v.id}/chain`);
        assert.equal(chain.status, 200, JSON.stringify(chain.body));
        assert.equal(chain.body.check.ok, true);
        assert.equal(chain.body.check.head, closed.chainHead);
        assert.deepEqual(
          chain.body.entries.map((e) => e.approve),
          ballots.map(([, a]) => a),
        );
      }
    });

    it('when a motion is put under a members preset, then it passes or fails by that rule', async () => {
      const simple = await opened(
        await create(staff, A.councilId, { kind: 'motion', rule: 'simple_majority' }),
      );
      assert.deepEqual(simple.rule?.code, 'simple_majority');
      for (const [i, choice] of ['agree', 'agree', 'agree', 'disagree', 'abstain'].entries())
        assert.equal((await ballot(m[i]!, simple.id, { choice })).status, 201);
      const s = await closeDue(m[0]!.client, simple.id);
      assert.equal(s.status, 200, JSON.stringify(s.body));
      assert.deepEqual(s.body.counts, { agree: 3, disagree: 1, abstain: 1 });
      assert.equal(s.body.passed, true, '3 of 5 voting agree: more than half');

      // 3 of 8 take part: not more than half of the members
      const quorum = await opened(
        await create(staff, A.councilId, { kind: 'motion', rule: 'quorum_majority' }),
      );
      for (const [i, choice] of ['agree', 'agree', 'disagree'].entries())
        assert.equal((await ballot(m[i]!, quorum.id, { choice })).status, 201);
      const q = await closeDue(staff, quorum.id);
      assert.deepEqual(q.body.counts, { agree: 2, disagree: 1, abstain: 0 });
      assert.equal(q.body.passed, false);
      // a member reads the counts once it is closed
      const seen = await m[6]!.client.get<CouncilVote>(`/api/council-votes/${quorum.id}`);
      assert.deepEqual(seen.body.counts, { agree: 2, disagree: 1, abstain: 0 });
      const list = await m[6]!.client.get<CouncilVoteList>(`/api/councils/${A.councilId}/votes`);
      assert.equal(list.status, 200);
      assert.equal(list.body.items[0]!.id, quorum.id, 'the newest first');
      assert.ok(list.body.items.some((x) => x.id === simple.id));
    });

    it('when a vote is drafted with bad input, then it is refused naming the field and nothing is stored', async () => {
      const before = await countVotes();
      const cands = [m[0]!, m[1]!, m[2]!];
      const cases: [Record<string, unknown>, number, string, string][] = [
        [
          {
            kind: 'election',
            candidates: cands.map((c) => c.memberId),
            seats: 4,
            tieRule: 'lot',
          },
          400,
          'seats',
          'range',
        ],
        [
          { kind: 'election', candidates: cands.map((c) => c.memberId), seats: 2 },
          400,
          'tieRule',
          'required',
        ],
        [
          {
            kind: 'election',
            candidates: [m[0]!.memberId, '00000000-0000-4000-8000-000000000001'],
            seats: 1,
            tieRule: 'lot',
          },
          400,
          'candidates.1',
          'notMember',
        ],
        [
          {
            kind: 'election',
            candidates: [m[0]!.memberId],
            seats: 1,
            tieRule: 'lot',
            rule: 'simple_majority',
          },
          400,
          'rule',
          'notAllowed',
        ],
        [
          {
            kind: 'election',
            // the same member twice, in two cases: one candidate named twice
            candidates: [m[0]!.memberId, m[1]!.memberId, m[0]!.memberId.toUpperCase()],
            seats: 1,
            tieRule: 'lot',
          },
          400,
          'candidates',
          'duplicate',
        ],
        [{ kind: 'motion', rule: 'civil_code_major' }, 400, 'rule', 'preset'],
        [{ kind: 'motion' }, 400, 'rule', 'required'],
        [{ kind: 'motion', rule: 'simple_majority', seats: 2 }, 400, 'seats', 'notAllowed'],
        [
          { kind: 'motion', rule: 'simple_majority', closesAt: at(-MINUTE) },
          400,
          'closesAt',
          'future',
        ],
        [
          {
            kind: 'motion',
            rule: 'simple_majority',
            meetingId: '00000000-0000-4000-8000-000000000002',
          },
          400,
          'meetingId',
          'notCouncilMeeting',
        ],
      ];
      for (const [body, status, field, rule] of cases) {
        const r = await create(staff, A.councilId, body);
        assert.equal(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.equal(r.body.rule, rule, JSON.stringify(r.body));
      }
      // a plain member may not run a vote; another street's staff and outsiders never see it
      const member = await create(m[4]!.client, A.councilId, {
        kind: 'motion',
        rule: 'simple_majority',
      });
      assert.equal(member.status, 403);
      const other = await otherStreetOperator(tp);
      assert.equal(
        (await create(other, A.councilId, { kind: 'motion', rule: 'simple_majority' })).status,
        404,
      );
      assert.equal((await other.get(`/api/councils/${A.councilId}/votes`)).status, 404);
      assert.equal(await countVotes(), before);
    });

    it('when ballots are bad or come from the wrong people, then each is refused and the counts do not move', async () => {
      const draft = await election(staff, A.councilId, [m[0]!, m[1]!, m[2]!, m[3]!], 2, 'lot');
      assert.equal(draft.status, 201);
      const id = draft.body.id;
      // not open yet
      const early = await ballot(m[0]!, id, { approve: [1] });
      assert.equal(early.status, 409, JSON.stringify(early.body));
      await opened(draft);
      // a member that joins after the open
      const lateRep = await signedUpAccount(tp);
      const late = await addMember(staff, A.councilId, {
        kind: 'lawyer',
        name: '后加入的律所',
        representatives: [{ accountId: lateRep.accountId, role: 'member' }],
      });

      const tooMany = await ballot(m[0]!, id, { approve: [1, 2, 3] });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.field, 'approve');
      assert.equal(tooMany.body.rule, 'maxItems');
      assert.match(tooMany.body.message, /at most 2/);
      assert.match(tooMany.body.message, /最多可选 2 名/);
      const noSuch = await ballot(m[0]!, id, { approve: [1, 9] });
      assert.equal(noSuch.status, 400);
      assert.equal(noSuch.body.field, 'approve.1');
      assert.equal(noSuch.body.rule, 'candidate');
      // beyond an int column: refused by the schema, never a 500
      const huge = await ballot(m[0]!, id, { approve: [2147483648] });
      assert.equal(huge.status, 400, JSON.stringify(huge.body));
      assert.equal(huge.body.field, 'approve.0');
      assert.equal(huge.body.rule, 'maximum', 'the schema caps it, before any count');
      const choice = await ballot(m[0]!, id, { choice: 'agree' });
      assert.equal(choice.status, 400);
      const none = await ballot(m[0]!, id, {});
      assert.equal(none.body.field, 'approve');
      assert.equal(none.body.rule, 'required');

      const first = await ballot(m[0]!, id, { approve: [2] });
      assert.equal(first.status, 201);
      assert.equal(first.body.seq, 1);
      const second = await ballot(m[0]!, id, { approve: [1] });
      assert.equal(second.status, 409, JSON.stringify(second.body));
      assert.match(second.body.message, /receipt no\. 1/);
      // a representative of a member that joined after the open: no ballot here
      const notIn = await lateRep.client.post<Err>(`/api/council-votes/${id}/ballot`, {
        approve: [1],
      });
      assert.equal(notIn.status, 403, JSON.stringify(notIn.body));
      // staff run the vote, they do not vote
      assert.equal(
        (await staff.post(`/api/council-votes/${id}/ballot`, { approve: [1] })).status,
        403,
      );
      // someone who is no member never learns the vote exists
      const outsider = await signedUpAccount(tp);
      assert.equal(
        (await outsider.client.post(`/api/council-votes/${id}/ballot`, { approve: [1] })).status,
        404,
      );
      assert.equal((await outsider.client.get(`/api/council-votes/${id}`)).status, 404);
      // the chain is shown once closed
      assert.equal((await m[1]!.client.get(`/api/council-votes/${id}/chain`)).status, 409);
      // a plain member may not close it
      assert.equal((await act(m[4]!.client, id, 'close')).status, 403);

      const v = (await staff.get<CouncilVote>(`/api/council-votes/${id}`)).body;
      assert.equal(v.ballots, 1);
      assert.equal(v.electorate, 8, 'the members at the open');

      // a motion needs a choice and takes no approvals
      const motion = await opened(
        await create(staff, A.councilId, { kind: 'motion', rule: 'simple_majority' }),
      );
      const noChoice = await ballot(m[0]!, motion.id, {});
      assert.equal(noChoice.body.field, 'choice');
      assert.equal(noChoice.body.rule, 'required');
      assert.equal((await ballot(m[0]!, motion.id, { approve: [1] })).status, 400);

      // closed: no more ballots; cancelled: neither
      const closed = await closeDue(staff, id);
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.deepEqual(
        closed.body.candidates.map((c) => c.approvals),
        [0, 1, 0, 0],
      );
      assert.equal((await ballot(m[1]!, id, { approve: [1] })).status, 409);
      assert.equal((await act(staff, id, 'close')).status, 409);
      assert.equal((await act(staff, id, 'cancel')).status, 409);
      const c = await act(staff, motion.id, 'cancel');
      assert.equal(c.body.state, 'cancelled');
      assert.equal((await ballot(m[1]!, motion.id, { choice: 'agree' })).status, 409);
      assert.equal((await act(staff, motion.id, 'open')).status, 409);
      const stored = await db()
        .selectFrom('council_ballots')
        .select('member_id')
        .where('vote_id', 'in', [id, motion.id])
        .execute();
      assert.deepEqual(
        stored.map((s) => s.member_id),
        [m[0]!.memberId],
      );
      // the late member leaves again: the council is its 8 members for the tests that follow
      assert.equal(
        (await staff.delete(`/api/councils/${A.councilId}/members/${late.id}`)).status,
        204,
      );
    });

    it('when every member casts at once, then the counts are exact and the chain verifies', async () => {
      const cands = m.slice(0, 6);
      const v = await opened(await election(staff, A.councilId, cands, 3, 'seniority'));
      const motion = await opened(
        await create(staff, A.councilId, { kind: 'motion', rule: 'quorum_majority' }),
      );
      const picks = m.map((_, i) => [...new Set([(i % 6) + 1, ((i * 5) % 6) + 1, 1])].slice(0, 3));
      const choices = m.map((_, i) => (['agree', 'disagree', 'abstain', 'agree'] as const)[i % 4]!);
      const rs = await Promise.all([
        ...m.map((rep, i) => ballot(rep, v.id, { approve: picks[i] })),
        ...m.map((rep, i) => ballot(rep, motion.id, { choice: choices[i] })),
        // the same member twice at once: one ballot
        ballot(m[0]!, v.id, { approve: [2] }),
      ]);
      const statuses = rs.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 2 * m.length);
      assert.equal(statuses.filter((s) => s === 409).length, 1);
      // m0's ballot is whichever of its two came first: count the others' as sent, then m0's as stored
      const expected = [1, 2, 3, 4, 5, 6].map(
        (no) => picks.filter((p, i) => i > 0 && p.includes(no)).length,
      );
      const m0 = (
        await db()
          .selectFrom('council_ballots')
          .select('approve')
          .where('vote_id', '=', v.id)
          .where('member_id', '=', m[0]!.memberId)
          .executeTakeFirstOrThrow()
      ).approve!;
      assert.ok(
        [JSON.stringify([...picks[0]!].sort()), '[2]'].includes(JSON.stringify(m0)),
        `m0's stored ballot ${JSON.stringify(m0)} is one of those sent`,
      );
      for (const no of m0) expected[no - 1]!++;
      // every member has voted: it may be closed by hand before its time
      const closed = (await act(staff, v.id, 'close')).body;
      assert.equal(closed.state, 'closed', JSON.stringify(closed));
      assert.equal(closed.ballots, m.length);
      assert.deepEqual(
        closed.candidates.map((c) => c.approvals),
        expected,
      );
      const chain = (await m[3]!.client.get<CouncilVoteChain>(`/api/council-votes/${v.id}/chain`))
        .body;
      assert.equal(chain.check.ok, true, JSON.stringify(chain.check));
      assert.deepEqual(
        chain.entries.map((e) => e.seq),
        m.map((_, i) => i + 1),
      );
      assert.equal(new Set(chain.entries.map((e) => e.memberId)).size, m.length);

      const mc = (await act(staff, motion.id, 'close')).body;
      assert.deepEqual(mc.counts, {
        agree: choices.filter((c) => c === 'agree').length,
        disagree: choices.filter((c) => c === 'disagree').length,
        abstain: choices.filter((c) => c === 'abstain').length,
      });
      assert.equal(mc.ballots, m.length);
      const mchain = (
        await m[3]!.client.get<CouncilVoteChain>(`/api/council-votes/${motion.id}/chain`)
      ).body;
      assert.equal(mchain.check.ok, true);
      assert.equal(mchain.check.length, m.length);

      // a stored ballot altered: the chain no longer verifies, and says where
      const victim = mchain.entries[2]!;
      await db()
        .updateTable('council_ballots')
        .set({ choice: victim.choice === 'agree' ? 'disagree' : 'agree' })
        .where('vote_id', '=', motion.id)
        .where('seq', '=', victim.seq)
        .execute();
      const broken = (
        await m[3]!.client.get<CouncilVoteChain>(`/api/council-votes/${motion.id}/chain`)
      ).body;
      assert.equal(broken.check.ok, false);
      assert.equal(broken.check.brokenAt, victim.seq);
    });

    it('when a motion is open, then nobody sees its counts and it closes early only once every member has voted', async () => {
      const v = await opened(
        await create(m[0]!.client, A.councilId, { kind: 'motion', rule: 'simple_majority' }),
      );
      for (const [i, rep] of m.slice(0, 7).entries())
        assert.equal(
          (await ballot(rep, v.id, { choice: i < 5 ? 'agree' : 'disagree' })).status,
          201,
        );
      for (const reader of [staff, m[0]!.client, m[6]!.client]) {
        const open = (await reader.get<CouncilVote>(`/api/council-votes/${v.id}`)).body;
        assert.equal(open.counts, null, JSON.stringify(open));
        assert.equal(open.chainHead, null);
        assert.equal(open.ballots, 7);
      }
      // one member has not voted: 409 naming it, the vote stays open
      const early = await act(m[0]!.client, v.id, 'close');
      assert.equal(early.status, 409, JSON.stringify(early.body));
      assert.equal(early.body.field, 'closesAt');
      assert.match(early.body.message, /1 of the 8 members have not voted/);
      assert.match(early.body.message, /尚有 1 个成员单位未投票/);
      const still = (await staff.get<CouncilVote>(`/api/council-votes/${v.id}`)).body;
      assert.equal(still.state, 'open');
      assert.equal(still.passed, null);
      // the last member votes: now the chair may close it, well before its time
      assert.equal((await ballot(m[7]!, v.id, { choice: 'abstain' })).status, 201);
      const c = await act(m[0]!.client, v.id, 'close');
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.state, 'closed');
      assert.ok(new Date(c.body.closesAt) > new Date(), 'closed before its closing time');
      assert.deepEqual(c.body.counts, { agree: 5, disagree: 2, abstain: 1 });
      assert.equal(c.body.passed, true);
      const seen = (await m[6]!.client.get<CouncilVote>(`/api/council-votes/${v.id}`)).body;
      assert.deepEqual(seen.counts, { agree: 5, disagree: 2, abstain: 1 });
      assert.match(seen.chainHead ?? '', /^[0-9a-f]{64}$/);
    });

    it('when the closing time comes, then the job closes and counts the vote', async () => {
      const r = await create(staff, A.councilId, {
        kind: 'motion',
        rule: 'simple_majority',
        closesAt: at(3000),
      });
      const v = await opened(r);
      assert.equal((await ballot(m[2]!, v.id, { choice: 'agree' })).status, 201);
      const job = await db()
        .selectFrom('jobs')
        .select('run_at')
        .where('dedupe_key', '=', `councils.vote-close:${v.id}`)
        .executeTakeFirstOrThrow();
      assert.equal(job.run_at.toISOString(), v.closesAt);
      const closed = await eventually(async () => {
        const x = await m[2]!.client.get<CouncilVote>(`/api/council-votes/${v.id}`);
        return x.body.state === 'closed' && x.body;
      }, 20_000);
      assert.equal(closed.passed, true);
      assert.deepEqual(closed.counts, { agree: 1, disagree: 0, abstain: 0 });
      assert.equal((await ballot(m[3]!, v.id, { choice: 'agree' })).status, 409);
    });

    it('when a council meeting is scheduled, then its representatives are the audience and motions are put to it', async () => {
      const body = {
        title: '理事会第一次会议',
        startsAt: at(24 * 60 * MINUTE),
        endsAt: at(26 * 60 * MINUTE),
        place: '豫园路 88 号二楼',
      };
      // a plain member cannot call one
      assert.equal(
        (await m[5]!.client.post(`/api/councils/${A.councilId}/meetings`, body)).status,
        403,
      );
      const r = await m[0]!.client.post<MeetingDetail>(
        `/api/councils/${A.councilId}/meetings`,
        body,
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.hostType, 'council');
      assert.equal(r.body.hostCode, A.councilId);
      assert.equal(r.body.isStaff, true);
      const seen = await m[5]!.client.get<MeetingDetail>(`/api/meetings/${r.body.id}`);
      assert.equal(seen.status, 200, JSON.stringify(seen.body));
      assert.equal(seen.body.isStaff, false);
      assert.equal(seen.body.doorCode, null);
      assert.equal(seen.body.canRegister, true);
      const reg = await m[5]!.client.request<MeetingDetail>(
        'PUT',
        `/api/meetings/${r.body.id}/registration`,
      );
      assert.equal(reg.status, 200, JSON.stringify(reg.body));
      assert.equal(reg.body.myRegistration, 'registered');
      assert.equal(reg.body.registeredCount, 1);
      // a member may not add to the agenda; the chair may
      assert.equal(
        (await m[5]!.client.post(`/api/meetings/${r.body.id}/agenda`, { title: '议题' })).status,
        403,
      );
      assert.equal(
        (await m[0]!.client.post(`/api/meetings/${r.body.id}/agenda`, { title: '店招更新' }))
          .status,
        200,
      );
      const outsider = await signedUpAccount(tp);
      assert.equal((await outsider.client.get(`/api/meetings/${r.body.id}`)).status, 404);
      assert.equal(
        (await outsider.client.get(`/api/councils/${A.councilId}/meetings`)).status,
        404,
      );
      const list = await m[6]!.client.get<MeetingList>(`/api/councils/${A.councilId}/meetings`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.deepEqual(
        list.body.items.map((x) => x.id),
        [r.body.id],
      );
      assert.equal(list.body.items[0]!.hostName.length > 0, true);
      assert.notEqual(list.body.items[0]!.hostName, A.councilId);

      const motion = await create(staff, A.councilId, {
        kind: 'motion',
        rule: 'simple_majority',
        meetingId: r.body.id,
      });
      assert.equal(motion.status, 201, JSON.stringify(motion.body));
      assert.equal(motion.body.meetingId, r.body.id);
      // another council's meeting is not this council's
      const B = await makeCouncilWithMembers(tp, { members: 1, staff });
      const bMeeting = await staff.post<MeetingDetail>(
        `/api/councils/${B.councilId}/meetings`,
        body,
      );
      assert.equal(bMeeting.status, 201, JSON.stringify(bMeeting.body));
      const wrong = await create(staff, A.councilId, {
        kind: 'motion',
        rule: 'simple_majority',
        meetingId: bMeeting.body.id,
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.field, 'meetingId');
      // A's members do not see B's meeting
      assert.equal((await m[5]!.client.get(`/api/meetings/${bMeeting.body.id}`)).status, 404);
    });

    it('when an election is published, then its winners become directors and directors not re-elected members, a runoff keeping the first round', async () => {
      const B = await makeCouncilWithMembers(tp, { members: 6, staff });
      const b = B.members;
      const roles = async () => {
        const r = await staff.get<CouncilMemberList>(`/api/councils/${B.councilId}/members`);
        assert.equal(r.status, 200);
        return b.map(
          (rep) =>
            r.body.items
              .find((x) => x.id === rep.memberId)!
              .representatives.find((x) => x.accountId === rep.accountId)!.role,
        );
      };
      assert.deepEqual(await roles(), [
        'chair',
        'director',
        'director',
        'member',
        'member',
        'member',
      ]);
      // 2 seats among b0 (the chair), b2, b3, b4, b5: b0 leads, b4 and b5 tie → runoff
      const first = await opened(
        await election(staff, B.councilId, [b[0]!, b[2]!, b[3]!, b[4]!, b[5]!], 2, 'runoff'),
      );
      const cast = async (id: string, votes: [number, number[]][]) => {
        for (const [i, approve] of votes)
          assert.equal((await ballot(b[i]!, id, { approve })).status, 201);
      };
      await cast(first.id, [
        [0, [1, 4]],
        [1, [1, 5]],
        [2, [1]],
      ]);
      // publishing before the close is refused
      assert.equal((await act(staff, first.id, 'publish')).status, 409);
      const c1 = (await closeDue(staff, first.id)).body;
      assert.deepEqual(c1.runoff, [4, 5]);
      assert.equal(c1.passed, false);
      const p1 = await act(B.chair!.client, first.id, 'publish');
      assert.equal(p1.status, 200, JSON.stringify(p1.body));
      assert.equal(p1.body.state, 'published');
      // b0 keeps the chair; b1 and b2 were not re-elected; b4, b5 await the runoff
      assert.deepEqual(await roles(), ['chair', 'member', 'member', 'member', 'member', 'member']);

      const runoff = await opened(
        await election(staff, B.councilId, [b[4]!, b[5]!], 1, 'seniority'),
      );
      await cast(runoff.id, [
        [0, [2]],
        [3, [2]],
        [4, [1]],
      ]);
      assert.equal((await closeDue(staff, runoff.id)).status, 200);
      const p2 = await act(staff, runoff.id, 'publish');
      assert.equal(p2.status, 200);
      assert.equal(p2.body.passed, true);
      assert.equal((await act(staff, runoff.id, 'publish')).status, 409);
      // b5 won the runoff; b0 stays chair (the first round's winner keeps the seat)
      assert.deepEqual(await roles(), [
        'chair',
        'member',
        'member',
        'member',
        'member',
        'director',
      ]);

      // a full election later: the directors are exactly its winners
      const next = await opened(
        await election(staff, B.councilId, [b[1]!, b[2]!, b[3]!], 2, 'lot'),
      );
      await cast(next.id, [
        [0, [1, 3]],
        [1, [1, 3]],
      ]);
      assert.equal((await closeDue(staff, next.id)).status, 200);
      assert.equal((await act(staff, next.id, 'publish')).status, 200);
      assert.deepEqual(await roles(), [
        'chair',
        'director',
        'member',
        'director',
        'member',
        'member',
      ]);
    });
  });
}
