import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsultationDetail, ConsultationList, ConsultationResults } from '@cc/contracts';
import { sql } from 'kysely';
import { pointInMultiPolygon, type MultiPolygon } from '../areas/index.js';
import {
  accountId,
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
  staffAccount,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const COMPOUND = '310101002001-G1-C1'; // 云南中路花园
const STREET = '310101002000'; // 南京东路街道
const OUTSIDE = { lng: 121.3, lat: 31.1 }; // Shanghai, but far from 云南中路

const QUESTIONS = [
  { kind: 'single', title: '最需要改善的是？', options: ['停车', '绿化', '照明'] },
  { kind: 'multiple', title: '您常去的地方', options: ['广场', '菜场', '公园'], maxChoices: 2 },
  { kind: 'scale', title: '对小区环境的满意度', scaleMin: 1, scaleMax: 5 },
  { kind: 'text', title: '其他建议', required: false },
  { kind: 'pin', title: '请在地图上标出问题所在' },
];

for (const kind of DATABASES) {
  describe(`consultations (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // yunnan: committee staff of 云南中路
    let street: Client; // nanjingdong: street operator
    let planner: Client; // community planner of 龙泉园路
    let chenyu: Client; // verified in 云南中路
    let linxia: Client; // verified in 云南中路
    let wangqiang: Client; // verified in 云南中路
    let hejing: Client; // pending: not verified
    let outsider: Client; // verified in 龙泉园路
    let inside = { lng: 0, lat: 0 };
    let chenyuCompound = '';

    const db = () => tp.platform.database.db;
    const count = async (
      table: 'consultations' | 'consultation_answers' | 'consultation_responses',
    ) =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    const create = (c: Client, body: Record<string, unknown>) =>
      c.post<ConsultationDetail & { field?: string; rule?: string; message?: string }>(
        '/api/consultations',
        body,
      );
    const week = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
    const valid = (over: Record<string, unknown> = {}) => ({
      title: '小区环境征询',
      description: '请大家说说小区环境的问题',
      areaCode: COMMITTEE,
      isAnonymous: false,
      closesAt: week(),
      questions: QUESTIONS,
      ...over,
    });
    async function published(over: Record<string, unknown> = {}): Promise<ConsultationDetail> {
      const made = await create(staff, valid(over));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const p = await staff.post<ConsultationDetail>(`/api/consultations/${made.body.id}/publish`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      assert.equal(p.body.status, 'open');
      return p.body;
    }
    const fullAnswer = (over: Record<string, unknown>[] = []) => {
      const base: Record<string, Record<string, unknown>> = {
        q1: { questionId: 'q1', choice: 'o1' },
        q2: { questionId: 'q2', choices: ['o1', 'o3'] },
        q3: { questionId: 'q3', value: 4 },
        q4: { questionId: 'q4', text: '路灯坏了，请联系13912345678' },
        q5: { questionId: 'q5', point: inside },
      };
      for (const o of over) base[o.questionId as string] = o;
      return { answers: Object.values(base) };
    };
    const answer = (c: Client, id: string, body: unknown) =>
      c.post<{ field?: string; rule?: string; message?: string; responseCount?: number }>(
        `/api/consultations/${id}/responses`,
        body,
      );

    /** An account as phone sign-up makes it; with a home (a compound or committee), verified there. */
    async function resident(username: string, home: string | null): Promise<Client> {
      if (!home) return (await signedUpAccount(tp, { username })).client;
      const where = home.includes('-') ? { compound: home } : { committee: home };
      return (await verifiedResident(tp, { username, ...where })).client;
    }

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      planner = await staffAccount(tp, {
        username: 'planner-longquan',
        role: 'community_planner',
        areaCode: OTHER,
      });
      chenyu = await resident('r-chenyu0001', COMPOUND);
      linxia = await resident('r-linxia0001', COMPOUND);
      wangqiang = await resident('r-wangq00001', '310101002001-G2-C1');
      hejing = await resident('r-hejing0001', null);
      outsider = await resident('r-outsider01', OTHER);
      chenyuCompound = COMPOUND;
      // a point inside the committee: its own centre, checked against its boundary
      const area = await db()
        .selectFrom('areas')
        .select(['centre_lng', 'centre_lat', 'boundary'])
        .where('code', '=', COMMITTEE)
        .executeTakeFirstOrThrow();
      inside = { lng: area.centre_lng, lat: area.centre_lat };
      assert.ok(pointInMultiPolygon(inside.lng, inside.lat, area.boundary as MultiPolygon));
    });
    after(() => tp?.close());

    it('when a questionnaire breaks a rule, then 400 names the field and rule and nothing is stored', async () => {
      const before = await count('consultations');
      const cases: [Record<string, unknown>, string, string][] = [
        [{ questions: [] }, 'questions', 'minItems'],
        [
          { questions: [{ kind: 'single', title: '选一个', options: ['只有一个'] }] },
          'questions.0.options',
          'minItems',
        ],
        [
          { questions: [{ kind: 'multiple', title: '多选', options: ['甲', ''] }] },
          'questions.0.options.1',
          'required',
        ],
        [{ questions: [{ kind: 'text', title: '  ' }] }, 'questions.0.title', 'required'],
        [{ title: '   ' }, 'title', 'required'],
        [{ closesAt: new Date(Date.now() - 60_000).toISOString() }, 'closesAt', 'future'],
        [{ areaCode: STREET }, 'areaCode', 'level'],
        [{ areaCode: '310101002001-NOPE' }, 'areaCode', 'exists'],
      ];
      for (const [over, field, rule] of cases) {
        const r = await create(staff, valid(over));
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
        assert.match(r.body.message!, /[\u4e00-\u9fff]/);
      }
      const typed = await create(staff, valid({ questions: [{ kind: 'essay', title: 'x' }] }));
      assert.equal(typed.status, 400);
      assert.equal(await count('consultations'), before);
    });

    it('when staff target an area outside their scope, then 403; a planner consults its own committee', async () => {
      const before = await count('consultations');
      assert.equal((await create(staff, valid({ areaCode: OTHER }))).status, 403);
      assert.equal((await create(planner, valid())).status, 403);
      assert.equal((await create(chenyu, valid())).status, 403);
      assert.equal(await count('consultations'), before);
      const mine = await create(planner, valid({ areaCode: OTHER }));
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      // the planner's draft: not in 云南中路's list, and a 404 there
      const list = await staff.get<ConsultationList>('/api/consultations');
      assert.ok(!list.body.items.some((i) => i.id === mine.body.id));
      assert.equal((await staff.get(`/api/consultations/${mine.body.id}`)).status, 404);
      // the street sees both
      const streetList = await street.get<ConsultationList>('/api/consultations');
      assert.ok(streetList.body.items.some((i) => i.id === mine.body.id));
      assert.equal((await chenyu.get('/api/consultations')).status, 403);
    });

    it('when a named consultation collects answers, then results count per option and value and the export is masked', async () => {
      const c = await published();
      // a draft is not shown to residents; the published one is
      const forMe = await chenyu.get<ConsultationList>('/api/consultations/for-me');
      assert.equal(forMe.status, 200);
      assert.ok(forMe.body.items.some((i) => i.id === c.id && !i.hasAnswered));
      const seen = await chenyu.get<ConsultationDetail>(`/api/consultations/${c.id}`);
      assert.equal(seen.body.canAnswer, true);
      const outline = await chenyu.get(`/api/consultations/${c.id}/boundary`);
      assert.equal(outline.status, 200);
      assert.equal(outline.body.features.length, 1);

      const a1 = await answer(chenyu, c.id, fullAnswer());
      assert.equal(a1.status, 201, JSON.stringify(a1.body));
      assert.equal(a1.body.responseCount, 1);
      const a2 = await answer(
        linxia,
        c.id,
        fullAnswer([
          { questionId: 'q1', choice: 'o2' },
          { questionId: 'q2', choices: ['o1'] },
          { questionId: 'q3', value: 2 },
        ]),
      );
      assert.equal(a2.status, 201, JSON.stringify(a2.body));
      // the optional text question may be left out
      const a3 = await answer(wangqiang, c.id, {
        answers: fullAnswer().answers.filter((a) => a.questionId !== 'q4'),
      });
      assert.equal(a3.status, 201, JSON.stringify(a3.body));

      const again = await answer(chenyu, c.id, fullAnswer());
      assert.equal(again.status, 409);
      const mine = await chenyu.get<ConsultationDetail>(`/api/consultations/${c.id}`);
      assert.equal(mine.body.hasAnswered, true);
      assert.equal(mine.body.canAnswer, false);

      const r = await staff.get<ConsultationResults>(`/api/consultations/${c.id}/results`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.responseCount, 3);
      const [q1, q2, q3, q4, q5] = r.body.questions;
      assert.deepEqual(
        q1!.options.map((o) => o.count),
        [2, 1, 0],
      );
      assert.equal(q1!.answered, 3);
      assert.deepEqual(
        q2!.options.map((o) => o.count),
        [3, 0, 2],
      );
      assert.equal(q2!.answered, 3);
      assert.deepEqual(
        q3!.scale.map((s) => s.count),
        [0, 1, 0, 2, 0],
      );
      assert.equal(q3!.average, 3.33);
      assert.equal(q4!.answered, 2);
      // numbers in free text were masked before they were stored
      assert.ok(q4!.texts.every((t) => !t.includes('13912345678') && t.includes('139****5678')));
      assert.equal(q5!.pinCount, 3);
      assert.equal(
        q5!.pins.reduce((s, p) => s + p.count, 0),
        3,
      );
      // a resident gets no results
      assert.equal((await chenyu.get(`/api/consultations/${c.id}/results`)).status, 404);

      // the district sees the totals, not the answer sheets
      const district = await tp.login('huangpu');
      assert.equal((await district.get(`/api/consultations/${c.id}/results`)).status, 200);
      assert.equal((await district.get(`/api/consultations/${c.id}/export.csv`)).status, 403);
      const csv = await staff.get<string>(`/api/consultations/${c.id}/export.csv`);
      assert.equal(csv.status, 200);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines.length, 4);
      assert.match(lines[0]!, /respondent/);
      assert.ok(!csv.body.includes('13912345678'));
      // names masked: a first character and stars
      for (const line of lines.slice(1)) assert.match(line, /^"\uFEFF?.\*+"|^".\*+"/);
    });

    it('when a consultation is anonymous, then no response links to an account and the export names no one', async () => {
      const c = await published({ isAnonymous: true, title: '匿名征询' });
      assert.equal((await answer(chenyu, c.id, fullAnswer())).status, 201);
      assert.equal((await answer(linxia, c.id, fullAnswer())).status, 201);
      assert.equal((await answer(chenyu, c.id, fullAnswer())).status, 409);
      const rows = await db()
        .selectFrom('consultation_responses')
        .selectAll()
        .where('consultation_id', '=', c.id)
        .execute();
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.equal(row.account_id, null);
        assert.equal(row.respondent_name_masked, null);
        assert.equal(row.submitted_at, null);
      }
      // no column anywhere in the answers joins back to an account
      const chenyuId = await accountId(tp, 'r-chenyu0001');
      const { rows: leaks } = await sql<{ n: string }>`
        select count(*) as n from consultation_answers a join consultation_responses r on r.id = a.response_id
        where r.consultation_id = ${c.id} and r.account_id = ${chenyuId}`.execute(db());
      assert.equal(Number(leaks[0]!.n), 0);
      // fewer than five answers: nothing shown, nothing exported
      const early = await staff.get<ConsultationResults>(`/api/consultations/${c.id}/results`);
      assert.equal(early.status, 200);
      assert.equal(early.body.withheld, true);
      assert.deepEqual(early.body.questions, []);
      assert.equal((await staff.get(`/api/consultations/${c.id}/export.csv`)).status, 409);
      const more = await Promise.all(
        [1, 2, 3].map((i) => resident(`r-anon${String(i).padStart(6, '0')}`, COMPOUND)),
      );
      for (const [i, who] of more.entries()) {
        const r = await answer(who, c.id, fullAnswer([{ questionId: 'q4', text: `建议${i}` }]));
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const shown = await staff.get<ConsultationResults>(`/api/consultations/${c.id}/results`);
      assert.equal(shown.body.withheld, false);
      assert.equal(shown.body.questions[3]!.texts.length, 5);
      // nothing on an answer orders or times it
      const { rows: columns } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_name in ('consultation_answers', 'consultation_responses')`.execute(db());
      const names = columns.map((x) => x.column_name);
      assert.ok(!names.includes('seq') && !names.includes('created_at'), names.join());
      const csv = await staff.get<string>(`/api/consultations/${c.id}/export.csv`);
      assert.equal(csv.status, 200);
      assert.ok(!/respondent|答卷人/.test(csv.body));
      assert.equal(csv.body.trim().split('\r\n').length, 6);
    });

    it('when an answer breaks a rule, then 400 names the field and rule and nothing is stored', async () => {
      const c = await published({ title: '坏答案' });
      const before = await count('consultation_answers');
      const cases: [Record<string, unknown>, string, string][] = [
        [fullAnswer([{ questionId: 'q5', point: OUTSIDE }]), 'answers.q5.point', 'inside'],
        [fullAnswer([{ questionId: 'q3', choice: 'o1' }]), 'answers.q3.value', 'type'],
        [fullAnswer([{ questionId: 'q3', value: 9 }]), 'answers.q3.value', 'range'],
        [fullAnswer([{ questionId: 'q1', choice: 'o9' }]), 'answers.q1.choice', 'enum'],
        [
          fullAnswer([{ questionId: 'q2', choices: ['o1', 'o2', 'o3'] }]),
          'answers.q2.choices',
          'maxItems',
        ],
        [fullAnswer([{ questionId: 'q9', text: 'x' }]), 'answers.q9', 'exists'],
        [
          { answers: fullAnswer().answers.filter((a) => a.questionId !== 'q5') },
          'answers.q5',
          'required',
        ],
      ];
      for (const [body, field, rule] of cases) {
        const r = await answer(chenyu, c.id, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
      }
      const badType = await answer(chenyu, c.id, fullAnswer([{ questionId: 'q3', value: 'four' }]));
      assert.equal(badType.status, 400);
      assert.equal(await count('consultation_answers'), before);
      // and the resident may still answer properly
      assert.equal((await answer(chenyu, c.id, fullAnswer())).status, 201);
    });

    it('when many residents answer at once, then every count is exact and each answered once', async () => {
      const c = await published({ title: '同时作答', isAnonymous: true });
      const crowd = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          resident(`r-crowd${String(i).padStart(5, '0')}`, COMPOUND),
        ),
      );
      const answers = await Promise.all(
        crowd.flatMap((c2, i) => [
          answer(
            c2,
            c.id,
            fullAnswer([
              { questionId: 'q1', choice: i % 2 ? 'o1' : 'o2' },
              { questionId: 'q3', value: 1 + (i % 5) },
            ]),
          ),
          // the same resident twice at once: one of the two is refused
          answer(c2, c.id, fullAnswer()),
        ]),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(
        [...new Set(statuses)],
        [201, 409],
        JSON.stringify(answers.filter((a) => a.status !== 201 && a.status !== 409)),
      );
      assert.equal(statuses.filter((s) => s === 201).length, 16);
      const r = await staff.get<ConsultationResults>(`/api/consultations/${c.id}/results`);
      assert.equal(r.body.responseCount, 16);
      const [q1, , q3, , q5] = r.body.questions;
      assert.equal(
        q1!.options.reduce((s, o) => s + o.count, 0),
        16,
      );
      assert.equal(q1!.answered, 16);
      assert.equal(
        q3!.scale.reduce((s, v) => s + v.count, 0),
        16,
      );
      assert.equal(q5!.pinCount, 16);
      assert.equal(
        q5!.pins.reduce((s, p) => s + p.count, 0),
        16,
      );
    });

    it('when a resident is not verified or lives elsewhere, then 403 says why or 404', async () => {
      const c = await published({ title: '范围', areaCode: chenyuCompound });
      const un = await answer(hejing, c.id, fullAnswer());
      assert.equal(un.status, 403);
      assert.match(un.body.message!, /verify|认证/);
      assert.equal((await hejing.get(`/api/consultations/${c.id}`)).status, 403);
      assert.equal((await hejing.get('/api/consultations/for-me')).status, 403);
      assert.equal((await answer(outsider, c.id, fullAnswer())).status, 404);
      assert.equal((await outsider.get(`/api/consultations/${c.id}`)).status, 404);
      const list = await outsider.get<ConsultationList>('/api/consultations/for-me');
      assert.ok(!list.body.items.some((i) => i.id === c.id));
      assert.equal((await planner.get(`/api/consultations/${c.id}/results`)).status, 404);
    });

    it('when a consultation is a draft, not yet open or closed, then answers are refused and nothing is stored', async () => {
      const draft = await create(staff, valid({ title: '草稿' }));
      assert.equal((await answer(chenyu, draft.body.id, fullAnswer())).status, 404);
      const later = await create(
        staff,
        valid({ title: '未开始', opensAt: new Date(Date.now() + 86_400_000).toISOString() }),
      );
      const p = await staff.post<ConsultationDetail>(`/api/consultations/${later.body.id}/publish`);
      assert.equal(p.body.status, 'scheduled');
      const early = await answer(chenyu, later.body.id, fullAnswer());
      assert.equal(early.status, 409);
      assert.match(early.body.message!, /not opened|尚未开始/);
      const c = await published({ title: '结束' });
      const closed = await staff.post<ConsultationDetail>(`/api/consultations/${c.id}/close`);
      assert.equal(closed.status, 200);
      assert.equal(closed.body.status, 'closed');
      const before = await count('consultation_answers');
      assert.equal((await answer(chenyu, c.id, fullAnswer())).status, 409);
      assert.equal(await count('consultation_answers'), before);
      // a published consultation cannot be edited or published again
      assert.equal((await staff.request('PUT', `/api/consultations/${c.id}`, valid())).status, 409);
      assert.equal((await staff.post(`/api/consultations/${c.id}/publish`)).status, 409);
    });

    it('when a map question has no boundary up the chain, then create and publish refuse it naming the question; staff text is masked', async () => {
      const made = await create(staff, valid({ title: '号码 13812345678', questions: QUESTIONS }));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.title, '号码 138****5678');
      const chain = (
        await db()
          .selectFrom('areas')
          .select('path')
          .where('code', '=', COMMITTEE)
          .executeTakeFirstOrThrow()
      ).path.split('/');
      const kept = await db()
        .selectFrom('areas')
        .select(['code', 'boundary'])
        .where('code', 'in', chain)
        .execute();
      await db().updateTable('areas').set({ boundary: null }).where('code', 'in', chain).execute();
      try {
        const before = await count('consultations');
        const refused = await create(staff, valid({ title: '无边界' }));
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.field, 'questions.4.kind');
        assert.equal(refused.body.rule, 'mapBoundary');
        assert.equal(await count('consultations'), before);
        const publish = await staff.post<{ field?: string }>(
          `/api/consultations/${made.body.id}/publish`,
        );
        assert.equal(publish.status, 400);
        assert.equal(publish.body.field, 'questions.4.kind');
      } finally {
        for (const k of kept) {
          await db()
            .updateTable('areas')
            .set({ boundary: k.boundary === null ? null : JSON.stringify(k.boundary) })
            .where('code', '=', k.code)
            .execute();
        }
      }
    });
  });
}
