import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PROPOSAL_TRANSITIONS, type ProposalState } from '@cc/contracts';
import fc from 'fast-check';
import { hashPassword } from '../identity/index.js';
import {
  DATABASES,
  generateRegistry,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const PASSWORD = 'a-long-password-1';
const THRESHOLD = 3;

type Command =
  | { t: 'support' | 'takeBack' | 'withdraw'; who: number }
  | { t: 'answer'; kind: 'accepted' | 'meeting' | 'case' | 'declined' }
  | { t: 'update'; done: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('support' as const), who: fc.nat(4) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('takeBack' as const), who: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('withdraw' as const), who: fc.nat(4) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('answer' as const),
      kind: fc.constantFrom('accepted' as const, 'declined' as const, 'meeting' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('update' as const), done: fc.boolean() }) },
);

/**
 * For any interleaving of support, take-back, withdraw, answer and progress by several residents
 * and staff (batches run concurrently), the support count equals the distinct supporters in the
 * table, the threshold fires at most once, and no transition outside the state machine happens.
 */
for (const kind of DATABASES) {
  describe(`proposals, any interleaving (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    const residents: Client[] = []; // [0] is the author of every proposal
    let meetingId = '';

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 100_000,
        loginFailuresPerAddress: 100_000,
        caseReportsPerMinute: 100_000,
      });
      const db = tp.platform.database.db;
      await generateRegistry(tp.platform.deps.db, tp.platform.deps.cipher, {
        scale: 0.1,
        within: [COMMITTEE],
        seed: 21,
      });
      const people = await db
        .selectFrom('residents as p')
        .innerJoin('rooms as r', 'r.id', 'p.room_id')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select([
          'p.id',
          'p.room_id',
          'b.id as building_id',
          'p.household_id',
          'b.compound_code',
          'b.area_path',
        ])
        .where('b.committee_code', '=', COMMITTEE)
        .where('p.status', '=', 'present')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('resident_links as l')
                .select('l.account_id')
                .whereRef('l.resident_id', '=', 'p.id'),
            ),
          ),
        )
        .orderBy('p.id')
        .limit(5)
        .execute();
      assert.equal(people.length, 5);
      const hash = await hashPassword(PASSWORD);
      for (const [i, person] of people.entries()) {
        const id = crypto.randomUUID();
        const username = `pp-${kind}-${i}`;
        await db
          .insertInto('accounts')
          .values({
            id,
            username,
            display_name: `李${i}`,
            password_hash: hash,
            phone_enc: null,
            phone_hmac: null,
            phone_masked: null,
            created_by: null,
          })
          .execute();
        await db
          .insertInto('resident_links')
          .values({
            account_id: id,
            resident_id: person.id,
            room_id: person.room_id!,
            building_id: person.building_id,
            household_id: person.household_id,
            committee_code: COMMITTEE,
            compound_code: person.compound_code,
            area_path: person.area_path,
            relation: 'owner',
            is_head: false,
          })
          .execute();
        residents.push(await tp.login(username, PASSWORD));
      }
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
            })
          ).status;
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
            const made = await residents[0]!.post('/api/proposals', {
              title: '属性测试建议',
              body: '随机交错',
              category: 'other',
            });
            assert.equal(made.status, 201, JSON.stringify(made.body));
            const id = made.body.id as string;
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
              .selectFrom('proposal_supports')
              .select('account_id')
              .where('proposal_id', '=', id)
              .execute();
            assert.equal(
              p.support_count,
              supporters.length,
              'the count is the distinct supporters',
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
            if (reached) assert.ok(p.support_count >= THRESHOLD);
            if (p.state === 'open') assert.ok(p.support_count < THRESHOLD);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
