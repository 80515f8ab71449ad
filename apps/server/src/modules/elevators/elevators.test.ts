import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ElevatorBoard,
  ElevatorDetail,
  ElevatorList,
  VoteDetail,
  VoteRuleView,
} from '@cc/contracts';
import { shanghaiDate, shanghaiYear } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  DEMO_COMMITTEE,
  accountId,
  staffAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from '../../testing.js';
import { ruleMayDecideElevator } from './elevator-votes.js';
import { shareCost } from './index.js';

/**
 * 加装电梯 through HTTP on a real database: a project for one staircase, its stage machine (one
 * step at a time; leaving the owners' vote only with a published vote that passed — a real vote
 * of the votes module, subject 'elevator'), dates and documents, the cost shared by floor
 * exactly, volunteers, the street's target and the street and district board, scope and bad
 * input.
 */

const COMMITTEE = DEMO_COMMITTEE; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const STREET = '310101002000'; // 南京东路街道
const DISTRICT = '310101000000'; // 黄浦区
const HOUR = 3_600_000;
const YEAR = shanghaiYear();

type Err = { field?: string; message?: string; code?: string };

describe('shareCost (largest remainder)', () => {
  it('when the cost is shared, then the shares add up to the total and each is within a fen of its exact share', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const rooms = Array.from({ length: 1 + Math.floor(rand() * 30) }, (_, i) => ({
        roomId: String(i),
        weight: Math.floor(rand() * 40),
      }));
      if (!rooms.some((r) => r.weight > 0)) rooms[0]!.weight = 1;
      const total = Math.floor(rand() * 10_000_000_000);
      const shares = shareCost(total, rooms);
      const w = BigInt(rooms.reduce((s, r) => s + r.weight, 0));
      assert.equal(
        shares.reduce((s, v) => s + v, 0),
        total,
      );
      rooms.forEach((r, i) => {
        const exact = BigInt(total) * BigInt(r.weight);
        const mine = BigInt(shares[i]!) * w;
        // the floor or the ceiling of the exact share
        assert.ok(mine > exact - w && mine < exact + w, `room ${i}`);
        if (r.weight === 0) assert.equal(shares[i], 0);
      });
    }
  });

  it('when remainders tie, then the heavier room and then the earlier one gets the fen', () => {
    assert.deepEqual(
      shareCost(10, [
        { roomId: 'a', weight: 1 },
        { roomId: 'b', weight: 1 },
        { roomId: 'c', weight: 1 },
      ]),
      [4, 3, 3],
    );
    assert.deepEqual(
      shareCost(100, [
        { roomId: 'ground', weight: 0 },
        { roomId: '2f', weight: 1 },
        { roomId: '3f', weight: 2 },
      ]),
      [0, 33, 67],
    );
  });
});

describe('ruleMayDecideElevator (民法典 art. 278: a major matter)', () => {
  const rule = (o: Partial<VoteRuleView>): VoteRuleView => ({
    code: 'custom',
    name: '自定义规则',
    nameEn: 'Custom rule',
    source: null,
    measures: ['area', 'count'],
    participation: { share: '2/3', op: 'gte' },
    consent: { share: '3/4', op: 'gte', basis: 'participants' },
    ...o,
  });
  it('when a preset lists elevator among its subjects, then it decides one; other presets do not', () => {
    assert.equal(
      ruleMayDecideElevator(rule({ code: 'civil_code_major', subjects: ['elevator'] })),
      true,
    );
    assert.equal(ruleMayDecideElevator(rule({ code: 'civil_code_ordinary' })), false);
    assert.equal(ruleMayDecideElevator(rule({ code: 'other', subjects: ['fee_change'] })), false);
  });
  it('when a rule is written out, then only one at least as strict as the major-matter rule decides one', () => {
    assert.equal(ruleMayDecideElevator(rule({})), true);
    assert.equal(ruleMayDecideElevator(rule({ participation: { share: '0.8', op: 'gt' } })), true);
    assert.equal(
      ruleMayDecideElevator(
        rule({ participation: null, consent: { share: '3/4', op: 'gte', basis: 'all' } }),
      ),
      true,
    );
    assert.equal(ruleMayDecideElevator(rule({ participation: null })), false);
    assert.equal(
      ruleMayDecideElevator(rule({ participation: { share: '0.66', op: 'gte' } })),
      false,
    );
    assert.equal(
      ruleMayDecideElevator(rule({ consent: { share: '0.749999', op: 'gt', basis: 'all' } })),
      false,
    );
    assert.equal(ruleMayDecideElevator(rule({ measures: ['count'] })), false);
  });
});

