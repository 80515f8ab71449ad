import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ProposalDetail, ProposalList, ProposalSupportState } from '@cc/contracts';
import { sql } from 'kysely';
import sharp from 'sharp';
import { getTaxonomy } from '../cases/index.js';
import { meetingCancelled, meetingItemDecided } from '../meetings/index.js';
import { fakeResidentId } from '../registry/index.js';
import {
  accountId,
  DATABASES,
  eventually,
  generateRegistry,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type HttpResponse,
  type TestPlatform,
  verifiedResident,
  staffAccount,
} from '../../testing.js';
import { runProposalDeadline } from './proposal-deadlines.js';
import { runTell } from './proposal-tell.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const STREET = '310101002'; // 南京东路街道
const DISTRICT = '310101'; // 黄浦区

type Detail = ProposalDetail & { message?: string; field?: string; rule?: string };

for (const kind of DATABASES) {
  describe(`proposals (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff (yunnan)
    let street: Client; // 南京东路 street operator (nanjingdong)
    let otherStaff: Client; // 龙泉园路 committee staff
    let alice: Client; // verified residents of 云南中路
    let bob: Client;
    let carol: Client;
    let dave: Client;
    let olga: Client; // verified in 龙泉园路
    let una: Client; // signed up, asked to be verified in 云南中路 (pending)
    let ursula: Client; // signed up, asked nothing
    let district: Client; // 黄浦区 district operator
    let png: Buffer;
    let made = 0;
    const ids = new Map<Client, string>();
    /** a verified resident of `committee` (testing.ts); `null`: signed up, not verified */
    async function resident(committee: string | null = COMMITTEE): Promise<Client> {
      const username = `p-${kind}-${++made}`;
      const r = committee
        ? await verifiedResident(tp, { username, committee })
        : await signedUpAccount(tp, { username });
      ids.set(r.client, r.accountId);
      return r.client;
    }
    /** Has `c` an in-app notice containing `text`? */
    const told = async (c: Client, text: string) =>
      (
        await tp.platform.database.db
          .selectFrom('notifications')
          .select('body')
          .where('recipient_id', '=', ids.get(c)!)
          .where('channel', '=', 'inapp')
          .execute()
      ).some((n) => n.body.includes(text));

    const put = <T = ProposalSupportState & { message?: string }>(
      c: Client,
      url: string,
      body?: unknown,
    ) => c.request<T>('PUT', url, body);
    const del = <T = ProposalSupportState & { message?: string }>(c: Client, url: string) =>
      c.request<T>('DELETE', url);
    const submit = (c: Client, body: Record<string, unknown>) =>
      c.post<Detail>('/api/proposals', body);
    const ok = (r: HttpResponse, status = 200) =>
      assert.equal(r.status, status, JSON.stringify(r.body));
    let seq = 0;
    const proposal = async (c: Client = alice, extra: Record<string, unknown> = {}) => {
      const r = await submit(c, {
        title: `建议${++seq}：加装电梯`,
        body: '楼里老人多，上下楼不便。',
        category: 'repairs',
        ...extra,
      });
      ok(r, 201);
      return r.body;
    };
    const count = async (table: 'proposals' | 'proposal_supports' | 'proposal_events') =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const setThreshold = async (minSupports: number) =>
      ok(
        await put(staff, `/api/proposals/settings/committee/${COMMITTEE}`, {
          minSupports,
          householdPercent: 0,
        }),
      );

    async function upload(c: Client, bytes: Buffer, name: string): Promise<string> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), name);
      const r = await c.post('/api/attachments', form);
      ok(r, 201);
      return r.body.id as string;
    }

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 100_000,
        loginFailuresPerAddress: 100_000,
        proposalsPerHour: 100_000,
      });
      png = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } },
      })
        .png()
        .toBuffer();
      await generateRegistry(tp.platform.deps.db, tp.platform.deps.cipher, {
        scale: 0.3,
        within: [COMMITTEE, OTHER],
        seed: 20,
      });
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-proposals',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      district = await staffAccount(tp, {
        username: 'district-proposals',
        role: 'district_operator',
        areaCode: DISTRICT,
      });
      [alice, bob, carol, dave] = await Promise.all([
        resident(),
        resident(),
        resident(),
        resident(),
      ]);
      olga = await resident(OTHER);
      una = await resident(null);
      ursula = await resident(null);
      // a room of the committee (the registry's) that una asks to be verified in
      const room = await tp.platform.database.db
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select('r.id as room_id')
        .where('b.committee_code', '=', COMMITTEE)
        .orderBy('r.id', 'desc')
        .executeTakeFirstOrThrow();
      ok(
        await una.post('/api/residents/verification-requests', {
          roomId: room.room_id,
          relation: 'tenant',
          name: '乌娜',
          idNumber: fakeResidentId('310101', '1980-05-06', 'female', () => 0.42),
        }),
        201,
      );
      await setThreshold(5);
    });
    after(() => tp?.close());

    it('when a verified resident proposes, then it is open with them as its first supporter and the threshold fixed', async () => {
      const p = await proposal(alice, { body: '请联系 13812345678，身份证 310101199001011234' });
      assert.equal(p.state, 'open');
      assert.equal(p.supportCount, 1);
      assert.equal(p.threshold, 5);
      assert.ok(p.mySupport && p.myFollow && p.canEdit && p.canWithdraw && p.isMine);
      assert.equal(p.canTakeBack, false);
      assert.match(p.authorName, /^张\*+$/);
      assert.ok(!p.body.includes('13812345678') && p.body.includes('138****5678'), p.body);
      assert.ok(!p.body.includes('310101199001011234'), p.body);
      assert.deepEqual(
        p.timeline.map((e) => e.action),
        ['submit'],
      );
      const seen = await bob.get<Detail>(`/api/proposals/${p.id}`);
      ok(seen);
      assert.ok(seen.body.canSupport && !seen.body.isMine && !seen.body.canEdit);
      const list = await bob.get<ProposalList>('/api/proposals');
      ok(list);
      assert.ok(list.body.items.some((i) => i.id === p.id));
    });

    it('when the input is bad, then a 4xx names the field and nothing is stored', async () => {
      const before = await count('proposals');
      const base = { title: '修缮花坛', body: '花坛破了', category: 'greenery' };
      const pdf = await upload(
        alice,
        Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
        'a.pdf',
      );
      const theirs = await upload(bob, png, 'b.png');
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, title: '' }, 'title'],
        [{ ...base, title: ' 修 ' }, 'title'],
        [{ ...base, title: '长'.repeat(20_000) }, 'title'],
        [{ ...base, body: '   ' }, 'body'],
        [{ ...base, body: '长'.repeat(20_000) }, 'body'],
        [{ ...base, category: 'gossip' }, 'category'],
        [{ ...base, place: { lng: 121.0, lat: 31.0 } }, 'place'],
        [{ ...base, place: { lng: 500, lat: 31.0 } }, 'place'],
        [{ ...base, attachmentIds: [pdf] }, 'attachmentIds'],
        [{ ...base, attachmentIds: [theirs] }, 'attachmentIds'],
        [
          { ...base, attachmentIds: Array.from({ length: 10 }, () => crypto.randomUUID()) },
          'attachmentIds',
        ],
        [{ ...base, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const r = await submit(alice, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body).slice(0, 200)}`);
        assert.ok(
          JSON.stringify(r.body).includes(field),
          `${field}: ${JSON.stringify(r.body).slice(0, 300)}`,
        );
      }
      assert.equal(await count('proposals'), before);
      // markup and Markdown are stored as typed and only ever shown as text
      const tricky = '<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e.x/i.png)';
      const p = await proposal(alice, {
        body: tricky,
        attachmentIds: [await upload(alice, png, 'ok.png')],
      });
      assert.equal(p.body, tricky);
      assert.equal(p.photos.length, 1);
      assert.equal(p.photoCount, 1);
      // a place inside the committee is taken
      const centre = await tp.centreOf(COMMITTEE);
      const placed = await proposal(alice, { place: { lng: centre.lng, lat: centre.lat } });
      assert.deepEqual(placed.place, { lng: centre.lng, lat: centre.lat });
    });

    it('when people outside the committee or unverified come, then 404 and 403 say so', async () => {
      const p = await proposal(alice);
      // a resident of another committee: as if it did not exist
      assert.equal((await olga.get(`/api/proposals/${p.id}`)).status, 404);
      assert.equal((await olga.get(`/api/proposals?committee=${COMMITTEE}`)).status, 404);
      assert.equal((await put(olga, `/api/proposals/${p.id}/support`)).status, 404);
      assert.equal((await put(olga, `/api/proposals/${p.id}/follow`)).status, 404);
      assert.equal((await olga.get(`/api/discussions/proposal/${p.id}`)).status, 404);
      assert.equal(
        (await olga.post(`/api/discussions/proposal/${p.id}/comments`, { body: '路过' })).status,
        404,
      );
      const olgas = await olga.get<ProposalList>('/api/proposals');
      assert.ok(olgas.body.items.every((i) => i.committeeCode === OTHER));
      // another committee's staff: 404 too, also for an answer
      assert.equal((await otherStaff.get(`/api/proposals/${p.id}`)).status, 404);
      assert.equal(
        (
          await otherStaff.post(`/api/proposals/${p.id}/answer`, {
            kind: 'declined',
            text: '不是我们的',
          })
        ).status,
        404,
      );
      // unverified, asked nothing: as if it did not exist
      assert.equal((await ursula.get(`/api/proposals/${p.id}`)).status, 404);
      assert.equal((await ursula.get(`/api/proposals?committee=${COMMITTEE}`)).status, 404);
      assert.equal((await ursula.get(`/api/proposals`)).status, 400);
      assert.equal((await ursula.get(`/api/discussions/proposal/${p.id}`)).status, 404);
      assert.equal(
        (
          await ursula.post('/api/reports', {
            targetType: 'proposal',
            targetId: p.id,
            reason: 'spam',
          })
        ).status,
        404,
      );
      // a district or city operator: not a reader of residents' proposals
      assert.equal((await district.get(`/api/proposals/${p.id}`)).status, 404);
      assert.equal((await district.get(`/api/proposals?committee=${COMMITTEE}`)).status, 404);
      // awaiting verification in this committee: reads it (not another committee's), may not
      // propose, support or comment — and is told why
      ok(await una.get(`/api/proposals/${p.id}`));
      ok(await una.get(`/api/proposals?committee=${COMMITTEE}`));
      const unas = await una.get<ProposalList>('/api/proposals');
      ok(unas);
      assert.ok(unas.body.items.some((i) => i.id === p.id));
      assert.equal((await una.get(`/api/proposals?committee=${OTHER}`)).status, 404);
      const seen = await una.get<Detail>(`/api/proposals/${p.id}`);
      assert.equal(seen.body.canSupport, false);
      assert.match(seen.body.cannotSupportReason!, /verify/);
      for (const r of [
        await put(una, `/api/proposals/${p.id}/support`),
        await submit(una, { title: '我也想提', body: '内容', category: 'other' }),
        await una.post(`/api/discussions/proposal/${p.id}/comments`, { body: '支持' }),
      ]) {
        assert.equal(r.status, 403, JSON.stringify(r.body));
        assert.match((r.body as { message: string }).message, /verif|认证/);
      }
      // a neighbour comments
      ok(await bob.post(`/api/discussions/proposal/${p.id}/comments`, { body: '同意' }), 201);
      const after = await bob.get<ProposalList>('/api/proposals');
      assert.equal(after.body.items.find((i) => i.id === p.id)?.commentCount, 1);
      // staff read and may not support
      ok(await street.get(`/api/proposals/${p.id}`));
      assert.equal((await put(staff, `/api/proposals/${p.id}/support`)).status, 403);
    });

    it('when a resident supports twice or takes back, then the count moves once and the author edits only until then', async () => {
      const p = await proposal(alice);
      ok(await alice.request('PATCH', `/api/proposals/${p.id}`, { title: '改过的标题' }));
      assert.equal(
        (await bob.request('PATCH', `/api/proposals/${p.id}`, { title: '别人改' })).status,
        403,
      );
      const first = await put(bob, `/api/proposals/${p.id}/support`);
      ok(first);
      const second = await put(bob, `/api/proposals/${p.id}/support`);
      ok(second);
      assert.deepEqual(second.body, first.body);
      assert.equal(second.body.supportCount, 2);
      assert.equal(second.body.mySupport, true);
      const edit = await alice.request<Detail>('PATCH', `/api/proposals/${p.id}`, {
        title: '再改一次',
      });
      assert.equal(edit.status, 409, JSON.stringify(edit.body));
      assert.equal((await del(alice, `/api/proposals/${p.id}/support`)).status, 409);
      const back = await del(bob, `/api/proposals/${p.id}/support`);
      ok(back);
      assert.equal(back.body.supportCount, 1);
      const again = await del(bob, `/api/proposals/${p.id}/support`);
      ok(again);
      assert.equal(again.body.supportCount, 1);
      ok(await put(carol, `/api/proposals/${p.id}/follow`));
      const f = await put(carol, `/api/proposals/${p.id}/follow`);
      assert.equal(f.body.followerCount, 2);
      assert.equal((await del(carol, `/api/proposals/${p.id}/follow`)).body.followerCount, 1);
    });

    it('when the author withdraws, then nobody (the author neither) supports it any more', async () => {
      const p = await proposal(alice);
      assert.equal((await bob.post(`/api/proposals/${p.id}/withdraw`)).status, 403);
      const w = await alice.post<Detail>(`/api/proposals/${p.id}/withdraw`);
      ok(w);
      assert.equal(w.body.state, 'withdrawn');
      const supports = await count('proposal_supports');
      for (const c of [alice, bob]) {
        const r = await put(c, `/api/proposals/${p.id}/support`);
        assert.equal(r.status, 409, JSON.stringify(r.body));
      }
      assert.equal(await count('proposal_supports'), supports);
      assert.equal((await alice.post(`/api/proposals/${p.id}/withdraw`)).status, 409);
    });

    it('when a threshold is set outside the street bounds, then 400 names the bound', async () => {
      for (const [body, rule] of [
        [{ minSupports: 1, householdPercent: 3 }, 'minSupportsFloor'],
        [{ minSupports: 500, householdPercent: 3 }, 'minSupportsCeiling'],
        [{ minSupports: 10, householdPercent: 50 }, 'percentCeiling'],
      ] as const) {
        const r = await put<{ rule: string; message: string }>(
          staff,
          `/api/proposals/settings/committee/${COMMITTEE}`,
          body,
        );
        assert.equal(r.status, 400);
        assert.equal(r.body.rule, rule, JSON.stringify(r.body));
        assert.ok(r.body.message.includes(rule));
      }
      // the street narrows its bounds: the committee's 5 is now below the floor
      ok(
        await put(street, `/api/proposals/settings/street/${STREET}`, {
          minSupportsFloor: 8,
          minSupportsCeiling: 50,
          percentFloor: 0,
          percentCeiling: 10,
          answerDays: 10,
        }),
      );
      const low = await put<{ rule: string }>(
        staff,
        `/api/proposals/settings/committee/${COMMITTEE}`,
        {
          minSupports: 5,
          householdPercent: 0,
        },
      );
      assert.equal(low.status, 400);
      assert.equal(low.body.rule, 'minSupportsFloor');
      assert.equal(
        (
          await put(staff, `/api/proposals/settings/street/${STREET}`, {
            minSupportsFloor: 1,
            minSupportsCeiling: 50,
            percentFloor: 0,
            percentCeiling: 10,
            answerDays: 10,
          })
        ).status,
        404,
        'a committee does not reach its street',
      );
      assert.equal(
        (
          await put(alice, `/api/proposals/settings/committee/${COMMITTEE}`, {
            minSupports: 9,
            householdPercent: 0,
          })
        ).status,
        404,
      );
      assert.equal(
        (
          await put(otherStaff, `/api/proposals/settings/committee/${COMMITTEE}`, {
            minSupports: 9,
            householdPercent: 0,
          })
        ).status,
        404,
      );
      const view = await staff.get(`/api/proposals/settings/committee/${COMMITTEE}`);
      ok(view);
      assert.equal(view.body.minSupports, 8, 'held inside the new bounds');
      ok(
        await put(street, `/api/proposals/settings/street/${STREET}`, {
          minSupportsFloor: 3,
          minSupportsCeiling: 200,
          percentFloor: 0,
          percentCeiling: 20,
          answerDays: 15,
        }),
      );
      await setThreshold(5);
    });

    it('when 60 neighbours support at once, then the count is exact and the threshold fires exactly once', async () => {
      await setThreshold(40);
      const p = await proposal(alice);
      assert.equal(p.threshold, 40);
      await setThreshold(5);
      const crowd = await Promise.all(Array.from({ length: 60 }, () => resident()));
      const answers = await Promise.all(crowd.map((c) => put(c, `/api/proposals/${p.id}/support`)));
      for (const r of answers) ok(r);
      const d = await alice.get<Detail>(`/api/proposals/${p.id}`);
      assert.equal(d.body.supportCount, 61);
      assert.equal(d.body.state, 'awaiting_answer');
      assert.ok(d.body.dueAt && Date.parse(d.body.dueAt) > Date.now());
      assert.equal(d.body.timeline.filter((e) => e.action === 'threshold').length, 1);
      const db = tp.platform.database.db;
      const supports = await db
        .selectFrom('proposal_supports')
        .select('account_id')
        .where('proposal_id', '=', p.id)
        .execute();
      assert.equal(supports.length, 61);
      const deadlineJobs = await db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'proposals.deadline')
        .where(sql<boolean>`payload->>'proposalId' = ${p.id}`)
        .execute();
      assert.equal(deadlineJobs.length, 1);
      const yunnan = await accountId(tp, 'yunnan');
      const notices = await db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', yunnan)
        .where('body', 'like', `%${p.title}」%达到门槛%`)
        .execute();
      assert.equal(notices.length, 1);
      // once awaiting the answer, a support stays
      assert.equal((await del(crowd[0]!, `/api/proposals/${p.id}/support`)).status, 409);
      // the supporters and followers of the moment it was reached (at least the threshold's 40,
      // the author among them) are told, by the fan-out job; later supporters see it reached
      await eventually(() => told(alice, `${p.title}」已达到支持门槛`));
      await eventually(async () => {
        const n = await db
          .selectFrom('notifications')
          .select('id')
          .where('body', 'like', `%${p.title}」已达到支持门槛%`)
          .execute();
        return n.length >= 40;
      });
    });

    it('when the committee answers, then the answer is public, progress follows, and bad answers are refused', async () => {
      const p = await proposal(alice);
      for (const c of [bob, carol, dave]) ok(await put(c, `/api/proposals/${p.id}/support`));
      const early = await staff.post(`/api/proposals/${p.id}/answer`, {
        kind: 'accepted',
        text: '采纳',
      });
      assert.equal(early.status, 409, 'still gathering support');
      const fifth = await resident();
      const reached = await put(fifth, `/api/proposals/${p.id}/support`);
      assert.equal(reached.body.state, 'awaiting_answer');
      assert.equal(
        (
          await alice.post(`/api/proposals/${p.id}/answer`, {
            kind: 'accepted',
            text: '我自己采纳',
          })
        ).status,
        403,
      );
      const bad: [Record<string, unknown>, string][] = [
        [{ kind: 'declined', text: ' ' }, 'text'],
        [{ kind: 'meeting', text: '上会' }, 'meetingId'],
        [{ kind: 'case', text: '转工单' }, 'caseScenario'],
        [{ kind: 'case', text: '转工单', caseScenario: 'no-such' }, 'caseScenario'],
        [{ kind: 'accepted', text: '采纳', doneBy: '2020-01-01' }, 'doneBy'],
        [{ kind: 'accepted', text: '采纳', doneBy: '2099-02-30' }, 'doneBy'],
        [{ kind: 'maybe', text: '再说' }, 'kind'],
      ];
      for (const [body, field] of bad) {
        const r = await staff.post(`/api/proposals/${p.id}/answer`, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.ok(JSON.stringify(r.body).includes(field), JSON.stringify(r.body));
      }
      const missing = await staff.post(`/api/proposals/${p.id}/answer`, {
        kind: 'meeting',
        text: '上会',
        meetingId: crypto.randomUUID(),
      });
      assert.equal(missing.status, 404, JSON.stringify(missing.body));
      assert.equal(
        (await alice.get<Detail>(`/api/proposals/${p.id}`)).body.state,
        'awaiting_answer',
      );
      const answered = await staff.post<Detail>(`/api/proposals/${p.id}/answer`, {
        kind: 'accepted',
        text: '采纳，下月施工',
        doneBy: '2099-01-31',
      });
      ok(answered);
      assert.equal(answered.body.state, 'accepted');
      assert.equal(answered.body.answer?.kind, 'accepted');
      assert.equal(answered.body.answer?.doneBy, '2099-01-31');
      assert.equal(
        (await staff.post(`/api/proposals/${p.id}/answer`, { kind: 'declined', text: '再答一次' }))
          .status,
        409,
      );
      const seen = await bob.get<Detail>(`/api/proposals/${p.id}`);
      assert.equal(seen.body.answer?.text, '采纳，下月施工');
      assert.equal(
        (await alice.post(`/api/proposals/${p.id}/updates`, { text: '开工', progress: 10 })).status,
        403,
      );
      assert.equal(
        (await staff.post(`/api/proposals/${p.id}/updates`, { text: '开工', progress: 101 }))
          .status,
        400,
      );
      ok(await staff.post(`/api/proposals/${p.id}/updates`, { text: '已开工', progress: 40 }));
      const done = await staff.post<Detail>(`/api/proposals/${p.id}/updates`, {
        text: '已完工',
        progress: 90,
        done: true,
      });
      ok(done);
      assert.equal(done.body.state, 'done');
      assert.equal(done.body.progress, 100);
      assert.ok(done.body.doneAt);
      assert.deepEqual(
        done.body.updates.map((u) => [u.text, u.progress, u.done]),
        [
          ['已开工', 40, false],
          ['已完工', 100, true],
        ],
      );
      assert.equal(
        (await staff.post(`/api/proposals/${p.id}/updates`, { text: '再来', progress: 5 })).status,
        409,
      );
      await eventually(() => told(dave, '已完成'));
    });

    it('when the committee puts it to a meeting or refers it to a case, then it is linked, and the meeting outcome is told', async () => {
      const reach = async () => {
        const p = await proposal(alice);
        for (const c of [bob, carol, dave]) ok(await put(c, `/api/proposals/${p.id}/support`));
        ok(await put(await resident(), `/api/proposals/${p.id}/support`));
        return p;
      };
      const m = await staff.post('/api/meetings', {
        title: '十二月议事会',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000).toISOString(),
        place: '居委会会议室',
      });
      ok(m, 201);
      const p = await reach();
      const put2 = await staff.post<Detail>(`/api/proposals/${p.id}/answer`, {
        kind: 'meeting',
        text: '提交本月议事会',
        meetingId: m.body.id,
      });
      ok(put2);
      assert.equal(put2.body.state, 'meeting');
      assert.equal(put2.body.links.meetingId, m.body.id);
      const itemId = put2.body.links.meetingItemId!;
      assert.ok(itemId);
      // the meeting module publishes the outcome with its minutes
      await tp.platform.database.db.transaction().execute((trx) =>
        tp.platform.deps.events.publish(trx, meetingItemDecided, {
          meetingId: m.body.id,
          itemId,
          sourceType: 'proposal',
          sourceId: p.id,
          outcome: '议定：明年一季度实施',
          decision: 'adopted',
        }),
      );
      const after = await bob.get<Detail>(`/api/proposals/${p.id}`);
      const decided = after.body.timeline.find((e) => e.action === 'meeting_decided');
      assert.equal(decided?.message, '议定：明年一季度实施');
      assert.equal(after.body.state, 'accepted', 'adopted: accepted, progress follows');
      assert.equal(decided?.toState, 'accepted');
      await eventually(() => told(bob, '议事会通过'));

      // rejected → declined; deferred → awaiting the answer again with a new deadline chain;
      // the meeting cancelled → the same. The outcome's text is masked in the notice too.
      const decide = async (
        decision: 'rejected' | 'deferred',
        outcome = '议定：暂不实施，联系 13812345678',
      ) => {
        const q = await reach();
        const put3 = await staff.post<Detail>(`/api/proposals/${q.id}/answer`, {
          kind: 'meeting',
          text: '上会',
          meetingId: m.body.id,
        });
        ok(put3);
        await tp.platform.database.db.transaction().execute((trx) =>
          tp.platform.deps.events.publish(trx, meetingItemDecided, {
            meetingId: m.body.id,
            itemId: put3.body.links.meetingItemId!,
            sourceType: 'proposal',
            sourceId: q.id,
            outcome,
            decision,
          }),
        );
        return (await bob.get<Detail>(`/api/proposals/${q.id}`)).body;
      };
      const deadlineJobsOf = async (id: string) =>
        (
          await tp.platform.database.db
            .selectFrom('jobs')
            .select('id')
            .where('kind', '=', 'proposals.deadline')
            .where(sql<boolean>`payload->>'proposalId' = ${id}`)
            .execute()
        ).length;
      const rejected = await decide('rejected');
      assert.equal(rejected.state, 'declined');
      await eventually(() => told(bob, '议事会未通过：议定：暂不实施，联系 138****5678'));
      assert.equal(await told(bob, '13812345678'), false);
      const deferred = await decide('deferred');
      assert.equal(deferred.state, 'awaiting_answer');
      assert.equal(deferred.canSupport, false, 'bob supports it already');
      assert.ok(deferred.dueAt && Date.parse(deferred.dueAt) > Date.now());
      assert.equal(deferred.answer, null);
      // a deadline on another day is a new chain; on the same day the pending one watches it
      assert.ok((await deadlineJobsOf(deferred.id)) >= 1);
      assert.ok(deferred.timeline.at(-1)?.detail?.dueAt === deferred.dueAt);
      ok(
        await staff.post(`/api/proposals/${deferred.id}/answer`, {
          kind: 'declined',
          text: '经讨论，暂不实施',
        }),
      );
      const r = await reach();
      const onAgenda = await staff.post<Detail>(`/api/proposals/${r.id}/answer`, {
        kind: 'meeting',
        text: '上会',
        meetingId: m.body.id,
      });
      ok(onAgenda);
      await tp.platform.database.db.transaction().execute((trx) =>
        tp.platform.deps.events.publish(trx, meetingCancelled, {
          meetingId: m.body.id,
          items: [
            { itemId: onAgenda.body.links.meetingItemId!, sourceType: 'proposal', sourceId: r.id },
            { itemId: crypto.randomUUID(), sourceType: null, sourceId: null },
          ],
        }),
      );
      const back = (await bob.get<Detail>(`/api/proposals/${r.id}`)).body;
      assert.equal(back.state, 'awaiting_answer');
      assert.equal(back.timeline.at(-1)?.detail?.cancelled, true);
      assert.ok((await deadlineJobsOf(r.id)) >= 1);

      const scenarios = getTaxonomy().scenarios;
      const needsFields = scenarios.find((x) => x.fields.some((f) => f.required))!.code;
      const scenario = scenarios.find((x) => !x.fields.some((f) => f.required))!.code;
      const q = await reach();
      const refused = await staff.post(`/api/proposals/${q.id}/answer`, {
        kind: 'case',
        text: '转工单处理',
        caseScenario: needsFields,
      });
      assert.equal(refused.status, 400);
      const c = await staff.post<Detail>(`/api/proposals/${q.id}/answer`, {
        kind: 'case',
        text: '转工单处理',
        caseScenario: scenario,
      });
      ok(c);
      assert.equal(c.body.state, 'case');
      assert.ok(c.body.links.caseId && c.body.links.caseNumber, JSON.stringify(c.body.links));

      const d = await reach();
      const no = await street.post<Detail>(`/api/proposals/${d.id}/answer`, {
        kind: 'declined',
        text: '经费不足，暂不实施',
      });
      ok(no);
      assert.equal(no.body.state, 'declined');
      assert.equal(no.body.answer?.byName.includes('南京东路'), true, no.body.answer?.byName);
    });

    it('when the deadline nears and passes, then the committee is warned and the street sees the escalation on the public timeline', async () => {
      const p = await proposal(alice);
      for (const c of [bob, carol, dave]) ok(await put(c, `/api/proposals/${p.id}/support`));
      ok(await put(await resident(), `/api/proposals/${p.id}/support`));
      const db = tp.platform.database.db;
      const runNow = () =>
        sql`update jobs set run_at = now() - interval '1 second'
            where kind = 'proposals.deadline' and done_at is null and payload->>'proposalId' = ${p.id}`.execute(
          db,
        );
      await runNow();
      tp.platform.deps.jobs.kick();
      await eventually(async () =>
        (await bob.get<Detail>(`/api/proposals/${p.id}`)).body.timeline.some(
          (e) => e.action === 'warn',
        ),
      );
      await eventually(async () => {
        await runNow();
        tp.platform.deps.jobs.kick();
        const d = await bob.get<Detail>(`/api/proposals/${p.id}`);
        return d.body.isEscalated && d.body.timeline.some((e) => e.action === 'escalate');
      });
      const streetId = await accountId(tp, 'nanjingdong');
      const told = await db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', streetId)
        .execute();
      assert.ok(told.some((n) => n.body.includes(p.title)));
      const list = await street.get<ProposalList>(
        `/api/proposals?committee=${COMMITTEE}&state=awaiting_answer`,
      );
      assert.ok(list.body.items.find((i) => i.id === p.id)?.isEscalated);
      // a step run again (a crash before its job ended) adds nothing and tells nobody again
      const stepEvents = async () =>
        (await bob.get<Detail>(`/api/proposals/${p.id}`)).body.timeline.filter(
          (e) => e.action === 'warn' || (e.action === 'escalate' && e.detail?.level === 1),
        ).length;
      const noticesLike = async (text: string) =>
        (
          await db
            .selectFrom('notifications')
            .select('id')
            .where('body', 'like', `%${p.title}%${text}%`)
            .execute()
        ).length;
      const row = await db
        .selectFrom('proposals')
        .selectAll()
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      const before = [
        await stepEvents(),
        await noticesLike('前答复'),
        await noticesLike('已超过答复时限'),
      ];
      assert.equal(before[0], 2);
      for (const kind of ['warn', 'escalate'] as const)
        await runProposalDeadline(tp.platform.deps, {
          proposalId: p.id,
          kind,
          due: row.due_at!.toISOString(),
        });
      assert.deepEqual(
        [await stepEvents(), await noticesLike('前答复'), await noticesLike('已超过答复时限')],
        before,
      );
      // still unanswered after the street's deadline: the district, on the public timeline
      await eventually(async () => {
        await runNow();
        tp.platform.deps.jobs.kick();
        const d = await bob.get<Detail>(`/api/proposals/${p.id}`);
        return d.body.timeline.some((e) => e.action === 'escalate' && e.detail?.level === 2);
      });
      const districtId = await accountId(tp, 'district-proposals');
      await eventually(async () =>
        (
          await db
            .selectFrom('notifications')
            .select('body')
            .where('recipient_id', '=', districtId)
            .execute()
        ).some((n) => n.body.includes(p.title)),
      );
      ok(await district.get(`/api/proposals/${p.id}`));
      const level = await db
        .selectFrom('proposals')
        .select('escalation_level')
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      assert.equal(level.escalation_level, 2);
      // the fan-out: a batch run again sends nothing twice
      const tell = {
        proposalId: p.id,
        eventId: crypto.randomUUID(),
        text: `再次告知「${p.title}」`,
        areaPath: row.area_path,
        after: null,
      };
      const toldAgain = async () =>
        (await db.selectFrom('notifications').select('id').where('body', '=', tell.text).execute())
          .length;
      await runTell(tp.platform.deps, tell);
      const once = await toldAgain();
      assert.ok(once >= 5, `${once} supporters told`);
      await runTell(tp.platform.deps, tell);
      assert.equal(await toldAgain(), once);
    });

    it('when three neighbours report a proposal, then it is hidden from lists until a moderator restores it', async () => {
      const p = await proposal(dave);
      for (const c of [alice, bob, carol]) {
        ok(
          await c.post('/api/reports', { targetType: 'proposal', targetId: p.id, reason: 'spam' }),
        );
      }
      const listed = async (c: Client) =>
        (
          await c.get<ProposalList>(`/api/proposals?committee=${COMMITTEE}&limit=50`)
        ).body.items.find((i) => i.id === p.id);
      assert.equal(await listed(alice), undefined);
      assert.equal((await alice.get(`/api/proposals/${p.id}`)).status, 404);
      assert.equal((await listed(staff))?.isHidden, true);
      const restored = await staff.post(`/api/moderation/proposal/${p.id}/decision`, {
        action: 'restore',
        reason: '内容正常',
      });
      ok(restored);
      assert.equal((await listed(alice))?.isHidden, false);
      // removed: gone from every list, the author's own too
      const q = await proposal(dave);
      ok(
        await staff.post(`/api/moderation/proposal/${q.id}/decision`, {
          action: 'remove',
          reason: '违规内容',
        }),
      );
      const mine = await dave.get<ProposalList>('/api/proposals?mine=true&limit=50');
      ok(mine);
      assert.equal(
        mine.body.items.find((i) => i.id === q.id),
        undefined,
      );
      assert.ok(mine.body.items.some((i) => i.id === p.id));
    });

    it('when the API document is built, then every proposals route is in it', async () => {
      const doc = await tp
        .client()
        .get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
      ok(doc);
      for (const path of [
        '/api/proposals',
        '/api/proposals/{id}',
        '/api/proposals/{id}/support',
        '/api/proposals/{id}/answer',
        '/api/proposals/settings/street/{code}',
      ])
        assert.ok(doc.body.paths[path], path);
    });

    it('when a list is paged, then the cursor walks it without repeats and a forged cursor is a 400', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: HttpResponse<ProposalList> = await bob.get<ProposalList>(
          `/api/proposals?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        ok(r);
        for (const i of r.body.items) {
          assert.ok(!seen.has(i.id));
          seen.add(i.id);
        }
        cursor = r.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      assert.ok(seen.size >= 10 && pages >= 4);
      assert.equal((await bob.get('/api/proposals?cursor=abc')).status, 400);
      assert.equal((await ursula.get('/api/proposals')).status, 400);
    });
  });
}
