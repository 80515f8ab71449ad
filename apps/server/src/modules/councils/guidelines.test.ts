import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { maskName, type Application, type Guideline } from '@cc/contracts';
import {
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestAccount,
  type TestPlatform,
} from '../../testing.js';
import {
  makeCouncilWithMembers,
  uploadCouncilFile,
  yuyuanCentre,
  type CouncilWithMembers,
  type MemberRep,
} from '../../testing-councils.js';

/**
 * Guidelines with expert reviewers (守门人) and members' applications (issue 24), through HTTP
 * on a real database: 豫园路's alliance publishes a shop-sign guideline (店招店牌) that a
 * greening-bureau expert and a planner must both approve; a shop applies with photos and a
 * design; the experts approve, ask for changes (the shop sends it again, a new round) or
 * refuse; a reviewer who speaks for the applying shop cannot review it; nobody outside the
 * council and its reviewers learns the guideline exists.
 */
const DAY = 86_400_000;

interface ErrorAnswer {
  field?: string;
  rule?: string;
  message: string;
}

for (const kind of DATABASES) {
  describe(`guidelines, expert reviews and applications (${kind})`, () => {
    let tp: TestPlatform;
    let c: CouncilWithMembers;
    /** 黄浦区绿化市容局 and a community planner: reviewers from outside the council */
    let greening: TestAccount;
    let planner: TestAccount;
    /** a planner member's representative who is also a reviewer */
    let plannerRep: MemberRep;
    /** a shop's representative (a director) */
    let shop: MemberRep;
    let outsider: Client;
    const db = () => tp.platform.database.db;

    const guidelineBody = (o: Record<string, unknown> = {}) => ({
      title: '豫园路店招店牌改造导则',
      body: '店招须与历史街区风貌协调，不得使用闪烁灯光，绿化遮挡须保留。',
      reviewers: [
        { accountId: greening.accountId, organisation: '黄浦区绿化市容局' },
        { accountId: planner.accountId, organisation: '社区规划师' },
        { accountId: plannerRep.accountId, organisation: '规划师事务所' },
      ],
      approvalsRequired: 2,
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      ...o,
    });

    async function publish(o: Record<string, unknown> = {}): Promise<Guideline> {
      const r = await c.staff.post<Guideline>(`/api/councils/${c.councilId}/guidelines`, {
        ...guidelineBody(o),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }

    async function applyBody(rep: MemberRep, o: Record<string, unknown> = {}) {
      const centre = await yuyuanCentre(tp);
      return {
        memberId: rep.memberId,
        title: '老字号店招更新',
        description: '拆除旧灯箱，改为木质牌匾，尺寸 3m × 0.6m。',
        lat: centre.lat,
        lng: centre.lng,
        photoIds: [
          await uploadCouncilFile(rep.client, 'jpeg'),
          await uploadCouncilFile(rep.client, 'png'),
        ],
        designId: await uploadCouncilFile(rep.client, 'pdf'),
        ...o,
      };
    }

    async function apply(rep: MemberRep, guidelineId: string): Promise<Application> {
      const r = await rep.client.post<Application>(
        `/api/guidelines/${guidelineId}/applications`,
        await applyBody(rep),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }

    const review = (who: Client, id: string, decision: string, reason?: string) =>
      who.post<Application & ErrorAnswer>(`/api/applications/${id}/reviews`, {
        decision,
        ...(reason === undefined ? {} : { reason }),
      });
    const countGuidelines = async () =>
      (
        await db()
          .selectFrom('council_guidelines')
          .select('id')
          .where('council_id', '=', c.councilId)
          .execute()
      ).length;
    const countApplications = async (guidelineId: string) =>
      (
        await db()
          .selectFrom('council_applications')
          .select('id')
          .where('guideline_id', '=', guidelineId)
          .execute()
      ).length;
    const progress = async (guidelineId: string) =>
      (await c.staff.get<Guideline>(`/api/guidelines/${guidelineId}`)).body.progress;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      c = await makeCouncilWithMembers(tp, { members: 4 });
      greening = await signedUpAccount(tp, { displayName: '李绿化' });
      planner = await signedUpAccount(tp, { displayName: '王规划' });
      plannerRep = c.members[3]!;
      shop = c.members[1]!;
      outsider = (await signedUpAccount(tp)).client;
    });
    after(() => tp.close());

    it('when staff publish a guideline with bad reviewers, approvals or close, then 400 naming the field, and nothing is stored', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ approvalsRequired: 4 }, 'approvalsRequired', 'atMostReviewers'],
        [
          {
            reviewers: [
              { accountId: greening.accountId, organisation: '黄浦区绿化市容局' },
              { accountId: crypto.randomUUID(), organisation: '无此人' },
            ],
          },
          'reviewers.1.accountId',
          'unknown',
        ],
        [
          {
            reviewers: [
              { accountId: greening.accountId, organisation: 'A' },
              { accountId: greening.accountId, organisation: 'B' },
            ],
          },
          'reviewers.1.accountId',
          'duplicate',
        ],
        [
          {
            // the same account in upper and lower case: the same reviewer
            reviewers: [
              { accountId: greening.accountId.toLowerCase(), organisation: 'A' },
              { accountId: greening.accountId.toUpperCase(), organisation: 'B' },
            ],
          },
          'reviewers.1.accountId',
          'duplicate',
        ],
        [{ closesAt: new Date(Date.now() - DAY).toISOString() }, 'closesAt', 'future'],
        [{ documentIds: [crypto.randomUUID()] }, 'documentIds', 'exists'],
      ];
      const before = await countGuidelines();
      for (const [o, field, rule] of cases) {
        const r = await c.staff.post<ErrorAnswer>(
          `/api/councils/${c.councilId}/guidelines`,
          guidelineBody(o),
        );
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
      }
      assert.equal(await countGuidelines(), before, 'nothing stored');
    });

    it('when a plain member publishes a guideline, then 403; when an outsider does, then 404', async () => {
      const member = await c.members[3]!.client.post<ErrorAnswer>(
        `/api/councils/${c.councilId}/guidelines`,
        guidelineBody(),
      );
      assert.equal(member.status, 403, JSON.stringify(member.body));
      const stranger = await outsider.post(
        `/api/councils/${c.councilId}/guidelines`,
        guidelineBody(),
      );
      assert.equal(stranger.status, 404, JSON.stringify(stranger.body));
    });

    it('when the chair publishes a guideline with a document, then members and reviewers read it with masked reviewer names, and outsiders get 404', async () => {
      const doc = await uploadCouncilFile(c.chair!.client, 'pdf');
      const r = await c.chair!.client.post<Guideline>(`/api/councils/${c.councilId}/guidelines`, {
        ...guidelineBody({ documentIds: [doc] }),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const g = r.body;
      assert.equal(g.open, true);
      assert.deepEqual(g.progress, { applications: 0, approved: 0, done: 0 });
      assert.deepEqual(
        g.reviewers.map((x) => x.name).sort(),
        [maskName('李绿化'), maskName('王规划'), maskName(`张${plannerRep.username}`)].sort(),
      );
      assert.ok(!JSON.stringify(g).includes('李绿化'), 'reviewer names are masked');
      assert.deepEqual(
        g.documents.map((d) => d.id),
        [doc],
      );

      // a member of the council reads it and its document; so does an outside reviewer
      const asMember = await c.members[2]!.client.get<Guideline>(`/api/guidelines/${g.id}`);
      assert.equal(asMember.status, 200);
      assert.equal(asMember.body.iReview, false);
      const asReviewer = await greening.client.get<Guideline>(`/api/guidelines/${g.id}`);
      assert.equal(asReviewer.status, 200, JSON.stringify(asReviewer.body));
      assert.equal(asReviewer.body.iReview, true);
      assert.equal((await greening.client.get(g.documents[0]!.url)).status, 200);
      assert.equal((await c.members[2]!.client.get(g.documents[0]!.url)).status, 200);
      // the reviewer outside the council still does not read the council's list
      assert.equal(
        (await greening.client.get(`/api/councils/${c.councilId}/guidelines`)).status,
        404,
      );
      const list = await c.members[2]!.client.get<{ items: Guideline[] }>(
        `/api/councils/${c.councilId}/guidelines`,
      );
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((x) => x.id === g.id));

      // an outsider learns nothing: the guideline, its list, its document
      assert.equal((await outsider.get(`/api/guidelines/${g.id}`)).status, 404);
      assert.equal((await outsider.get(`/api/councils/${c.councilId}/guidelines`)).status, 404);
      assert.equal((await outsider.get(`/api/guidelines/${g.id}/applications`)).status, 404);
      assert.equal((await outsider.get(g.documents[0]!.url)).status, 404);
    });

    it('when two experts approve an application, then it is approved, the guideline counts it, and the shop marks it done', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      assert.equal(a.state, 'submitted');
      assert.equal(a.approvalsRequired, 2);
      assert.equal(a.photos.length, 2);
      assert.equal(a.design.kind, 'pdf');
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 0, done: 0 });

      // it waits for both experts; the photos are theirs to see
      const waiting = await greening.client.get<{ items: Application[] }>('/api/reviews/mine');
      const mine = waiting.body.items.find((x) => x.id === a.id);
      assert.ok(mine, 'in the expert’s queue');
      assert.equal(mine.canReview, true);
      assert.equal((await greening.client.get(a.photos[0]!.url)).status, 200);
      assert.equal((await outsider.get(a.photos[0]!.url)).status, 404);

      const first = await review(greening.client, a.id, 'approve');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.state, 'submitted');
      assert.equal(first.body.approvals, 1);
      assert.equal(first.body.canReview, false);
      // once per round
      const again = await review(greening.client, a.id, 'approve');
      assert.equal(again.status, 409, JSON.stringify(again.body));
      const gone = await greening.client.get<{ items: Application[] }>('/api/reviews/mine');
      assert.ok(!gone.body.items.some((x) => x.id === a.id), 'reviewed: out of the queue');

      const second = await review(planner.client, a.id, 'approve');
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.equal(second.body.state, 'approved');
      assert.equal(second.body.approvals, 2);
      assert.deepEqual(
        second.body.reviews.map((x) => [x.reviewer, x.organisation, x.decision]),
        [
          [maskName('李绿化'), '黄浦区绿化市容局', 'approve'],
          [maskName('王规划'), '社区规划师', 'approve'],
        ],
      );
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 1, done: 0 });
      // decided: a third reviewer's word comes too late
      assert.equal((await review(plannerRep.client, a.id, 'approve')).status, 409);

      // the shop sees it approved and marks it done
      const seen = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.canComplete, true);
      const done = await shop.client.post<Application>(`/api/applications/${a.id}/done`);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.state, 'done');
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 1, done: 1 });
      assert.equal((await shop.client.post(`/api/applications/${a.id}/done`)).status, 409);
    });

    it('when two experts approve at the same moment, then both count, it is approved once and the guideline counts it once', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      const both = await Promise.all([
        review(greening.client, a.id, 'approve'),
        review(planner.client, a.id, 'approve'),
      ]);
      assert.deepEqual(
        both.map((r) => r.status),
        [200, 200],
      );
      const seen = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.state, 'approved');
      assert.equal(seen.body.approvals, 2);
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 1, done: 0 });
    });

    it('when a reviewer represents the applying member, then they cannot review it (403 own) and it is not in their queue', async () => {
      const g = await publish();
      const a = await apply(plannerRep, g.id);
      const own = await review(plannerRep.client, a.id, 'approve');
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.equal(own.body.rule, 'own');
      const queue = await plannerRep.client.get<{ items: Application[] }>('/api/reviews/mine');
      assert.ok(!queue.body.items.some((x) => x.id === a.id));
      const seen = await plannerRep.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.canReview, false);
      const stored = await db()
        .selectFrom('council_application_reviews')
        .select('reviewer_id')
        .where('application_id', '=', a.id)
        .execute();
      assert.equal(stored.length, 0, 'nothing stored');
      // a member who is no reviewer: 403; an outsider: 404
      assert.equal(
        (
          await c.members[2]!.client.post(`/api/applications/${a.id}/reviews`, {
            decision: 'approve',
          })
        ).status,
        403,
      );
      assert.equal(
        (await outsider.post(`/api/applications/${a.id}/reviews`, { decision: 'approve' })).status,
        404,
      );
    });

    it('when a reviewer asks for changes or refuses without a reason, then 400 reason required and nothing changes', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      for (const [decision, reason] of [
        ['changes', undefined],
        ['refuse', ''],
        ['refuse', ' 好 '],
      ] as const) {
        const r = await review(greening.client, a.id, decision, reason);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'reason');
        assert.equal(r.body.rule, 'required');
      }
      const seen = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.state, 'submitted');
      assert.equal(seen.body.reviews.length, 0);
    });

    it('when an expert asks for changes, then the shop sends it again and a new round starts, reviewed afresh', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      assert.equal((await review(planner.client, a.id, 'approve')).status, 200);
      const changes = await review(greening.client, a.id, 'changes', '招牌面积过大，请缩小');
      assert.equal(changes.status, 200, JSON.stringify(changes.body));
      assert.equal(changes.body.state, 'changes_requested');
      // the round is over: nobody reviews it until it comes back
      assert.equal((await review(planner.client, a.id, 'approve')).status, 409);
      const seen = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.canResubmit, true);

      // another member's representative cannot send it again; a different member is refused
      const body = await applyBody(shop, { title: '老字号店招更新（缩小版）' });
      const notTheirs = await c.members[2]!.client.request('PUT', `/api/applications/${a.id}`, {
        ...body,
        memberId: c.members[2]!.memberId,
      });
      assert.equal(notTheirs.status, 403, JSON.stringify(notTheirs.body));
      const moved = await shop.client.request<ErrorAnswer>('PUT', `/api/applications/${a.id}`, {
        ...body,
        memberId: c.members[2]!.memberId,
      });
      assert.equal(moved.status, 400, JSON.stringify(moved.body));
      assert.equal(moved.body.field, 'memberId');

      const again = await shop.client.request<Application>(
        'PUT',
        `/api/applications/${a.id}`,
        body,
      );
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.state, 'submitted');
      assert.equal(again.body.approvals, 0, 'a new round counts afresh');
      assert.equal(again.body.title, '老字号店招更新（缩小版）');
      assert.deepEqual(
        again.body.photos.map((p) => p.id),
        body.photoIds,
      );
      assert.equal(again.body.reviews.length, 2, 'the first round’s reviews remain');
      // a second resubmission while under review: 409
      assert.equal(
        (await shop.client.request('PUT', `/api/applications/${a.id}`, body)).status,
        409,
      );

      // both experts may review the new round
      assert.equal((await review(greening.client, a.id, 'approve')).status, 200);
      const approved = await review(planner.client, a.id, 'approve');
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.state, 'approved');
      assert.equal(approved.body.reviews.length, 4);
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 1, done: 0 });
    });

    it('when one expert refuses, then the application is refused, whatever the others say, and cannot be marked done', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      assert.equal((await review(planner.client, a.id, 'approve')).status, 200);
      const refused = await review(greening.client, a.id, 'refuse', '遮挡行道树，不符合导则');
      assert.equal(refused.status, 200, JSON.stringify(refused.body));
      assert.equal(refused.body.state, 'refused');
      assert.equal((await review(plannerRep.client, a.id, 'approve')).status, 409);
      assert.equal((await shop.client.post(`/api/applications/${a.id}/done`)).status, 409);
      assert.deepEqual(await progress(g.id), { applications: 1, approved: 0, done: 0 });
    });

    it('when a member applies after the guideline closed, then 409 closesAt closed and nothing is stored', async () => {
      const g = await publish();
      await db()
        .updateTable('council_guidelines')
        .set({ closes_at: new Date(Date.now() - 60_000) })
        .where('id', '=', g.id)
        .execute();
      const r = await shop.client.post<ErrorAnswer>(
        `/api/guidelines/${g.id}/applications`,
        await applyBody(shop),
      );
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.field, 'closesAt');
      assert.equal(r.body.rule, 'closed');
      assert.equal(await countApplications(g.id), 0);
      assert.deepEqual(await progress(g.id), { applications: 0, approved: 0, done: 0 });
      assert.equal((await c.staff.get<Guideline>(`/api/guidelines/${g.id}`)).body.open, false);
    });

    it('when the guideline closes while changes are asked for, then sending it again is a 409 closesAt closed and nothing changes', async () => {
      const g = await publish();
      const a = await apply(shop, g.id);
      const changes = await review(greening.client, a.id, 'changes', '请补充夜间效果图');
      assert.equal(changes.status, 200, JSON.stringify(changes.body));
      await db()
        .updateTable('council_guidelines')
        .set({ closes_at: new Date(Date.now() - 60_000) })
        .where('id', '=', g.id)
        .execute();
      const seen = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(seen.body.canResubmit, false, 'closed: no resubmission offered');
      const r = await shop.client.request<ErrorAnswer>(
        'PUT',
        `/api/applications/${a.id}`,
        await applyBody(shop, { title: '老字号店招更新（补充版）' }),
      );
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.field, 'closesAt');
      assert.equal(r.body.rule, 'closed');
      const after = await shop.client.get<Application>(`/api/applications/${a.id}`);
      assert.equal(after.body.state, 'changes_requested');
      assert.equal(after.body.title, a.title);
      assert.deepEqual(
        after.body.photos.map((p) => p.id),
        a.photos.map((p) => p.id),
      );
    });

    it('when a representative applies with the member id in upper case and a phone number in the title, then it is theirs and the number is masked', async () => {
      const g = await publish();
      const r = await shop.client.post<Application>(
        `/api/guidelines/${g.id}/applications`,
        await applyBody(shop, {
          memberId: shop.memberId.toUpperCase(),
          title: '店招更新 联系 13912345678',
        }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.member.id, shop.memberId);
      assert.equal(r.body.title, '店招更新 联系 139****5678');
    });

    it('when someone applies for a member they do not represent, or with files not theirs or of the wrong kind, then 403 or 400 and nothing is stored', async () => {
      const g = await publish();
      // a member's representative for another member
      const other = await c.members[2]!.client.post(
        `/api/guidelines/${g.id}/applications`,
        await applyBody(shop),
      );
      assert.equal(other.status, 403, JSON.stringify(other.body));
      // an outsider: the guideline does not exist for them
      const stranger = await outsider.post(
        `/api/guidelines/${g.id}/applications`,
        await applyBody(shop),
      );
      assert.equal(stranger.status, 404, JSON.stringify(stranger.body));
      // photos uploaded by someone else
      const theirs = await applyBody(shop, {
        photoIds: [await uploadCouncilFile(c.members[2]!.client, 'png')],
      });
      const r1 = await shop.client.post<ErrorAnswer>(
        `/api/guidelines/${g.id}/applications`,
        theirs,
      );
      assert.equal(r1.status, 400, JSON.stringify(r1.body));
      assert.equal(r1.body.field, 'photoIds');
      // a PDF as a photo
      const pdfPhoto = await applyBody(shop, {
        photoIds: [await uploadCouncilFile(shop.client, 'pdf')],
      });
      const r2 = await shop.client.post<ErrorAnswer>(
        `/api/guidelines/${g.id}/applications`,
        pdfPhoto,
      );
      assert.equal(r2.status, 400, JSON.stringify(r2.body));
      assert.equal(r2.body.field, 'photoIds.0');
      assert.equal(r2.body.rule, 'image');
      // the design as one of the photos
      const body = await applyBody(shop);
      const r3 = await shop.client.post<ErrorAnswer>(`/api/guidelines/${g.id}/applications`, {
        ...body,
        designId: body.photoIds[0],
      });
      assert.equal(r3.status, 400, JSON.stringify(r3.body));
      assert.equal(r3.body.field, 'designId');
      assert.equal(await countApplications(g.id), 0);
      assert.deepEqual(await progress(g.id), { applications: 0, approved: 0, done: 0 });
      // the refused files stay loose: the same upload goes through afterwards
      const ok = await shop.client.post(`/api/guidelines/${g.id}/applications`, body);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
    });
  });
}