for (const kind of DATABASES) {
  describe(`elevators (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let otherStaff: Client; // 龙泉园路 committee staff
    let street: Client; // 南京东路 street operator
    let district: Client; // 黄浦 district operator
    let owner: VerifiedResident; // lives in the building, owner on record of the staircase
    let outsider: VerifiedResident; // verified in 龙泉园路
    let buildingId = '';
    let unit = '';
    let otherUnit = '';
    let projectId = '';

    const db = () => tp.platform.database.db;
    const create = (c: Client, body: Record<string, unknown>) =>
      c.post<ElevatorDetail & Err>('/api/elevators', {
        buildingId,
        unit,
        title: '3号楼1单元加装电梯',
        targetYear: YEAR,
        ...body,
      });
    const advance = (c: Client, to: string) =>
      c.post<ElevatorDetail & Err>(`/api/elevators/${projectId}/advance`, { to });
    const put = <T = ElevatorDetail & Err>(c: Client, url: string, body: unknown) =>
      c.request<T>('PUT', url, body);
    const auditCount = async (action: string) =>
      Number(
        (
          await db()
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', action)
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** Make `owner` the only owner on record of every room of the staircase (60 m² each). */
    async function ownStaircase(): Promise<void> {
      const doc = await db()
        .selectFrom('residents')
        .select(['document_type', 'document_enc'])
        .where('id', '=', owner.residentId)
        .executeTakeFirstOrThrow();
      const rooms = await db()
        .selectFrom('rooms')
        .select('id')
        .where('building_id', '=', buildingId)
        .where('unit', '=', unit)
        .execute();
      for (const r of rooms) {
        const res = await staff.request('PUT', `/api/registry/rooms/${r.id}/owners`, {
          registeredArea: 60,
          owners: [
            {
              name: owner.name,
              documentType: doc.document_type,
              documentNumber: tp.platform.deps.cipher.decrypt(doc.document_enc),
              share: 100,
            },
          ],
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
    }

    const draftVote = (
      electorateUnit: string,
      subjectId = projectId,
      rule: unknown = { preset: 'civil_code_major' },
    ) => {
      const now = Date.now();
      return staff.post<VoteDetail & Err>('/api/votes', {
        committeeCode: COMMITTEE,
        title: '加装电梯业主表决',
        body: '本单元拟加装电梯，请各位业主表决。',
        electorate: { kind: 'unit', buildingId, unit: electorateUnit },
        rule,
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + HOUR).toISOString(),
        allowChange: false,
        subject: { type: 'elevator', id: subjectId },
      });
    };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      district = await tp.login('huangpu');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-elevators',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      outsider = await verifiedResident(tp, { committee: OTHER });
      // the registry of 云南中路 is made by the first resident verified there
      const first = await verifiedResident(tp, { committee: COMMITTEE });
      const stairs = await db()
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select(['b.id', 'r.unit', (eb) => eb.fn.countAll<number>().as('n')])
        .where('b.committee_code', '=', COMMITTEE)
        .where('r.floor', '>=', 2)
        .groupBy(['b.id', 'r.unit'])
        .orderBy('b.id')
        .orderBy('r.unit')
        .execute();
      const byBuilding = new Map<string, string[]>();
      for (const s of stairs) byBuilding.set(s.id, [...(byBuilding.get(s.id) ?? []), s.unit]);
      const [b, units] = [...byBuilding].find(([, u]) => u.length >= 2)!;
      buildingId = b;
      [unit, otherUnit] = units as [string, string];
      owner =
        first.buildingId === buildingId
          ? first
          : await verifiedResident(tp, { building: buildingId });
    });
    after(() => tp?.close());

    it('when staff start a project for a staircase, then it is in consultation with seven stages, audited, and a second one is 409', async () => {
      const r = await create(staff, {});
      assert.equal(r.status, 201, JSON.stringify(r.body));
      projectId = r.body.id;
      assert.equal(r.body.stage, 'consultation');
      assert.equal(r.body.committeeCode, COMMITTEE);
      assert.equal(r.body.committeeName, '云南中路居委会');
      assert.equal(r.body.streetCode, STREET);
      assert.equal(r.body.unit, unit);
      assert.equal(r.body.targetYear, YEAR);
      assert.ok(r.body.rooms > 0);
      assert.deepEqual(
        r.body.stages.map((s) => s.stage),
        [
          'consultation',
          'owners_vote',
          'design_notice',
          'approval',
          'construction',
          'acceptance',
          'in_service',
        ],
      );
      assert.ok(r.body.stages[0]!.enteredAt);
      assert.equal(r.body.stages[1]!.enteredAt, null);
      assert.deepEqual(r.body.can, {
        edit: true,
        advanceTo: 'owners_vote',
        advanceBlocked: null,
        openVote: true,
      });
      assert.equal(await auditCount('elevators.create'), 1);
      const again = await create(staff, { title: '重复项目' });
      assert.equal(again.status, 409);
      assert.equal(again.body.field, 'unit');
      const list = await staff.get<ElevatorList>('/api/elevators');
      assert.deepEqual(
        list.body.items.map((p) => p.id),
        [projectId],
      );
    });

    it('when the input is bad, then a 4xx names the field and nothing is stored', async () => {
      const count = async () =>
        Number(
          (
            await db()
              .selectFrom('elevator_projects')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ unit: '99单元' }, 400, 'unit'],
        [{ buildingId: '00000000-0000-4000-8000-000000000000' }, 400, 'buildingId'],
        [{ buildingId: 'x' }, 400, 'buildingId'],
        [{ title: ' ' }, 400, 'title'],
        [{ targetYear: 1999 }, 400, 'targetYear'],
        [{ committeeCode: OTHER }, 404, ''],
      ];
      for (const [body, status, field] of cases) {
        const r = await create(staff, { unit: otherUnit, ...body });
        assert.equal(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        if (field) assert.equal(r.body.field, field, JSON.stringify(r.body));
        assert.match(r.body.message ?? '', /[\u4e00-\u9fff]|\w/);
      }
      const stage = await put(staff, `/api/elevators/${projectId}/stages/nowhere`, {});
      assert.equal(stage.status, 400);
      const adv = await staff.post<Err>(`/api/elevators/${projectId}/advance`, { to: 'done' });
      assert.equal(adv.status, 400);
      assert.equal(adv.body.field, 'to');
      assert.equal(await count(), before);
    });

    it('when others come, then another committee gets 404, the street and district read but get 403 on changes, residents 404', async () => {
      for (const c of [otherStaff, outsider.client, owner.client]) {
        // a resident of the staircase reads it (see below); nobody else
        if (c !== owner.client)
          assert.equal((await c.get(`/api/elevators/${projectId}`)).status, 404);
        assert.equal(
          (await c.request('PATCH', `/api/elevators/${projectId}`, { title: '改名' })).status,
          404,
        );
        assert.equal(
          (await c.post(`/api/elevators/${projectId}/advance`, { to: 'owners_vote' })).status,
          404,
        );
      }
      assert.equal((await otherStaff.get<ElevatorList>('/api/elevators')).body.items.length, 0);
      assert.equal((await owner.client.get('/api/elevators')).status, 404);
      for (const c of [street, district]) {
        const r = await c.get<ElevatorDetail>(`/api/elevators/${projectId}`);
        assert.equal(r.status, 200);
        assert.equal(r.body.can.edit, false);
        assert.equal(r.body.can.advanceTo, null);
        const list = await c.get<ElevatorList>(`/api/elevators?street=${STREET}`);
        assert.deepEqual(
          list.body.items.map((p) => p.id),
          [projectId],
        );
        const patch = await c.request<Err>('PATCH', `/api/elevators/${projectId}`, {
          title: '改名',
        });
        assert.equal(patch.status, 403);
        assert.match(patch.body.message!, /只读/);
        assert.equal(
          (await c.post(`/api/elevators/${projectId}/advance`, { to: 'owners_vote' })).status,
          403,
        );
        assert.equal(
          (
            await put(c, `/api/elevators/${projectId}/cost`, {
              preset: 'step_by_floor',
              total: '1',
            })
          ).status,
          403,
        );
        assert.equal(
          (await put(c, `/api/elevators/${projectId}/volunteers`, { accountIds: [] })).status,
          403,
        );
        assert.equal((await create(c, { unit: otherUnit })).status, 403);
      }
      const renamed = await staff.request<ElevatorDetail>('PATCH', `/api/elevators/${projectId}`, {
        title: '3号楼1单元加装电梯项目',
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.title, '3号楼1单元加装电梯项目');
      assert.equal(await auditCount('elevators.update'), 1);
    });

    it('when the stage moves, then only one step forward is allowed and leaving the owners’ vote needs a published vote that passed', async () => {
      const skip = await advance(staff, 'design_notice');
      assert.equal(skip.status, 409);
      assert.match(skip.body.message!, /one stage at a time/);
      const step = await advance(staff, 'owners_vote');
      assert.equal(step.status, 200, JSON.stringify(step.body));
      assert.equal(step.body.stage, 'owners_vote');
      assert.equal(step.body.stages[0]!.actualOn, shanghaiDate());
      assert.ok(step.body.stages[1]!.enteredAt);
      assert.equal(step.body.can.advanceTo, null);
      assert.match(step.body.can.advanceBlocked!, /owners' vote/);
      const back = await advance(staff, 'consultation');
      assert.equal(back.status, 409);
      const blocked = await advance(staff, 'design_notice');
      assert.equal(blocked.status, 409);
      assert.match(blocked.body.message!, /published owners' vote about this project that passed/);
      assert.equal(await auditCount('elevators.advance'), 1);
    });

    it('when an owners’ vote is put with subject elevator, then only this staircase’s is accepted; once it passes and is published, the project moves on', async () => {
      const wrong = await draftVote(otherUnit);
      assert.equal(wrong.status, 409, JSON.stringify(wrong.body));
      assert.equal(wrong.body.field, 'subject');
      assert.match(wrong.body.message!, /staircase/);
      const missing = await draftVote(unit, '00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'subject');
      // an elevator is a major matter (民法典 art. 278, 3/4): an ordinary-matter rule, or a
      // written-out rule less strict than the major one, is refused naming the rule
      const custom = (
        consent: string,
        participation: string | null,
        measures = ['area', 'count'],
      ) => ({
        custom: {
          measures,
          participation: participation && { share: participation, op: 'gte' },
          consent: { share: consent, op: 'gte', basis: 'participants' },
        },
      });
      for (const rule of [
        { preset: 'civil_code_ordinary' },
        custom('2/3', '2/3'),
        custom('3/4', null),
        custom('3/4', '1/2'),
        custom('3/4', '2/3', ['count']),
      ]) {
        const ordinary = await draftVote(unit, projectId, rule);
        assert.equal(
          ordinary.status,
          409,
          `${JSON.stringify(rule)} → ${JSON.stringify(ordinary.body)}`,
        );
        assert.match(ordinary.body.message!, /^rule: .*major matter.*重大事项/);
      }

      await ownStaircase();
      const drafted = await draftVote(unit);
      assert.equal(drafted.status, 201, JSON.stringify(drafted.body));
      const voteId = drafted.body.id;
      const opened = await staff.post<VoteDetail>(`/api/votes/${voteId}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const ballot = await owner.client.post(`/api/votes/${voteId}/ballots`, { choice: 'agree' });
      assert.equal(ballot.status, 201, JSON.stringify(ballot.body));
      // a failed vote or an unpublished one does not let the project on: still blocked
      assert.equal((await advance(staff, 'design_notice')).status, 409);
      await db()
        .updateTable('votes')
        .set({ closes_at: new Date(Date.now() - 1000) })
        .where('id', '=', voteId)
        .execute();
      const published = await staff.post<VoteDetail>(`/api/votes/${voteId}/publish`);
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.passed, true);
      const p = await staff.get<ElevatorDetail>(`/api/elevators/${projectId}`);
      assert.equal(p.body.voteId, voteId);
      assert.equal(p.body.votePassed, true);
      assert.ok(p.body.votePublishedAt);
      assert.equal(p.body.can.advanceTo, 'design_notice');
      const on = await advance(staff, 'design_notice');
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.stage, 'design_notice');
      assert.equal(on.body.can.openVote, false);
      // past the owners' vote: no further vote about it
      const late = await draftVote(unit);
      assert.equal(late.status, 409);
      assert.match(late.body.message!, /过业主表决阶段/);
    });

    it('when staff share the cost by a preset, then the shares add up to the total in fen and follow the floor weights', async () => {
      const r = await put(staff, `/api/elevators/${projectId}/cost`, {
        preset: 'step_by_floor',
        total: '856000.07',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const cost = r.body.cost!;
      assert.equal(cost.totalFen, 85_600_007);
      assert.equal(
        cost.rooms.reduce((s, x) => s + x.shareFen, 0),
        85_600_007,
      );
      assert.equal(
        cost.byFloor.reduce((s, f) => s + f.totalFen, 0),
        85_600_007,
      );
      assert.equal(cost.rooms.length, r.body.rooms);
      const weightSum = cost.rooms.reduce((s, x) => s + x.weight, 0);
      for (const room of cost.rooms) {
        assert.equal(room.weight, room.floor - 1, 'step_by_floor: floor n weighs n − 1');
        const exact = (85_600_007 * room.weight) / weightSum;
        assert.ok(
          Math.abs(room.shareFen - exact) < 1,
          `${room.label}: ${room.shareFen} vs ${exact}`,
        );
      }
      // higher floors pay more, the ground floor nothing
      const floors = cost.byFloor.map((f) => f.minFen);
      assert.deepEqual(
        floors,
        [...floors].sort((a, b) => b - a),
      );
      const ground = cost.byFloor.find((f) => f.floor === 1);
      if (ground) assert.equal(ground.maxFen, 0);
      for (const f of cost.byFloor) assert.ok(f.maxFen - f.minFen <= 1);

      for (const [body, field] of [
        [{ preset: 'step_by_floor', total: '12.345' }, 'total'],
        [{ preset: 'step_by_floor', total: 'abc' }, 'total'],
        [{ preset: 'step_by_floor', total: '0' }, 'total'],
        [{ preset: 'nope', total: '100' }, 'preset'],
        [{ preset: 'step_by_floor' }, 'total'],
      ] as const) {
        const bad = await put(staff, `/api/elevators/${projectId}/cost`, body);
        assert.equal(bad.status, 400, JSON.stringify(bad.body));
        assert.equal(bad.body.field, field);
      }
      const kept = await staff.get<ElevatorDetail>(`/api/elevators/${projectId}`);
      assert.equal(kept.body.cost!.totalFen, 85_600_007);
      assert.equal(await auditCount('elevators.cost'), 1);
      const presets = await staff.get<{ code: string }[]>('/api/elevators/cost-presets');
      assert.ok(presets.body.some((p) => p.code === 'low_floors_light'));
    });

    it('when staff set a stage’s dates, note and documents, then readers of the project see them and nobody else', async () => {
      const form = new FormData();
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '公示照片.png');
      const up = await staff.post<{ id: string }>('/api/attachments', form);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      const r = await put(staff, `/api/elevators/${projectId}/stages/design_notice`, {
        plannedOn: '2026-03-01',
        actualOn: shanghaiDate(),
        note: '方案已在楼道公示十日',
        attachmentIds: [up.body.id],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const s = r.body.stages.find((x) => x.stage === 'design_notice')!;
      assert.equal(s.plannedOn, '2026-03-01');
      assert.equal(s.note, '方案已在楼道公示十日');
      assert.deepEqual(
        s.documents.map((d) => d.name),
        ['公示照片.png'],
      );
      assert.equal((await street.get(s.documents[0]!.url)).status, 200);
      assert.equal((await otherStaff.get(s.documents[0]!.url)).status, 404);

      const future = await put(staff, `/api/elevators/${projectId}/stages/design_notice`, {
        actualOn: '2099-01-01',
      });
      assert.equal(future.status, 400);
      assert.equal(future.body.field, 'actualOn');
      const unreached = await put(staff, `/api/elevators/${projectId}/stages/construction`, {
        actualOn: shanghaiDate(),
      });
      assert.equal(unreached.status, 409);
      assert.equal(unreached.body.field, 'actualOn');
      const badDate = await put(staff, `/api/elevators/${projectId}/stages/approval`, {
        plannedOn: '2026-13-45',
      });
      assert.equal(badDate.status, 400);
      assert.equal(badDate.body.field, 'plannedOn');
      assert.equal(
        (await put(street, `/api/elevators/${projectId}/stages/approval`, {})).status,
        403,
      );
      assert.equal(await auditCount('elevators.stage'), 1);
    });

    it('when staff assign volunteers, then staff and verified residents of the committee are listed and anyone else is refused naming the field', async () => {
      const staffId = await accountId(tp, 'yunnan');
      const found = await staff.get<{ items: { accountId: string; kind: string }[] }>(
        `/api/elevators/${projectId}/volunteer-candidates?q=${owner.username}`,
      );
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(
        found.body.items.map((c) => [c.accountId, c.kind]),
        [[owner.accountId, 'resident']],
      );
      const none = await staff.get<{ items: unknown[] }>(
        `/api/elevators/${projectId}/volunteer-candidates?q=${outsider.username}`,
      );
      assert.deepEqual(none.body.items, []);
      assert.equal(
        (await street.get(`/api/elevators/${projectId}/volunteer-candidates`)).status,
        403,
      );
      const r = await put(staff, `/api/elevators/${projectId}/volunteers`, {
        accountIds: [owner.accountId, staffId],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.volunteers.map((v) => v.kind).sort(), ['resident', 'staff']);
      const resident = r.body.volunteers.find((v) => v.kind === 'resident')!;
      assert.match(resident.name, /\*/);
      const bad = await put(staff, `/api/elevators/${projectId}/volunteers`, {
        accountIds: [staffId, outsider.accountId],
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'accountIds.1');
      const kept = await staff.get<ElevatorDetail>(`/api/elevators/${projectId}`);
      assert.equal(kept.body.volunteers.length, 2);
      const fewer = await put(staff, `/api/elevators/${projectId}/volunteers`, {
        accountIds: [staffId],
      });
      assert.equal(fewer.body.volunteers.length, 1);
      assert.equal(await auditCount('elevators.volunteers'), 2);
    });

    it('when residents ask, then one living in the staircase reads its stages, documents and own share only; one of another staircase gets 404', async () => {
      /** A verified resident of the building whose home is in staircase `u`. */
      const residentOf = async (u: string): Promise<VerifiedResident> => {
        for (let i = 0; i < 40; i++) {
          const r = await verifiedResident(tp, { building: buildingId });
          const room = await db()
            .selectFrom('rooms')
            .select('unit')
            .where('id', '=', r.roomId)
            .executeTakeFirstOrThrow();
          if (room.unit === u) return r;
        }
        throw new Error(`no resident left in ${u}`);
      };
      const neighbour = await residentOf(unit);
      const across = await residentOf(otherUnit);

      const mine = await neighbour.client.get<ElevatorList>('/api/elevators/mine');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.deepEqual(
        mine.body.items.map((p) => p.id),
        [projectId],
      );
      const r = await neighbour.client.get<ElevatorDetail & Err>(`/api/elevators/${projectId}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.stage, 'design_notice');
      const notice = r.body.stages.find((s) => s.stage === 'design_notice')!;
      assert.equal(notice.plannedOn, '2026-03-01');
      assert.equal(notice.note, null, 'staff notes stay with staff');
      assert.equal(notice.documents.length, 1);
      assert.equal((await neighbour.client.get(notice.documents[0]!.url)).status, 200);
      // no volunteers (the project has one), no other room's share
      assert.deepEqual(r.body.volunteers, []);
      assert.deepEqual(
        r.body.cost!.rooms.map((x) => x.roomId),
        [neighbour.roomId],
      );
      assert.ok(r.body.cost!.byFloor.length > 0);
      assert.deepEqual(r.body.can, {
        edit: false,
        advanceTo: null,
        advanceBlocked: null,
        openVote: false,
      });
      assert.equal(
        (await neighbour.client.request('PATCH', `/api/elevators/${projectId}`, { title: '改名' }))
          .status,
        404,
      );
      // the owner on record of every room of the staircase sees each room's share
      const o = await owner.client.get<ElevatorDetail>(`/api/elevators/${projectId}`);
      assert.equal(o.status, 200);
      assert.equal(o.body.cost!.rooms.length, o.body.rooms);

      for (const c of [across.client, outsider.client]) {
        assert.equal((await c.get(`/api/elevators/${projectId}`)).status, 404);
        assert.equal((await c.get(notice.documents[0]!.url)).status, 404);
        assert.deepEqual((await c.get<ElevatorList>('/api/elevators/mine')).body.items, []);
      }
    });

    it('when the street sets its target and projects move, then the street and district boards count each stage against it', async () => {
      const target = await put<Err & { target: number }>(street, '/api/elevators/targets', {
        streetCode: STREET,
        year: YEAR,
        target: 24,
      });
      assert.equal(target.status, 200, JSON.stringify(target.body));
      assert.equal(target.body.target, 24);
      assert.equal(
        (
          await put(district, '/api/elevators/targets', {
            streetCode: STREET,
            year: YEAR,
            target: 1,
          })
        ).status,
        403,
      );
      assert.equal(
        (await put(staff, '/api/elevators/targets', { streetCode: STREET, year: YEAR, target: 1 }))
          .status,
        404,
      );
      const neg = await put<Err>(street, '/api/elevators/targets', {
        streetCode: STREET,
        year: YEAR,
        target: -1,
      });
      assert.equal(neg.status, 400);
      assert.equal(neg.body.field, 'target');
      assert.equal(await auditCount('elevators.target'), 1);

      // a second project stays in consultation
      const second = await create(staff, {
        unit: otherUnit,
        title: '另一单元加装电梯',
        targetYear: YEAR + 1,
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      for (const to of ['approval', 'construction', 'acceptance', 'in_service'])
        assert.equal((await advance(staff, to)).status, 200, to);

      const board = await street.get<ElevatorBoard & Err>(`/api/elevators/board?area=${STREET}`);
      assert.equal(board.status, 200, JSON.stringify(board.body));
      assert.equal(board.body.year, YEAR);
      assert.equal(board.body.streets.length, 1);
      const row = board.body.streets[0]!;
      assert.equal(row.code, STREET);
      assert.equal(row.target, 24);
      assert.equal(row.projects, 2);
      assert.equal(row.counts.in_service, 1);
      assert.equal(row.counts.consultation, 1);
      assert.equal(row.counts.owners_vote, 0);
      assert.equal(row.inServiceThisYear, 1);
      assert.equal(row.plannedThisYear, 1);
      assert.equal(board.body.points.length, 2);
      const point = board.body.points.find((p) => p.id === projectId)!;
      assert.equal(point.stage, 'in_service');
      assert.ok(Number.isFinite(point.lng) && Number.isFinite(point.lat));

      const d = await district.get<ElevatorBoard>(
        `/api/elevators/board?area=${DISTRICT}&year=${YEAR}`,
      );
      assert.equal(d.status, 200);
      assert.ok(d.body.streets.length > 1);
      const mine = d.body.streets.find((s) => s.code === STREET)!;
      assert.equal(mine.name, '南京东路街道');
      assert.equal(mine.target, 24);
      assert.equal(mine.counts.in_service, 1);
      assert.equal(d.body.totals.projects, 2);
      assert.equal(d.body.totals.target, 24);
      const lastYear = await district.get<ElevatorBoard>(
        `/api/elevators/board?area=${DISTRICT}&year=${YEAR - 1}`,
      );
      assert.equal(lastYear.body.totals.inServiceThisYear, 0);
      assert.equal(lastYear.body.totals.target, null);

      assert.equal((await staff.get(`/api/elevators/board?area=${STREET}`)).status, 404);
      assert.equal((await street.get(`/api/elevators/board?area=310101013000`)).status, 404);
      const committeeLevel = await street.get<Err>(`/api/elevators/board?area=${COMMITTEE}`);
      assert.equal(committeeLevel.status, 400);
      assert.equal(committeeLevel.body.field, 'area');
      const last = await advance(staff, 'in_service');
      assert.equal(last.status, 409);
      assert.match(last.body.message!, /no further stage/);
    });
  });
}
