import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ElectoratePreview, VoteDetail, VoteList, VoteResult } from '@cc/contracts';
import {
  DATABASES,
  eventually,
  staffAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from '../../testing.js';
import { fakeResidentId, fakeUscc } from '../registry/index.js';
import { registerVoteSubject, votePublished } from './index.js';

/**
 * The lifecycle of an owners' vote through HTTP on both databases: draft → open → closed →
 * published, cancelled; bad input (each a 4xx that stores nothing); the electorate frozen from
 * the owners register (one buyer of two units once, the developer once); scope.
 */

const OTHER = '310101002002'; // 龙泉园路居委会
const MINUTE = 60_000;
const SUBJECT_READY = '5b1e0c8a-0d5e-4c53-9d7e-2f0e6f1a0001';
const SUBJECT_BUSY = '5b1e0c8a-0d5e-4c53-9d7e-2f0e6f1a0002';

type Err = { field?: string; rule?: string; message?: string };

let seq = 0;
const newId = () => {
  seq++;
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return fakeResidentId(
    '310101',
    `1968-0${1 + (seq % 9)}-${day}`,
    seq % 2 ? 'male' : 'female',
    () => (seq * 0.6180339) % 1,
  );
};

for (const kind of DATABASES) {
  describe(`owners' votes: lifecycle (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let street: Client; // 南京东路 street operator
    let otherStaff: Client; // 龙泉园路 committee staff
    let owner: VerifiedResident; // an owner on record in the staircase
    let buildingId = '';
    let unit = '';
    let buildingName = '';
    /** the staircase's rooms in the registry's order, and each one's registered area (hundredths) */
    let rooms: { id: string; label: string; area: number }[] = [];
    /** the room left without a registered area until the open is refused */
    let unregistered = { id: '', label: '' };
    const published: { voteId: string; passed: boolean }[] = [];
    const asked: {
      subjectId: string;
      committeeCode: string;
      buildingId: string | null;
      rule?: { code: string };
    }[] = [];

    const db = () => tp.platform.database.db;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const create = (c: Client, over: Record<string, unknown> = {}) =>
      c.post<VoteDetail & Err>('/api/votes', {
        title: '1号楼加装电梯',
        body: '是否同意为本楼道加装电梯，费用按楼层分摊。',
        electorate: { kind: 'unit', buildingId, unit },
        rule: { preset: 'civil_code_major' },
        opensAt: at(-MINUTE),
        closesAt: at(7 * 24 * 60 * MINUTE),
        allowChange: true,
        ...over,
      });
    const act = (c: Client, id: string, step: string, body?: unknown) =>
      c.post<VoteDetail & Err>(`/api/votes/${id}/${step}`, body ?? {});
    const count = async (table: 'votes' | 'vote_units' | 'vote_heads' | 'vote_voters') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const putOwners = async (roomId: string, body: unknown) => {
      const r = await staff.request('PUT', `/api/registry/rooms/${roomId}/owners`, body);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    const uploadPdf = async (c: Client) => {
      const form = new FormData();
      const pdf =
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'sheet.pdf');
      const r = await c.post<{ id: string }>('/api/attachments', form);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id;
    };
    const person = (name: string, documentNumber = newId()) => ({
      name,
      documentType: 'resident_id',
      documentNumber,
      share: 100,
    });

    before(async () => {
      tp = await startTestPlatform(kind);
      tp.platform.deps.events.subscribe(
        votePublished.on(async (_trx, p) => {
          published.push({ voteId: p.voteId, passed: p.passed });
        }),
      );
      registerVoteSubject('test_project', {
        mayPutToVote: async (_db, subjectId, vote) => {
          asked.push({ subjectId, ...vote });
          if (subjectId === SUBJECT_READY) return true;
          if (subjectId === SUBJECT_BUSY) return 'The project is being designed / 项目尚在设计阶段';
          return null;
        },
      });
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-votes',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      owner = await verifiedResident(tp, { username: 'v-owner01' });
      const home = await db()
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select(['r.unit', 'b.name'])
        .where('r.id', '=', owner.roomId)
        .executeTakeFirstOrThrow();
      buildingId = owner.buildingId;
      unit = home.unit;
      buildingName = home.name;
      const list = await db()
        .selectFrom('rooms')
        .select(['id', 'number'])
        .where('building_id', '=', buildingId)
        .where('unit', '=', unit)
        .orderBy('floor')
        .orderBy('number')
        .execute();
      assert.ok(list.length >= 6, `the staircase has ${list.length} rooms`);
      const others = list.filter((r) => r.id !== owner.roomId);
      // one buyer of two units, the developer's two unsold units, the owner's own home, and
      // one owner for each of the rest; the last room has no registered area yet
      const buyer = newId();
      const developer = fakeUscc(4711);
      const doc = await db()
        .selectFrom('residents')
        .select(['document_type', 'document_enc'])
        .where('id', '=', owner.residentId)
        .executeTakeFirstOrThrow();
      const areaOf = (i: number) => 6000 + 100 * i + 25;
      const plan = list.map((r, i) => {
        const k = others.findIndex((o) => o.id === r.id);
        const owners =
          r.id === owner.roomId
            ? [
                {
                  name: owner.name,
                  documentType: doc.document_type,
                  documentNumber: tp.platform.deps.cipher.decrypt(doc.document_enc),
                  share: 100,
                },
              ]
            : k < 2
              ? [person('陈建国', buyer)]
              : k < 4
                ? [
                    {
                      kind: 'developer',
                      name: '上海云南置业有限公司',
                      documentType: 'uscc',
                      documentNumber: developer,
                      share: 100,
                    },
                  ]
                : [person(`业主${i}`)];
        return {
          id: r.id,
          number: r.number,
          owners,
          area: areaOf(i),
          last: k === others.length - 1,
        };
      });
      for (const p of plan)
        await putOwners(p.id, { owners: p.owners, registeredArea: p.last ? null : p.area / 100 });
      rooms = plan.map((p) => ({
        id: p.id,
        label: `${buildingName} ${unit} ${p.number}`,
        area: p.area,
      }));
      const last = plan.find((p) => p.last)!;
      unregistered = { id: last.id, label: `${buildingName} ${unit} ${last.number}` };
    });
    after(() => tp.close());

    it('when the electorate is previewed, then it counts heads and lists the room to fix', async () => {
      const r = await staff.post<ElectoratePreview>('/api/votes/electorate-preview', {
        electorate: { kind: 'unit', buildingId, unit },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.problems, [
        { roomId: unregistered.id, label: unregistered.label, problem: 'no_area' },
      ]);
      // 2 units of one buyer once, the developer's 2 once, every other unit once; one to fix
      assert.equal(r.body.electorate.units, rooms.length - 1);
      assert.equal(r.body.electorate.heads, rooms.length - 1 - 2);
      const rules =
        await owner.client.get<{ code: string; weighing: string }[]>('/api/votes/rules');
      assert.equal(rules.status, 200);
      assert.ok(rules.body.some((p) => p.code === 'civil_code_major' && p.weighing === 'owners'));
      const street403 = await street.post('/api/votes/electorate-preview', {
        committeeCode: '310101002001',
        electorate: { kind: 'unit', buildingId, unit },
      });
      assert.equal(street403.status, 403);
    });

    it('when a draft is created, opened and cancelled, then each step is right, audited, and every illegal step a 409', async () => {
      const votesBefore = await count('votes');
      const d = await create(staff);
      assert.equal(d.status, 201, JSON.stringify(d.body));
      assert.equal(d.body.state, 'draft');
      assert.equal(d.body.electorateLabel, `${buildingName} ${unit}`);
      assert.equal(d.body.electorate, null);
      assert.equal(d.body.ruleCode, 'civil_code_major');
      assert.equal(d.body.tally, null);
      assert.deepEqual(d.body.can, {
        open: true,
        cancel: true,
        publish: false,
        enterPaper: false,
        campaign: false,
      });
      assert.equal(await count('votes'), votesBefore + 1);
      const id = d.body.id;

      // a room without registered area: the open is refused, the message lists it, nothing stored
      const unitsBefore = await count('vote_units');
      const refused = await act(staff, id, 'open');
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.field, 'electorate');
      assert.equal(refused.body.rule, 'registered');
      assert.ok(refused.body.message!.includes(unregistered.label), refused.body.message);
      assert.equal(await count('vote_units'), unitsBefore);
      assert.equal(await count('vote_heads'), 0);
      const still = await staff.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(still.body.state, 'draft');
      assert.equal(still.body.electorate, null);

      // fixed in the register, it opens; the electorate is frozen
      const last = rooms.find((r) => r.id === unregistered.id)!;
      await putOwners(unregistered.id, {
        owners: [person('林业主')],
        registeredArea: last.area / 100,
      });
      const opened = await act(staff, id, 'open');
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      assert.equal(opened.body.state, 'open');
      assert.deepEqual(opened.body.electorate, {
        heads: rooms.length - 2,
        units: rooms.length,
        area: rooms.reduce((n, r) => n + r.area, 0),
      });
      assert.ok(opened.body.openedAt);
      assert.equal(opened.body.tally?.participating.heads, 0);
      assert.equal(opened.body.tally?.passed, false);
      assert.deepEqual(opened.body.can, {
        open: false,
        cancel: true,
        publish: false,
        enterPaper: true,
        campaign: true,
      });
      const heads = await db()
        .selectFrom('vote_heads')
        .select(['head_no', 'developer', 'units', 'area'])
        .where('vote_id', '=', id)
        .orderBy('head_no')
        .execute();
      assert.equal(heads.length, rooms.length - 2);
      assert.equal(heads.filter((h) => h.units === 2).length, 2, 'the buyer and the developer');
      assert.equal(heads.filter((h) => h.developer).length, 1);
      assert.equal(await count('vote_units'), unitsBefore + rooms.length);
      const job = await db()
        .selectFrom('jobs')
        .select(['run_at'])
        .where('dedupe_key', '=', `votes.close:${id}`)
        .executeTakeFirstOrThrow();
      assert.equal(job.run_at.toISOString(), opened.body.closesAt);

      // the register changes later: the running vote does not move
      await putOwners(unregistered.id, { owners: [], registeredArea: null });
      const frozen = await staff.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(frozen.body.electorate?.units, rooms.length);

      for (const step of ['open', 'publish'] as const) {
        const r = await act(staff, id, step);
        assert.equal(r.status, 409, `${step} while open: ${JSON.stringify(r.body)}`);
      }
      const early = await staff.get(`/api/votes/${id}/result`);
      assert.equal(early.status, 409);

      const cancelled = await act(staff, id, 'cancel', { reason: '方案需要调整，重新征询' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.state, 'cancelled');
      assert.equal(cancelled.body.cancelReason, '方案需要调整，重新征询');
      for (const step of ['open', 'publish', 'cancel'] as const) {
        const r = await act(
          staff,
          id,
          step,
          step === 'cancel' ? { reason: '再次取消' } : undefined,
        );
        assert.equal(r.status, 409, `${step} when cancelled: ${JSON.stringify(r.body)}`);
      }
      const audits = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.action),
        ['votes.create', 'votes.open', 'votes.cancel'],
      );
      // put the room back for the votes below
      await putOwners(unregistered.id, {
        owners: [person('林业主')],
        registeredArea: last.area / 100,
      });
    });

    it('when a draft is cancelled, then it cannot open', async () => {
      const d = await create(staff);
      const c = await act(staff, d.body.id, 'cancel', { reason: '重复发起' });
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.state, 'cancelled');
      assert.equal((await act(staff, d.body.id, 'open')).status, 409);
      assert.equal((await act(staff, d.body.id, 'cancel', { reason: 'xx' })).status, 409);
    });

    it('when the input is bad, then a 400 names the field and nothing is stored', async () => {
      const before = await count('votes');
      const cases: [Record<string, unknown>, string, string?][] = [
        [{ opensAt: at(2 * MINUTE), closesAt: at(MINUTE) }, 'closesAt', 'afterOpensAt'],
        [{ opensAt: at(-60 * MINUTE), closesAt: at(-MINUTE) }, 'closesAt', 'future'],
        [
          {
            rule: {
              custom: {
                measures: ['area', 'count'],
                participation: null,
                consent: { share: '5/4', op: 'gte', basis: 'all' },
              },
            },
          },
          'rule.custom.consent.share',
          'share',
        ],
        [
          {
            rule: {
              custom: {
                measures: ['count'],
                participation: { share: '0', op: 'gte' },
                consent: { share: '1/2', op: 'gt', basis: 'participants' },
              },
            },
          },
          'rule.custom.participation.share',
          'share',
        ],
        [{ rule: { preset: 'simple_majority' } }, 'rule.preset', 'exists'],
        [{ electorate: { kind: 'unit', buildingId, unit: '99单元' } }, 'electorate', 'empty'],
        [{ electorate: { kind: 'unit', buildingId } }, 'electorate.unit', 'required'],
        [
          { electorate: { kind: 'compound', compoundCode: '310101002002-G1-C1' } },
          'electorate.compoundCode',
        ],
        [{ subject: { type: 'no_such_thing', id: owner.roomId } }, 'subject', 'exists'],
      ];
      for (const [over, field, rule] of cases) {
        const r = await create(staff, over);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
        if (rule) assert.equal(r.body.rule, rule, JSON.stringify(r.body));
        assert.match(r.body.message!, /\//, 'English / 中文');
      }
      const foreign = await create(otherStaff);
      assert.equal(foreign.status, 400, 'a building of another committee');
      assert.equal(foreign.body.field, 'electorate.buildingId');
      assert.equal(await count('votes'), before);
    });

    it('when others read or act, then another committee gets 404, the street reads and gets 403 on actions, residents never see a draft', async () => {
      const draft = await create(staff);
      const id = draft.body.id;
      assert.equal((await otherStaff.get(`/api/votes/${id}`)).status, 404);
      assert.equal((await act(otherStaff, id, 'open')).status, 404);
      assert.equal((await owner.client.get(`/api/votes/${id}`)).status, 404, 'a draft');
      assert.equal((await act(owner.client, id, 'open')).status, 404);
      const seen = await street.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(seen.status, 200, JSON.stringify(seen.body));
      assert.equal(seen.body.can.open, false);
      assert.equal((await act(street, id, 'open')).status, 403);
      assert.equal((await street.post('/api/votes', {})).status, 400, 'the schema first');
      const streetCreate = await create(street, { committeeCode: '310101002001' });
      assert.equal(streetCreate.status, 403);

      const opened = await act(staff, id, 'open');
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const mine = await owner.client.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.equal(mine.body.tally, null, 'no figures for owners before the result');
      assert.equal(mine.body.me?.canVote, true, JSON.stringify(mine.body.me));
      assert.deepEqual(
        mine.body.me?.groups.flatMap((g) => g.units.map((u) => u.roomId)),
        [owner.roomId],
      );
      assert.equal(mine.body.me?.groups[0]?.ballot, null);
      assert.equal(mine.body.me?.groups[0]?.mayCast, true);
      assert.equal((await act(owner.client, id, 'cancel', { reason: '不同意' })).status, 403);
      const other = await create(staff, { title: '楼道堆物清理规约' });
      const list = await owner.client.get<VoteList>('/api/votes');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.ok(list.body.items.some((v) => v.id === id));
      assert.ok(list.body.items.every((v) => v.state !== 'draft' && v.id !== other.body.id));
      const drafts = await staff.get<VoteList>('/api/votes?state=draft');
      assert.deepEqual(
        drafts.body.items.map((v) => v.id),
        [other.body.id],
      );
      const page1 = await staff.get<VoteList>('/api/votes?state=cancelled&limit=1');
      assert.equal(page1.status, 200);
      assert.equal(page1.body.items.length, 1);
      assert.ok(page1.body.nextCursor, 'more cancelled votes than one');
      const page2 = await staff.get<VoteList>(
        `/api/votes?state=cancelled&limit=1&cursor=${page1.body.nextCursor}`,
      );
      assert.equal(page2.status, 200);
      assert.equal(page2.body.items.length, 1);
      assert.notEqual(page2.body.items[0]!.id, page1.body.items[0]!.id);
      const forged = await owner.client.get(`/api/votes?cursor=${page1.body.nextCursor}`);
      assert.equal(forged.status, 400, "another account's cursor");
      assert.equal((await otherStaff.get<VoteList>('/api/votes')).body.items.length, 0);
      await act(staff, other.body.id, 'cancel', { reason: '测试结束' });
      await act(staff, id, 'cancel', { reason: '测试结束' });
    });

    it('when the closing time comes, then the job closes the vote and staff publish its result', async () => {
      const d = await create(staff, { closesAt: at(4000) });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      const id = d.body.id;
      assert.equal((await act(staff, id, 'open')).status, 200);
      const closed = await eventually(async () => {
        const r = await staff.get<VoteDetail>(`/api/votes/${id}`);
        return r.body.state === 'closed' && r.body;
      }, 20_000);
      assert.equal(closed.tally?.passed, false);
      assert.equal(closed.can.publish, true);
      assert.equal((await owner.client.get<VoteDetail>(`/api/votes/${id}`)).body.tally, null);
      assert.equal((await owner.client.get(`/api/votes/${id}/result`)).status, 409);
      assert.equal((await act(staff, id, 'cancel', { reason: '来不及了' })).status, 409);

      const p = await act(staff, id, 'publish');
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.equal(p.body.state, 'published');
      assert.equal(p.body.passed, false);
      assert.ok(p.body.publishedAt);
      assert.deepEqual(
        published.filter((e) => e.voteId === id),
        [{ voteId: id, passed: false }],
      );
      assert.equal((await act(staff, id, 'publish')).status, 409);

      const seen = await owner.client.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(seen.body.tally?.electorate.units, rooms.length);
      assert.match(seen.body.tally!.summary.en, /not passed/);
      const result = await owner.client.get<VoteResult>(`/api/votes/${id}/result`);
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.deepEqual(
        result.body.units.map((u) => u.label),
        rooms.map((r) => r.label),
      );
      assert.ok(result.body.units.every((u) => u.choice === null));
      assert.deepEqual(result.body.chain, []);
      assert.equal((await otherStaff.get(`/api/votes/${id}/result`)).status, 404);
    });

    it('when staff publish after the closing time before the job has run, then it closes first', async () => {
      const d = await create(staff);
      const id = d.body.id;
      assert.equal((await act(staff, id, 'open')).status, 200);
      // as if the time had passed (the queued close is still days away)
      await db()
        .updateTable('votes')
        .set({
          opens_at: new Date(Date.now() - 2 * MINUTE),
          closes_at: new Date(Date.now() - MINUTE),
        })
        .where('id', '=', id)
        .execute();
      const open = await staff.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(open.body.state, 'open');
      assert.equal(open.body.can.publish, true);
      assert.equal(open.body.can.enterPaper, false);
      const mine = await owner.client.get<VoteDetail>(`/api/votes/${id}`);
      assert.equal(mine.body.me?.groups[0]?.mayCast, false, 'no ballots after the close');
      const p = await act(staff, id, 'publish');
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.equal(p.body.state, 'published');
      assert.ok(p.body.closedAt);
      const audits = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.action),
        ['votes.create', 'votes.open', 'votes.close', 'votes.publish'],
      );
    });

    it('when a vote has documents and a subject, then its module is asked and whoever reads the vote reads the documents', async () => {
      const busy = await create(staff, { subject: { type: 'test_project', id: SUBJECT_BUSY } });
      assert.equal(busy.status, 409, JSON.stringify(busy.body));
      assert.match(busy.body.message!, /being designed/);
      const unknown = await create(staff, {
        subject: { type: 'test_project', id: '5b1e0c8a-0d5e-4c53-9d7e-2f0e6f1a0003' },
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.field, 'subject');
      const doc = await uploadPdf(staff);
      const d = await create(staff, {
        subject: { type: 'test_project', id: SUBJECT_READY },
        attachmentIds: [doc],
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      assert.deepEqual(d.body.subject, { type: 'test_project', id: SUBJECT_READY });
      const { rule, ...vote } = asked.at(-1)!;
      assert.deepEqual(vote, {
        subjectId: SUBJECT_READY,
        committeeCode: '310101002001',
        electorateKind: 'unit',
        buildingId,
        unit,
        compoundCode: null,
      });
      assert.equal(rule?.code, d.body.rule.code, 'the frozen rule is passed along');
      assert.deepEqual(
        d.body.documents.map((x) => x.id),
        [doc],
      );
      assert.equal((await owner.client.get(`/api/attachments/${doc}`)).status, 404, 'a draft');
      assert.equal((await act(staff, d.body.id, 'open')).status, 200);
      assert.equal((await owner.client.get(`/api/attachments/${doc}`)).status, 200);
      assert.equal((await street.get(`/api/attachments/${doc}`)).status, 200);
      assert.equal((await otherStaff.get(`/api/attachments/${doc}`)).status, 404);
      const c = await act(staff, d.body.id, 'cancel', { reason: '测试结束' });
      assert.equal(c.status, 200);
    });

    it('when owners vote online and on paper, then the live tally counts heads and areas, and the published result holds every unit and the chain', async () => {
      const d = await create(staff, { rule: { preset: 'shanghai_elevator_2011' } });
      const id = d.body.id;
      assert.equal((await act(staff, id, 'open')).status, 200);
      const cast = await owner.client.post<{ seq: number; hash: string } & Err>(
        `/api/votes/${id}/ballots`,
        { choice: 'agree' },
      );
      assert.equal(cast.status, 201, JSON.stringify(cast.body));
      const sheet = await uploadPdf(staff);
      const buyerRooms = rooms.filter((r) => r.id !== owner.roomId).slice(0, 2);
      const paper = await staff.post<Err>(`/api/votes/${id}/paper-ballots`, {
        roomId: buyerRooms[0]!.id,
        choice: 'disagree',
        attachmentId: sheet,
      });
      assert.equal(paper.status, 201, JSON.stringify(paper.body));

      const live = await staff.get<VoteDetail>(`/api/votes/${id}`);
      const t = live.body.tally!;
      const ownArea = rooms.find((r) => r.id === owner.roomId)!.area;
      const buyerArea = buyerRooms[0]!.area + buyerRooms[1]!.area;
      assert.deepEqual(t.agree, { heads: 1, units: 1, area: ownArea });
      assert.deepEqual(t.disagree, { heads: 1, units: 2, area: buyerArea });
      assert.deepEqual(t.participating, { heads: 2, units: 3, area: ownArea + buyerArea });
      assert.equal(t.ballots, 2);
      assert.ok(t.chainHead);
      assert.equal(t.passed, false);
      const mine = await owner.client.get<VoteDetail>(`/api/votes/${id}`);
      const g = mine.body.me?.groups[0];
      assert.deepEqual(g?.ballot?.receipt, { seq: cast.body.seq, hash: cast.body.hash });
      assert.equal(g?.ballot?.choice, 'agree');
      assert.equal(g?.mayCast, true, 'the vote allows changes until the close');

      await db()
        .updateTable('votes')
        .set({
          opens_at: new Date(Date.now() - 2 * MINUTE),
          closes_at: new Date(Date.now() - MINUTE),
        })
        .where('id', '=', id)
        .execute();
      const p = await act(staff, id, 'publish');
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.deepEqual(p.body.tally?.participating, t.participating);
      const result = await owner.client.get<VoteResult>(`/api/votes/${id}/result`);
      assert.equal(result.status, 200, JSON.stringify(result.body));
      const byLabel = new Map(result.body.units.map((u) => [u.label, u]));
      assert.equal(byLabel.get(rooms.find((r) => r.id === owner.roomId)!.label)?.choice, 'agree');
      assert.equal(byLabel.get(buyerRooms[1]!.label)?.channel, 'paper');
      assert.equal(result.body.units.filter((u) => u.choice === null).length, rooms.length - 3);
      assert.equal(result.body.chain.length, 2);
      const entry = result.body.chain.find((c) => c.seq === cast.body.seq)!;
      assert.equal(entry.hash, cast.body.hash);
      assert.equal(result.body.chain.at(-1)!.hash, result.body.tally.chainHead);
      assert.deepEqual(
        result.body.chain.find((c) => c.channel === 'paper')!.units.sort(),
        buyerRooms.map((r) => r.label).sort(),
      );
      assert.ok(!JSON.stringify(result.body).includes('陈建国'), 'no names published');
    });
  });
}
