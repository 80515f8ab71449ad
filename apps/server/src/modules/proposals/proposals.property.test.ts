import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PROPOSAL_TRANSITIONS, type ProposalState } from '@cc/contracts';
import fc from 'fast-check';
import { sql } from 'kysely';
import { getTaxonomy } from '../cases/index.js';
import { meetingItemDecided } from '../meetings/index.js';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const THRESHOLD = 3;

type Command =
  | { t: 'support' | 'takeBack' | 'withdraw'; who: number }
  | { t: 'answer'; kind: 'accepted' | 'meeting' | 'case' | 'declined' }
  | { t: 'decide'; decision: 'adopted' | 'rejected' | 'deferred' }
  | { t: 'update'; done: boolean };

/** residents[0..4] are verified in the committee (0 writes every proposal); [5] is not verified */
const ACTORS = 5;

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('support' as const), who: fc.nat(ACTORS) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('takeBack' as const), who: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('withdraw' as const), who: fc.nat(4) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('answer' as const),
      kind: fc.constantFrom(
        'accepted' as const,
        'declined' as const,
        'meeting' as const,
        'case' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('decide' as const),
      decision: fc.constantFrom('adopted' as const, 'rejected' as const, 'deferred' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('update' as const), done: fc.boolean() }) },
);

/**
 * For any interleaving of support, take-back, withdraw, answer (every kind, a case too), a
 * meeting's decision and progress by several residents (one unverified) and staff (batches run
 * concurrently), the support count equals the distinct verified supporters, the threshold fires
 * at most once — and when it did, with exactly one deadline chain and one notice to each of the
 * committee's staff — and no transition outside the state machine happens.
 */
for (const kind of DATABASES) {
  describe(`proposals, any interleaving (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    const residents: Client[] = []; // [0] is the author of every proposal
    let meetingId = '';
    let scenario = '';
    let made = 0;

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 100_000,
        loginFailuresPerAddress: 100_000,
        proposalsPerHour: 100_000,
        caseReportsPerMinute: 100_000,
      });
      for (let i = 0; i < ACTORS; i++)
        residents.push(
          (await verifiedResident(tp, { username: `pp-${kind}-${i}`, displayName: `李${i}` }))
            .client,
        );
      // signed up, not verified: every support of theirs is refused
      residents.push((await signedUpAccount(tp, { username: `pp-${kind}-unverified` })).client);
      staff = await tp.login('yunnan');
      const set = await staff.request('PUT', `/api/proposals/settings/committee/${COMMITTEE}`, {
        minSupports: THRESHOLD,
        householdPercent: 0,
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const m = await staff.post('/api/meetings', {
        title: '属性测试议事会',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
        place: '会议室',
      });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      meetingId = m.body.id as string;
      scenario = getTaxonomy().scenarios.find((x) => !x.fields.some((f) => f.required))!.code;
    });
    after(() => tp?.close());

    async function run(id: string, c: Command): Promise<number> {
      const url = `/api/proposals/${id}`;
      switch (c.t) {
        case 'support':
          return (await residents[c.who]!.request('PUT', `${url}/support`)).status;
        case 'takeBack':
          return (await residents[c.who]!.request('DELETE', `${url}/support`)).status;
        case 'withdraw':
          return (await residents[c.who]!.post(`${url}/withdraw`)).status;
        case 'answer':
          return (
            await staff.post(`${url}/answer`, {
              kind: c.kind,
              text: '答复：理由如下',
              ...(c.kind === 'meeting' ? { meetingId } : {}),
              ...(c.kind === 'case' ? { caseScenario: scenario } : {}),
            })
          ).status;
        case 'decide': {
          // the meeting module publishes its minutes: the proposal's current item, if any
          const db = tp.platform.database.db;
          const p = await db
            .selectFrom('proposals')
            .select('meeting_item_id')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          await db.transaction().execute((trx) =>
            tp.platform.deps.events.publish(trx, meetingItemDecided, {
              meetingId,
              itemId: p.meeting_item_id ?? crypto.randomUUID(),
              sourceType: 'proposal',
              sourceId: id,
              outcome: '议定',
              decision: c.decision,
            }),
          );
          return 200;
        }
        case 'update':
          return (await staff.post(`${url}/updates`, { text: '进展', progress: 50, done: c.done }))
            .status;
      }
    }

    it('when residents and staff act in any order, then count, threshold and states stay true', async () => {
      const db = tp.platform.database.db;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), {
            minLength: 1,
            maxLength: 6,
          }),
          async (batches) => {
            const title = `属性测试建议${++made}`;
            const submitted = await residents[0]!.post('/api/proposals', {
              title,
              body: '随机交错',
              category: 'other',
            });
            assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
            const id = submitted.body.id as string;
            for (const batch of batches) {
              const statuses = await Promise.all(batch.map((c) => run(id, c)));
              for (const s of statuses)
                assert.ok(s < 500 && [200, 403, 404, 409].includes(s), `status ${s}`);
            }
            const p = await db
              .selectFrom('proposals')
              .selectAll()
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            const supporters = await db
              .selectFrom('proposal_supports as s')
              .innerJoin('resident_links as l', 'l.account_id', 's.account_id')
              .select('s.account_id')
              .distinct()
              .where('s.proposal_id', '=', id)
              .where('l.status', '=', 'verified')
              .where('l.committee_code', '=', COMMITTEE)
              .execute();
            assert.equal(
              p.support_count,
              supporters.length,
              'the count is the distinct verified supporters',
            );
            const events = await db
              .selectFrom('proposal_events')
              .selectAll()
              .where('proposal_id', '=', id)
              .orderBy('at')
              .orderBy('id')
              .execute();
            const thresholds = events.filter((e) => e.action === 'threshold');
            assert.ok(thresholds.length <= 1, 'the threshold fires at most once');
            // the states the timeline walks through are the state machine's, and end in the row's
            let state: ProposalState = 'open';
            for (const e of events) {
              if (!e.to_state || e.action === 'submit') continue;
              assert.equal(
                e.from_state,
                state,
                `${e.action} from ${e.from_state}, but it was ${state}`,
              );
              assert.ok(
                PROPOSAL_TRANSITIONS[state].includes(e.to_state as ProposalState),
                `${state} → ${e.to_state}`,
              );
              state = e.to_state as ProposalState;
            }
            assert.equal(p.state, state);
            const reached = p.state !== 'open' && p.state !== 'withdrawn';
            assert.equal(thresholds.length, reached ? 1 : 0);
            // what the threshold brings, once: its deadline chain and a notice to each staff member
            const due = (thresholds[0]?.detail?.dueAt as string | undefined) ?? '';
            const chains = await db
              .selectFrom('jobs')
              .select('id')
              .where('kind', '=', 'proposals.deadline')
              .where(sql<boolean>`payload->>'proposalId' = ${id}`)
              .where(sql<boolean>`payload->>'due' = ${due}`)
              .execute();
            assert.equal(chains.length, reached ? 1 : 0, 'one deadline chain');
            const notices = await db
              .selectFrom('notifications')
              .select('recipient_id')
              .where('body', 'like', `%「${title}」%达到门槛%`)
              .execute();
            const staffTold = new Set(notices.map((n) => n.recipient_id));
            assert.equal(notices.length, staffTold.size, 'one notice per staff member');
            assert.equal(staffTold.size > 0, reached, 'a notice set when (and only when) it fired');
            if (reached) assert.ok(p.support_count >= THRESHOLD);
            if (p.state === 'open') assert.ok(p.support_count < THRESHOLD);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
