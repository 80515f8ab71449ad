import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ComplaintRates,
  CompoundPropertyDetail,
  CompoundPropertyList,
  FeeChangeView,
  VoteDetail,
} from '@cc/contracts';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { fakeUscc } from '../registry/index.js';
import {
  DATABASES,
  generateRegistry,
  staffAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const C1 = `${COMMITTEE}-G1-C1`; // 云南中路花园
const C2 = `${COMMITTEE}-G1-C2`; // 云南中路公寓
const C3 = `${COMMITTEE}-G2-C1`; // 云南中路新村
const VOTED = `${COMMITTEE}-G3-C2`; // 云南中路大楼: every room has owners and area on record
const OTHER_C = `${OTHER}-G1-C1`;
const HOUR = 3_600_000;

/** a day in Shanghai (fees take effect by the local calendar) */
const day = (offsetDays = 0) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));
/** cases ÷ households × 1000, rounded half up to hundredths (the figure as defined) */
const per1000 = (cases: number, households: number) =>
  Math.floor((2 * cases * 100_000 + households) / (2 * households)) / 100;

const company = (uscc: string, name = '上海云南物业管理有限公司') => ({
  name,
  uscc,
  servicePhone: '021-63200000',
  contractStart: '2024-01-01',
  contractEnd: '2026-12-31',
});

