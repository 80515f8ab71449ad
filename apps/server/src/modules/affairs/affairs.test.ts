import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  maskName,
  type AffairDetail,
  type AffairList,
  type AffairServiceList,
} from '@cc/contracts';
import { sql } from 'kysely';
import sharp from 'sharp';
import {
  accountId,
  DATABASES,
  eventually,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
  staffAccount,
} from '../../testing.js';

const COMPOUND = '310101002001-G1-C1'; // 云南中路花园
const OTHER = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`online affairs (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let other: Client; // 龙泉园路 committee staff
    let street: Client; // 南京东路 street operator
    let alice: Client; // verified in 云南中路花园
    let bob: Client; // verified in 云南中路花园
    let carol: Client; // signed up, not verified
    let dave: Client | null = null; // verified, then moved out
    let png: Buffer;
    const registryNames = new Map<string, string>();

    /**
     * An account as phone sign-up makes it (its display name typed by the person, not the
     * registry's); `verified` also links it to the next registry resident of the compound, in
     * their room, as the residents module does.
     */
    async function resident(username: string, verified: boolean): Promise<Client> {
      if (!verified) return (await signedUpAccount(tp, { username })).client;
      const r = await verifiedResident(tp, { username, compound: COMPOUND });
      registryNames.set(username, r.name);
      return r.client;
    }

    async function upload(c: Client, name = 'scan.png'): Promise<string> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
      const r = await c.post('/api/attachments', form);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    }

    const file = (c: Client, body: Record<string, unknown>) =>
      c.post<AffairDetail & { field?: string; message?: string }>('/api/affairs/requests', body);
    const act = (c: Client, id: string, step: string, body: Record<string, unknown> = {}) =>
      c.post<AffairDetail & { field?: string }>(`/api/affairs/requests/${id}/${step}`, body);
    const count = async () =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom('affair_requests')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const certificate = { service: 'residence-certificate', answers: { purpose: 'school' } };

    before(async () => {
      tp = await startTestPlatform(kind);
      png = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } },
      })
        .png()
        .toBuffer();
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      other = await staffAccount(tp, {
        username: 'longquan-affairs',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      alice = await resident('r-alice00001', true);
      bob = await resident('r-bob0000001', true);
      carol = await resident('r-carol00001', false);
    });
    after(() => tp?.close());

    it('when a signed-in person asks for the catalogue, then every service comes in both languages', async () => {
      const r = await carol.get<AffairServiceList>('/api/affairs/services');
      assert.equal(r.status, 200);
      const codes = r.body.services.map((s) => s.code);
      for (const c of [
        'residence-certificate',
        'rental-registration',
        'elderly-care',
        'repair',
        'complaint',
      ]) {
        assert.ok(codes.includes(c), c);
      }
      assert.ok(r.body.services.every((s) => s.name && s.nameEn && s.timeLimit.days > 0));
      assert.equal((await tp.client().get('/api/affairs/services')).status, 401);
    });

    it('when an unverified account files, then 403 says to get verified first and nothing is stored', async () => {
      const before = await count();
      const r = await file(carol, certificate);
      assert.equal(r.status, 403);
      assert.match(r.body.message!, /verified/);
      assert.equal(await count(), before);
    });

    it('when answers or attachments break the form, then 400 names the field and the rule', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ service: 'residence-certificate', answers: {} }, 'answers.purpose', 'required'],
        [
          { service: 'residence-certificate', answers: { purpose: 'holiday' } },
          'answers.purpose',
          'enum',
        ],
        [
          { ...certificate, answers: { purpose: 'school', note: '长'.repeat(301) } },
          'answers.note',
          'maxLength',
        ],
        [
          { ...certificate, answers: { purpose: 'school', salary: '1' } },
          'answers.salary',
          'unknown',
        ],
        [
          { ...certificate, answers: { purpose: 'school', since: '2024-02-30' } },
          'answers.since',
          'format',
        ],
        [
          {
            service: 'elderly-care',
            answers: { elderName: '王', age: 45, service: 'meals', livesAlone: 'no' },
          },
          'answers.age',
          'minimum',
        ],
        [{ service: 'no-such-service', answers: {} }, 'service', 'exists'],
        [
          { ...certificate, attachments: { passport: [crypto.randomUUID()] } },
          'attachments.passport',
          'unknown',
        ],
      ];
      for (const [body, field, rule] of cases) {
        const r = await file(alice, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal((r.body as { rule?: string }).rule, rule, field);
        assert.ok(r.body.message!.includes(field), r.body.message);
      }
      // a required attachment missing; then someone else's file given for it
      const rental = {
        service: 'rental-registration',
        answers: {
          address: '1号楼101',
          landlordName: '李四',
          tenantName: '王五',
          occupants: 2,
          startDate: '2026-01-01',
          endDate: '2026-12-31',
        },
      };
      const missing = await file(alice, {
        ...rental,
        attachments: { lease: [await upload(alice)] },
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'attachments.deed');
      const bobs = await upload(bob);
      const foreign = await file(alice, {
        ...rental,
        attachments: {
          lease: [bobs],
          deed: [await upload(alice)],
          tenantId: [await upload(alice)],
        },
      });
      assert.equal(foreign.status, 400);
      assert.equal(foreign.body.field, 'attachments.lease');
      assert.equal(await count(), before);
    });

    it('when a certificate request goes file → accept → ask → supplement → complete, then a certificate is issued', async () => {
      const filed = await file(alice, {
        ...certificate,
        attachments: { idCard: [await upload(alice, 'id.png')] },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const id = filed.body.id;
      assert.equal(filed.body.state, 'submitted');
      assert.equal(filed.body.attachments.length, 1);
      assert.equal(filed.body.attachments[0]!.slot, 'idCard');
      assert.ok(Date.parse(filed.body.dueAt) > Date.now());

      // scope: another committee and another resident see nothing; the street reads but does not act
      assert.equal((await other.get(`/api/affairs/requests/${id}`)).status, 404);
      assert.equal((await act(other, id, 'accept')).status, 404);
      assert.equal((await bob.get(`/api/affairs/requests/${id}`)).status, 404);
      assert.equal((await act(bob, id, 'supplement', { message: 'x' })).status, 404);
      assert.equal((await street.get(`/api/affairs/requests/${id}`)).status, 200);
      assert.equal((await act(street, id, 'accept')).status, 403);
      const otherQueue = await other.get<AffairList>('/api/affairs/requests');
      assert.ok(!otherQueue.body.items.some((i) => i.id === id));
      const bobs = await bob.get<AffairList>('/api/affairs/requests');
      assert.ok(!bobs.body.items.some((i) => i.id === id));
      const queue = await staff.get<AffairList>('/api/affairs/requests?state=submitted');
      const listed = queue.body.items.find((i) => i.id === id);
      assert.ok(listed);
      // the registry's name of the verified resident, not the one typed at sign-up; masked in lists
      const registered = registryNames.get('r-alice00001')!;
      assert.notEqual(registered, '张r-alice00001');
      assert.equal(listed.applicantName, maskName(registered));
      const staffView = await staff.get<AffairDetail>(`/api/affairs/requests/${id}`);
      assert.equal(staffView.body.applicantName, registered);

      // the applicant's attachment: the committee may read it, another committee may not
      const fileId = filed.body.attachments[0]!.id;
      assert.equal((await staff.get(`/api/attachments/${fileId}`)).status, 200);
      assert.equal((await other.get(`/api/attachments/${fileId}`)).status, 404);

      const accepted = await act(staff, id, 'accept');
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.state, 'accepted');
      assert.equal((await act(staff, id, 'accept')).status, 409);
      assert.equal((await act(alice, id, 'supplement', { message: 'x' })).status, 409);
      assert.equal((await act(staff, id, 'ask', { message: '  ' })).status, 400);
      const asked = await act(staff, id, 'ask', { message: '请上传户口簿首页' });
      assert.equal(asked.body.state, 'needs_more');
      const seen = await alice.get<AffairDetail>(`/api/affairs/requests/${id}`);
      assert.equal(seen.body.pendingQuestion, '请上传户口簿首页');
      assert.deepEqual(seen.body.actions, ['supplement']);
      assert.equal((await act(staff, id, 'complete')).status, 409);

      // the resident took long to answer: that time does not count against the committee
      const db = tp.platform.database.db;
      await db
        .updateTable('affair_requests')
        .set({ due_at: new Date(Date.now() - 86_400_000) })
        .where('id', '=', id)
        .execute();
      const bad = await act(alice, id, 'supplement', {
        message: '已补',
        answers: { purpose: 'x' },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'answers.purpose');
      const supplemented = await act(alice, id, 'supplement', {
        message: '已补充',
        answers: { since: '2019-05-01' },
        attachments: { idCard: [await upload(alice, 'back.png')] },
      });
      assert.equal(supplemented.status, 200, JSON.stringify(supplemented.body));
      assert.equal(supplemented.body.state, 'submitted');
      assert.equal(supplemented.body.answers.since, '2019-05-01');
      assert.equal(supplemented.body.attachments.length, 2);
      assert.ok(Date.parse(supplemented.body.dueAt) > Date.now(), 'a new deadline');
      assert.equal(supplemented.body.isOverdue, false);
      const armed = await db
        .selectFrom('jobs')
        .select(sql<string>`payload->>'due'`.as('due'))
        .where('kind', '=', 'affairs.deadline')
        .where('done_at', 'is', null)
        .where(sql<boolean>`payload->>'requestId' = ${id}`)
        .execute();
      assert.ok(
        armed.some((j) => Date.parse(j.due) === Date.parse(supplemented.body.dueAt)),
        'the deadline job is armed for the new deadline',
      );

      assert.equal((await act(staff, id, 'accept')).body.state, 'accepted');
      const done = await act(staff, id, 'complete', { note: '已出具' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.state, 'completed');
      assert.ok(done.body.certificateId);
      assert.ok(done.body.certificateCode);
      assert.deepEqual(
        done.body.events.map((e) => e.action),
        ['file', 'accept', 'ask', 'supplement', 'accept', 'complete'],
      );
      assert.equal((await act(staff, id, 'refuse', { reason: 'late' })).status, 409);
      const pdf = await alice.get(`/api/certificates/${done.body.certificateId}/pdf`);
      assert.equal(pdf.status, 200);
      assert.match(pdf.headers.get('content-type')!, /pdf/);
      const check = await tp.client().get(`/api/verify/${done.body.certificateCode}`);
      assert.equal(check.body.genuine, true);
      // the certificate names the holder as the registry does
      const issued = await db
        .selectFrom('certificates')
        .select(['holder_name_enc', 'source_type', 'source_id'])
        .where('id', '=', done.body.certificateId)
        .executeTakeFirstOrThrow();
      assert.equal(tp.platform.deps.cipher.decrypt(issued.holder_name_enc), registered);
      assert.deepEqual([issued.source_type, issued.source_id], ['affair', id]);
      assert.equal(done.body.certificateRevokedAt, null);

      // revoked by the committee: the request shows it, and the resident is told
      const revoked = await staff.post(`/api/certificates/${done.body.certificateId}/revoke`, {
        reason: '地址有误',
      });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      const after = await alice.get<AffairDetail>(`/api/affairs/requests/${id}`);
      assert.ok(after.body.certificateRevokedAt);
      const last = after.body.events.at(-1)!;
      assert.equal(last.action, 'certificate_revoked');
      assert.equal(last.message, '地址有误');

      // the resident was told at each step, by text and in-app notice
      const aliceId = await accountId(tp, 'r-alice00001');
      const told = await tp.platform.database.db
        .selectFrom('notifications')
        .select(['channel', 'body'])
        .where('recipient_id', '=', aliceId)
        .execute();
      assert.ok(told.some((n) => n.channel === 'sms' && n.body.includes('已受理')));
      assert.ok(told.some((n) => n.channel === 'inapp' && n.body.includes('已出具')));
      assert.ok(told.some((n) => n.channel === 'inapp' && n.body.includes('证明已撤销')));
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', id)
        .execute();
      for (const a of [
        'affairs.file',
        'affairs.accept',
        'affairs.ask',
        'affairs.supplement',
        'affairs.complete',
      ]) {
        assert.ok(
          audited.some((r) => r.action === a),
          a,
        );
      }
    });

    it('when staff refuse, then a reason is required and the request ends refused', async () => {
      const filed = await file(alice, {
        service: 'hardship-allowance',
        answers: { reason: 'illness', householdSize: 3, monthlyIncome: 2000, details: '住院' },
        attachments: { income: [await upload(alice)] },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const noReason = await act(staff, filed.body.id, 'refuse', {});
      assert.equal(noReason.status, 400);
      const refused = await act(staff, filed.body.id, 'refuse', { reason: '收入超过标准' });
      assert.equal(refused.body.state, 'refused');
      assert.equal(refused.body.events.at(-1)!.message, '收入超过标准');
      assert.deepEqual(refused.body.actions, []);
    });

    it('when a resident files a repair, then it becomes a case at once', async () => {
      const r = await file(bob, {
        service: 'repair',
        answers: {
          kind: 'corridor_light',
          place: '1号楼2单元3楼',
          description: '楼道灯不亮三天了',
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.state, 'forwarded');
      assert.ok(r.body.caseId && r.body.caseNumber);
      const c = await tp.platform.database.db
        .selectFrom('cases')
        .select(['number', 'scenario_code', 'source', 'area_code', 'address'])
        .where('id', '=', r.body.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(c.number, r.body.caseNumber);
      assert.equal(c.scenario_code, 'corridor-light-out');
      assert.equal(c.source, 'resident');
      assert.equal(c.area_code, COMPOUND);
      assert.equal(c.address, '1号楼2单元3楼');
      assert.equal((await bob.get(`/api/cases/${r.body.caseId}`)).status, 200);
      assert.equal((await act(staff, r.body.id, 'accept')).status, 409);

      // a crash after the case but before the request was marked: the durable job finishes it,
      // with the same case (never a second one)
      const db = tp.platform.database.db;
      await db
        .updateTable('affair_requests')
        .set({ state: 'submitted', case_id: null, case_number: null, closed_at: null })
        .where('id', '=', r.body.id)
        .execute();
      const rearmed = await sql`update jobs set done_at = null, locked_until = null, run_at = now(),
                attempts = 0 where kind = 'affairs.forward' and payload->>'requestId' = ${r.body.id}`.execute(
        db,
      );
      assert.equal(Number(rearmed.numAffectedRows), 1, 'the request has its forward job');
      tp.platform.deps.jobs.kick();
      await eventually(async () => {
        const d = await bob.get<AffairDetail>(`/api/affairs/requests/${r.body.id}`);
        return d.body.state === 'forwarded';
      });
      const again = await bob.get<AffairDetail>(`/api/affairs/requests/${r.body.id}`);
      assert.equal(again.body.caseId, r.body.caseId);
      assert.equal(again.body.caseNumber, r.body.caseNumber);
      const cases = await db
        .selectFrom('cases')
        .select('id')
        .where('description', '=', '楼道灯不亮三天了')
        .execute();
      assert.equal(cases.length, 1);
    });

    it('when district, city or administrator roles ask for requests, then the queue is refused and one request is not found', async () => {
      const filed = await file(bob, certificate);
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      for (const username of ['huangpu', 'city', 'admin']) {
        const c = await tp.login(username);
        const list = await c.get<AffairList>('/api/affairs/requests');
        assert.equal(list.status, 403, username);
        assert.ok(!JSON.stringify(list.body).includes(filed.body.number));
        assert.equal((await c.get(`/api/affairs/requests/${filed.body.id}`)).status, 404, username);
        assert.equal((await act(c, filed.body.id, 'accept')).status, 404, username);
        // their own requests (none) they may still list
        const own = await c.get<AffairList>('/api/affairs/requests?mine=true');
        assert.equal(own.status, 200, username);
        assert.equal(own.body.total, 0);
      }
    });

    it('when the applicant moved out before completion, then no certificate is issued (409) and the request waits for refusal', async () => {
      dave = await resident('r-dave000001', true);
      const filed = await file(dave, certificate);
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const id = filed.body.id;
      assert.equal((await act(staff, id, 'accept')).status, 200);
      const db = tp.platform.database.db;
      const daveId = await accountId(tp, 'r-dave000001');
      // the residents module ends the link when the registry records the move-out
      await db
        .updateTable('resident_links')
        .set({ status: 'revoked', revoked_at: new Date(), revoked_reason: 'moved_out' })
        .where('account_id', '=', daveId)
        .execute();
      const issuedBefore = await db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const done = await act(staff, id, 'complete');
      assert.equal(done.status, 409, JSON.stringify(done.body));
      assert.match((done.body as { message?: string }).message!, /no longer lives/);
      const issuedAfter = await db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(issuedAfter.n), Number(issuedBefore.n));
      const still = await staff.get<AffairDetail>(`/api/affairs/requests/${id}`);
      assert.equal(still.body.state, 'accepted');
      assert.equal(still.body.certificateId, null);
      assert.equal((await act(staff, id, 'refuse', { reason: '已迁出' })).status, 200);
    });

    it('when the deadline nears and passes, then the job warns the committee and escalates to the street', async () => {
      const filed = await file(bob, {
        service: 'elderly-care',
        answers: { elderName: '王奶奶', age: 86, service: 'meals', livesAlone: 'yes' },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const id = filed.body.id;
      const db = tp.platform.database.db;
      // the job's time brought to now, instead of waiting for it
      const runNow = () =>
        sql`update jobs set run_at = now() - interval '1 second'
            where kind = 'affairs.deadline' and done_at is null and payload->>'requestId' = ${id}`.execute(
          db,
        );
      await runNow();
      tp.platform.deps.jobs.kick();
      await eventually(async () => {
        const d = await staff.get<AffairDetail>(`/api/affairs/requests/${id}`);
        return d.body.events.some((e) => e.action === 'warn');
      });
      await eventually(async () => {
        await runNow();
        tp.platform.deps.jobs.kick();
        const d = await staff.get<AffairDetail>(`/api/affairs/requests/${id}`);
        return d.body.isEscalated && d.body.events.some((e) => e.action === 'escalate');
      });
      const streetId = await accountId(tp, 'nanjingdong');
      const told = await db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', streetId)
        .execute();
      assert.ok(told.some((n) => n.body.includes(filed.body.number)));
      // a request that ended is left alone by its jobs
      const ended = await db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'affairs.deadline')
        .where('done_at', 'is', null)
        .where(sql<boolean>`payload->>'requestId' = ${id}`)
        .execute();
      assert.equal(ended.length, 0);
    });

    it('when a resident lists requests, then only their own come back', async () => {
      const mine = await alice.get<AffairList>('/api/affairs/requests');
      assert.equal(mine.status, 200);
      assert.ok(mine.body.total >= 2);
      const aliceIds = new Set(mine.body.items.map((i) => i.id));
      const bobs = await bob.get<AffairList>('/api/affairs/requests');
      assert.ok(bobs.body.items.every((i) => !aliceIds.has(i.id)));
      const daves = dave ? (await dave.get<AffairList>('/api/affairs/requests')).body.total : 0;
      const all = await staff.get<AffairList>('/api/affairs/requests?pageSize=100');
      assert.equal(all.body.total, mine.body.total + bobs.body.total + daves);
    });
  });
}