for (const kind of DATABASES) {
  describe(`property 1 + 3 (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // yunnan, committee staff of 云南中路
    let other: Client; // committee staff of 龙泉园路
    let street: Client; // nanjingdong, street operator
    let inspector: Client; // files the cases
    let owner: VerifiedResident; // an owner on record living in VOTED
    let neighbour: VerifiedResident; // lives in C1

    const db = () => tp.platform.database.db;
    const put = <T>(c: Client, url: string, body: unknown) => c.request<T>('PUT', url, body);
    const companies = async () =>
      (await db().selectFrom('property_companies').select('id').execute()).length;
    /** the compound's households as the one screen counts them (present residents' households) */
    async function households(code: string): Promise<number> {
      const r = await db()
        .selectFrom('residents as p')
        .innerJoin('rooms as r', 'r.id', 'p.room_id')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select((eb) => eb.fn.count<number>('p.household_id').distinct().as('n'))
        .where('b.compound_code', '=', code)
        .where('p.status', '=', 'present')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    }
    async function fileCase(scenarioCode: string, areaCode: string): Promise<string> {
      const attributes: Record<string, string> =
        scenarioCode === 'elevator-breakdown' ? { building: '3号楼' } : {};
      const r = await inspector.post<{ id: string }>('/api/cases', {
        scenarioCode,
        description: '物业问题反映',
        areaCode,
        attributes,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id;
    }

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      for (const [code, seed] of [
        [COMMITTEE, 20],
        [OTHER, 21],
      ] as const)
        await generateRegistry(tp.platform.deps.db, tp.platform.deps.cipher, {
          scale: 0.1,
          within: [code],
          seed,
        });
      [staff, street, inspector] = await Promise.all([
        tp.login('yunnan'),
        tp.login('nanjingdong'),
        tp.login('inspector'),
      ]);
      other = await staffAccount(tp, {
        username: 'longquan-property',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      owner = await verifiedResident(tp, { compound: VOTED, relation: 'owner' });
      neighbour = await verifiedResident(tp, { compound: C1 });
    });
    after(() => tp?.close());

    it('when staff set a company with a wrong check character, then 400 names uscc and the rule, and nothing is stored', async () => {
      const good = fakeUscc(101);
      const last = good.at(-1)!;
      const bad = good.slice(0, 17) + (last === '0' ? '1' : '0');
      const r = await put<{ field: string; message: string }>(
        staff,
        `/api/property/compounds/${C1}/company`,
        company(bad),
      );
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, 'uscc');
      assert.match(r.body.message, /check character/);
      assert.match(r.body.message, /校验码/);
      assert.match(r.body.message, /GB 32100/);
      const short = await put<{ field: string }>(
        staff,
        `/api/property/compounds/${C1}/company`,
        company('9131'),
      );
      assert.equal(short.status, 400);
      assert.equal(short.body.field, 'uscc');
      const span = await put<{ field: string }>(staff, `/api/property/compounds/${C1}/company`, {
        ...company(good),
        contractEnd: '2023-12-31',
      });
      assert.equal(span.status, 400, JSON.stringify(span.body));
      assert.equal(span.body.field, 'contractEnd');
      assert.equal(await companies(), 0);
    });

    it('when staff set one company for two compounds, then it is one row and each compound shows it with its contract', async () => {
      const uscc = fakeUscc(101);
      const a = await put<CompoundPropertyDetail>(
        staff,
        `/api/property/compounds/${C1}/company`,
        company(uscc),
      );
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(a.body.company?.uscc, uscc);
      assert.equal(a.body.company?.contractEnd, '2026-12-31');
      const b = await put<CompoundPropertyDetail>(staff, `/api/property/compounds/${C2}/company`, {
        ...company(uscc.toLowerCase()),
        contractStart: '2025-03-01',
        contractEnd: '2027-02-28',
      });
      assert.equal(b.status, 200, JSON.stringify(b.body));
      assert.equal(b.body.company?.id, a.body.company?.id);
      assert.equal(b.body.company?.contractStart, '2025-03-01');
      const c = await put<CompoundPropertyDetail>(
        staff,
        `/api/property/compounds/${C3}/company`,
        company(fakeUscc(202), '上海黄浦第二物业有限公司'),
      );
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(await companies(), 2);
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'property.company.set')
        .execute();
      assert.equal(audit.length, 3);
    });

    it("when staff set the owners' committee, then staff read the names and the compound's residents read them masked", async () => {
      const bad = await put<{ field: string }>(
        staff,
        `/api/property/compounds/${C1}/owners-committee`,
        {
          members: [
            { name: '王建国', role: 'director', termStart: '2024-01-01', termEnd: '2028-12-31' },
            { name: '李红', role: 'director', termStart: '2024-01-01', termEnd: '2028-12-31' },
          ],
        },
      );
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      assert.equal(bad.body.field, 'members');
      const term = await put<{ field: string }>(
        staff,
        `/api/property/compounds/${C1}/owners-committee`,
        {
          members: [
            { name: '王建国', role: 'director', termStart: '2024-01-01', termEnd: '2023-01-01' },
          ],
        },
      );
      assert.equal(term.status, 400);
      assert.equal(term.body.field, 'members/0/termEnd');
      const r = await put<CompoundPropertyDetail>(
        staff,
        `/api/property/compounds/${C1}/owners-committee`,
        {
          members: [
            { name: '王建国', role: 'director', termStart: '2024-01-01', termEnd: '2028-12-31' },
            {
              name: '李红',
              role: 'deputy_director',
              termStart: '2024-01-01',
              termEnd: '2028-12-31',
            },
            { name: '张伟', role: 'member', termStart: '2024-01-01', termEnd: '2028-12-31' },
          ],
        },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.ownersCommittee.map((m) => [m.name, m.role]),
        [
          ['王建国', 'director'],
          ['李红', 'deputy_director'],
          ['张伟', 'member'],
        ],
      );
      const mine = await neighbour.client.get<CompoundPropertyDetail>('/api/property/my-compound');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.equal(mine.body.compoundCode, C1);
      assert.deepEqual(
        mine.body.ownersCommittee.map((m) => m.name),
        ['王**', '李*', '张*'],
      );
      assert.equal(mine.body.company?.servicePhone, '021-63200000');
      assert.equal(mine.body.canEdit, false);
    });

    it("when a fee is on record, then changing it without an owners' vote is refused (409) and the fee stays", async () => {
      const rec = await put<CompoundPropertyDetail>(staff, `/api/property/compounds/${C1}/fees`, {
        fees: [
          { use: 'residential', fen: 150 },
          { use: 'commercial', fen: 400 },
        ],
        effectiveFrom: '2024-01-01',
      });
      assert.equal(rec.status, 200, JSON.stringify(rec.body));
      assert.deepEqual(rec.body.fees.map((f) => [f.use, f.fen]).sort(), [
        ['commercial', 400],
        ['residential', 150],
      ]);
      const again = await put<{ field: string; message: string }>(
        staff,
        `/api/property/compounds/${C1}/fees`,
        {
          fees: [{ use: 'residential', fen: 180 }],
          effectiveFrom: day(),
        },
      );
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.match(again.body.message, /业主表决/);

      const dup = await staff.post<{ field: string }>('/api/property/fee-changes', {
        compoundCode: C1,
        fees: [
          { use: 'residential', fen: 180 },
          { use: 'residential', fen: 190 },
        ],
        effectiveFrom: day(30),
        reason: '服务成本上升',
      });
      assert.equal(dup.status, 400, JSON.stringify(dup.body));
      assert.equal(dup.body.field, 'fees/1/use');
      const past = await staff.post<{ field: string }>('/api/property/fee-changes', {
        compoundCode: C1,
        fees: [{ use: 'residential', fen: 180 }],
        effectiveFrom: day(-3),
        reason: '服务成本上升',
      });
      assert.equal(past.status, 400);
      assert.equal(past.body.field, 'effectiveFrom');

      const change = await staff.post<FeeChangeView>('/api/property/fee-changes', {
        compoundCode: C1,
        fees: [{ use: 'residential', fen: 180 }],
        effectiveFrom: day(30),
        reason: '服务成本上升，拟调整住宅物业费',
      });
      assert.equal(change.status, 201, JSON.stringify(change.body));
      assert.equal(change.body.state, 'proposed');
      assert.deepEqual(
        change.body.previous.find((f) => f.use === 'residential'),
        {
          use: 'residential',
          fen: 150,
        },
      );
      const second = await staff.post('/api/property/fee-changes', {
        compoundCode: C1,
        fees: [{ use: 'commercial', fen: 500 }],
        effectiveFrom: day(30),
        reason: '另一项调整',
      });
      assert.equal(second.status, 409, JSON.stringify(second.body));
      const apply = await staff.post<{ message: string }>(
        `/api/property/fee-changes/${change.body.id}/apply`,
      );
      assert.equal(apply.status, 409, JSON.stringify(apply.body));
      assert.match(apply.body.message, /表决/);
      const detail = await staff.get<CompoundPropertyDetail>(`/api/property/compounds/${C1}`);
      assert.equal(detail.body.fees.find((f) => f.use === 'residential')?.fen, 150);
      assert.equal(detail.body.pendingChange?.id, change.body.id);
      assert.equal(detail.body.feeHistory.length, 2);
      // a vote of one building cannot decide a compound's fee
      const building = await db()
        .selectFrom('buildings')
        .select('id')
        .where('compound_code', '=', C1)
        .executeTakeFirstOrThrow();
      const vote = await staff.post<{ field: string }>('/api/votes', {
        committeeCode: COMMITTEE,
        title: '物业费调整表决',
        body: '拟调整住宅物业费。',
        electorate: { kind: 'building', buildingId: building.id },
        rule: { preset: 'civil_code_major' },
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + HOUR).toISOString(),
        allowChange: false,
        subject: { type: 'property_fee', id: change.body.id },
      });
      assert.equal(vote.status, 409, JSON.stringify(vote.body));
      assert.equal(vote.body.field, 'subject');
    });

    /** A vote of VOTED's owners on the change, one ballot by `owner`, closed and published. */
    async function decideByVote(
      changeId: string,
      choice: 'agree' | 'disagree',
    ): Promise<VoteDetail> {
      const created = await staff.post<VoteDetail>('/api/votes', {
        committeeCode: COMMITTEE,
        title: '物业费调整表决',
        body: '拟调整住宅物业费，请各位业主表决。',
        electorate: { kind: 'compound', compoundCode: VOTED },
        // one owner's ballot decides: more than half of those who took part
        rule: {
          custom: {
            measures: ['count'],
            participation: null,
            consent: { share: '1/2', op: 'gt', basis: 'participants' },
          },
        },
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + HOUR).toISOString(),
        allowChange: false,
        subject: { type: 'property_fee', id: changeId },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const opened = await staff.post<VoteDetail>(`/api/votes/${created.body.id}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const ballot = await owner.client.post(`/api/votes/${created.body.id}/ballots`, { choice });
      assert.equal(ballot.status, 201, JSON.stringify(ballot.body));
      // the close is due (the close job has not run): publishing closes and publishes
      await db()
        .updateTable('votes')
        .set({ closes_at: new Date(Date.now() - 1000) })
        .where('id', '=', created.body.id)
        .execute();
      const published = await staff.post<VoteDetail>(`/api/votes/${created.body.id}/publish`);
      assert.equal(published.status, 200, JSON.stringify(published.body));
      return published.body;
    }

    it("when the owners' vote on a fee change passes, then the change is approved and the new fee enters the history from its date", async () => {
      // the owner is the owner on record of their own room, with its registered area
      const doc = await db()
        .selectFrom('residents')
        .select(['document_type', 'document_enc'])
        .where('id', '=', owner.residentId)
        .executeTakeFirstOrThrow();
      const set = await put(staff, `/api/registry/rooms/${owner.roomId}/owners`, {
        registeredArea: 80.5,
        owners: [
          {
            name: owner.name,
            documentType: doc.document_type,
            documentNumber: tp.platform.deps.cipher.decrypt(doc.document_enc),
            share: 100,
          },
        ],
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const rec = await put(staff, `/api/property/compounds/${VOTED}/fees`, {
        fees: [{ use: 'residential', fen: 120 }],
        effectiveFrom: '2023-07-01',
      });
      assert.equal(rec.status, 200, JSON.stringify(rec.body));
      const change = await staff.post<FeeChangeView>('/api/property/fee-changes', {
        compoundCode: VOTED,
        fees: [{ use: 'residential', fen: 165 }],
        effectiveFrom: day(),
        reason: '提升保洁与安保服务标准',
      });
      assert.equal(change.status, 201, JSON.stringify(change.body));
      // the owner reads the change of their compound; a resident of another compound does not
      assert.equal(
        (await owner.client.get(`/api/property/fee-changes/${change.body.id}`)).status,
        200,
      );
      assert.equal(
        (await neighbour.client.get(`/api/property/fee-changes/${change.body.id}`)).status,
        404,
      );

      const vote = await decideByVote(change.body.id, 'agree');
      assert.equal(vote.passed, true);
      const after = await staff.get<FeeChangeView>(`/api/property/fee-changes/${change.body.id}`);
      assert.equal(after.body.state, 'approved');
      assert.equal(after.body.voteId, vote.id);
      const applied = await staff.post<FeeChangeView>(
        `/api/property/fee-changes/${change.body.id}/apply`,
      );
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      const mine = await owner.client.get<CompoundPropertyDetail>('/api/property/my-compound');
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const now = mine.body.fees.find((f) => f.use === 'residential');
      assert.deepEqual(now, {
        use: 'residential',
        fen: 165,
        effectiveFrom: day(),
        changeId: change.body.id,
        voteId: vote.id,
      });
      assert.equal(mine.body.feeHistory.length, 2);
      assert.equal(mine.body.pendingChange, null);

      // a second change the owners turn down stays out of the history
      const next = await staff.post<FeeChangeView>('/api/property/fee-changes', {
        compoundCode: VOTED,
        fees: [{ use: 'residential', fen: 200 }],
        effectiveFrom: day(60),
        reason: '再次调整',
      });
      assert.equal(next.status, 201, JSON.stringify(next.body));
      const no = await decideByVote(next.body.id, 'disagree');
      assert.equal(no.passed, false);
      const rejected = await staff.get<FeeChangeView>(`/api/property/fee-changes/${next.body.id}`);
      assert.equal(rejected.body.state, 'rejected');
      assert.equal(
        (await staff.post(`/api/property/fee-changes/${next.body.id}/apply`)).status,
        409,
      );
      const history = await staff.get<CompoundPropertyDetail>(`/api/property/compounds/${VOTED}`);
      assert.equal(history.body.feeHistory.length, 2);
      const actions = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['property.fee-change.approve', 'property.fee-change.reject'])
        .execute();
      assert.equal(actions.length, 2);
    });

    it('when property cases are filed through the cases API, then complaints per 1,000 households are exact by compound and by company', async () => {
      const counted: [string, string][] = [
        ['corridor-light-out', C1],
        ['entrance-door-broken', C1],
        ['elevator-breakdown', C1],
        ['corridor-clutter', C2],
        ['building-leak', C3],
        ['building-leak', C3],
      ];
      for (const [s, a] of counted) await fileCase(s, a);
      // not about property, or another committee's compound, or older than the window
      await fileCase('illegal-parking', C1);
      await fileCase('corridor-light-out', OTHER_C);
      const old = await fileCase('entrance-door-broken', C2);
      await db()
        .updateTable('cases')
        .set({ created_at: new Date(Date.now() - 400 * 86_400_000) })
        .where('id', '=', old)
        .execute();

      const [h1, h2, h3] = [await households(C1), await households(C2), await households(C3)];
      assert.ok(h1 > 0 && h2 > 0 && h3 > 0, 'the compounds have households');
      const r = await staff.get<ComplaintRates>('/api/property/complaints');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.areaCode, COMMITTEE);
      assert.equal(r.body.days, 365);
      const of = (code: string) => r.body.byCompound.find((c) => c.compoundCode === code)!;
      assert.deepEqual([of(C1).cases, of(C1).households, of(C1).per1000], [3, h1, per1000(3, h1)]);
      assert.deepEqual([of(C2).cases, of(C2).households, of(C2).per1000], [1, h2, per1000(1, h2)]);
      assert.deepEqual([of(C3).cases, of(C3).per1000], [2, per1000(2, h3)]);
      assert.equal(of(VOTED).cases, 0);
      const shared = r.body.byCompany.find((c) => c.uscc === fakeUscc(101))!;
      assert.deepEqual(
        [shared.compounds, shared.cases, shared.households, shared.per1000],
        [2, 4, h1 + h2, per1000(4, h1 + h2)],
      );
      assert.equal(r.body.byCompany.find((c) => c.uscc === fakeUscc(202))?.cases, 2);
      // a longer window takes the old case in
      const long = await staff.get<ComplaintRates>('/api/property/complaints?days=500');
      assert.equal(long.body.byCompound.find((c) => c.compoundCode === C2)!.cases, 2);
      // the street reads its committees' compounds, the same figures
      const s = await street.get<ComplaintRates>('/api/property/complaints?area=310101002000');
      assert.equal(s.status, 200, JSON.stringify(s.body));
      assert.equal(s.body.byCompound.find((c) => c.compoundCode === C1)!.per1000, per1000(3, h1));
      assert.equal(s.body.byCompound.find((c) => c.compoundCode === OTHER_C)!.cases, 1);
      const list = await staff.get<CompoundPropertyList>(
        `/api/property/compounds?area=${COMMITTEE}`,
      );
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.equal(list.body.canEdit, true);
      assert.equal(list.body.items.length, 6);
      assert.equal(list.body.items.find((c) => c.compoundCode === C1)!.complaints.cases, 3);
      const bad = await staff.get<{ field?: string }>('/api/property/complaints?days=0');
      assert.equal(bad.status, 400);
    });

    it('when someone outside the scope asks, then another committee and another compound are 404', async () => {
      const put1 = await put(
        other,
        `/api/property/compounds/${C1}/company`,
        company(fakeUscc(303)),
      );
      assert.equal(put1.status, 404, JSON.stringify(put1.body));
      assert.equal((await other.get(`/api/property/compounds/${C1}`)).status, 404);
      assert.equal((await other.get(`/api/property/compounds?area=${COMMITTEE}`)).status, 404);
      const change = await other.post<{ field: string }>('/api/property/fee-changes', {
        compoundCode: C1,
        fees: [{ use: 'residential', fen: 100 }],
        effectiveFrom: day(10),
        reason: '越权调整',
      });
      assert.equal(change.status, 400);
      assert.equal(change.body.field, 'compoundCode');
      // the street reads but does not edit
      const list = await street.get<CompoundPropertyList>(
        '/api/property/compounds?area=310101002000',
      );
      assert.equal(list.status, 200);
      assert.equal(list.body.canEdit, false);
      assert.equal(
        (await put(street, `/api/property/compounds/${C1}/company`, company(fakeUscc(303)))).status,
        404,
      );
      // a resident reads their own compound only
      assert.equal((await neighbour.client.get(`/api/property/compounds/${C1}`)).status, 200);
      assert.equal((await neighbour.client.get(`/api/property/compounds/${VOTED}`)).status, 404);
      assert.equal(
        (await neighbour.client.get(`/api/property/compounds?area=${COMMITTEE}`)).status,
        403,
      );
      assert.equal(await companies(), 2);
    });
  });
}
