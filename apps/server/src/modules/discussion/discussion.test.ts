import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Comment, CommentList, DiscussionSummary, ModerationList } from '@cc/contracts';
import sharp from 'sharp';
import {
  accountId,
  DATABASES,
  signedUpAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  staffAccount,
} from '../../testing.js';
import { registerDiscussionSubject } from './index.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const PASSWORD = 'a-long-password-1';
const TYPE = 'testboard';
const BLOCKED = 'Only residents of this board may write / 仅本楼住户可以发言';

for (const kind of DATABASES) {
  describe(`comments, praise and moderation (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff: a moderator of the test board
    const people: Client[] = []; // residents who may write
    let reader: Client; // may read, not write
    let committeePath = '';
    const board = crypto.randomUUID();
    const secret = crypto.randomUUID(); // a board whose access says null → 404
    const readerIds = new Set<string>();

    /** A verified resident of the committee (residents report; throwaway sign-ups may not). */
    async function person(username: string): Promise<{ client: Client; id: string }> {
      const r = await verifiedResident(tp, { username, password: PASSWORD });
      return { client: r.client, id: r.accountId };
    }

    const comments = (c: Client, id = board, query = '') =>
      c.get<CommentList & { message?: string }>(`/api/discussions/${TYPE}/${id}/comments${query}`);
    const post = (c: Client, body: Record<string, unknown>, id = board) =>
      c.post<Comment & { field?: string; message?: string }>(
        `/api/discussions/${TYPE}/${id}/comments`,
        body,
      );
    const stored = async () =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom('discussion_comments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('subject_id', '=', board)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const summary = (c: Client) => c.get<DiscussionSummary>(`/api/discussions/${TYPE}/${board}`);

    before(async () => {
      tp = await startTestPlatform(kind);
      committeePath = (
        await tp.platform.database.db
          .selectFrom('areas')
          .select('path')
          .where('code', '=', COMMITTEE)
          .executeTakeFirstOrThrow()
      ).path;
      registerDiscussionSubject(TYPE, {
        async access(ctx, id) {
          if (id === secret || !ctx.actor) return null;
          const isStaff = ctx.actor.bindings.some(
            (b) => b.role === 'committee_staff' && committeePath.startsWith(b.areaPath),
          );
          return {
            canRead: true,
            cannotWrite: readerIds.has(ctx.actor.id) ? BLOCKED : null,
            isModerator: isStaff,
            areaPath: committeePath,
            committeeCode: COMMITTEE,
            buildingId: null,
          };
        },
        async authorBadges(_db, _id, authorIds) {
          return new Map(authorIds.map((a) => [a, '居民']));
        },
      });
      staff = await tp.login('yunnan');
      for (let i = 0; i < 4; i++) people.push((await person(`disc-person-${i}`)).client);
      const r = await person('disc-reader');
      reader = r.client;
      readerIds.add(r.id);
    });
    after(() => tp?.close());

    it('when a resident comments and another replies, then the thread shows both and the counts', async () => {
      const [alice, bob] = people;
      const c = await post(alice!, { body: '楼下的路灯坏了' });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.match(c.body.authorName, /^张\*+$/);
      assert.equal(c.body.isMine, true);
      assert.equal(c.body.authorBadge, '居民');
      const r = await post(bob!, { body: '同意，晚上很暗', parentId: c.body.id });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.parentId, c.body.id);
      const list = await comments(alice!);
      assert.equal(list.status, 200);
      const top = list.body.items.find((i) => i.id === c.body.id)!;
      assert.equal(top.replyCount, 1);
      assert.deepEqual(
        top.replies!.map((x) => x.body),
        ['同意，晚上很暗'],
      );
      const s = await summary(bob!);
      assert.equal(s.body.commentCount, 2);
      assert.equal(s.body.canWrite, true);
      assert.equal(s.body.isModerator, false);
      assert.equal((await summary(staff)).body.isModerator, true);
    });

    it('when someone replies to a reply, then 400 names parentId and nothing is stored', async () => {
      const c = await post(people[0]!, { body: '顶层评论' });
      const r = await post(people[1]!, { body: '回复', parentId: c.body.id });
      const before = await stored();
      const rr = await post(people[2]!, { body: '回复的回复', parentId: r.body.id });
      assert.equal(rr.status, 400);
      assert.equal(rr.body.field, 'parentId');
      assert.equal(await stored(), before);
    });

    it('when the body is empty, blank or 20,000 characters, then 400 names body and nothing is stored', async () => {
      const before = await stored();
      for (const body of ['', '   ', 'x'.repeat(20_000)]) {
        const r = await post(people[0]!, { body });
        assert.equal(r.status, 400, body.slice(0, 10));
        assert.match(JSON.stringify(r.body), /body/);
      }
      assert.equal(await stored(), before);
    });

    it('when a comment holds <script> and a mobile number, then the script is kept as inert text and the number masked', async () => {
      const text = '<script>alert(1)</script> **bold** 电话 13812345678 身份证 310101199001011234';
      const r = await post(people[0]!, { body: text });
      assert.equal(r.status, 201);
      assert.ok(r.body.body.includes('<script>alert(1)</script>'), 'text, not stripped or run');
      assert.ok(!r.body.body.includes('13812345678'));
      assert.ok(r.body.body.includes('138****5678'));
      assert.ok(!r.body.body.includes('310101199001011234'));
      const row = await tp.platform.database.db
        .selectFrom('discussion_comments')
        .select('body')
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(!row.body.includes('13812345678'), 'the stored text is the masked one');
    });

    it('when a comment carries photos, then only the author’s own images are taken', async () => {
      const png = await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } },
      })
        .png()
        .toBuffer();
      const upload = async (c: Client, name: string, bytes: Buffer) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)]), name);
        const r = await c.post('/api/attachments', form);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.id as string;
      };
      const mine = await upload(people[0]!, 'photo.png', png);
      const theirs = await upload(people[1]!, 'photo.png', png);
      const before = await stored();
      const other = await post(people[0]!, { body: '别人的图', attachmentIds: [theirs] });
      assert.equal(other.status, 400);
      assert.equal(other.body.field, 'attachmentIds');
      assert.equal(await stored(), before);
      const pdf = await upload(
        people[0]!,
        'scan.pdf',
        Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      );
      const notImage = await post(people[0]!, { body: '不是图片', attachmentIds: [pdf] });
      assert.equal(notImage.status, 400);
      assert.equal(notImage.body.field, 'attachmentIds');
      assert.equal(await stored(), before);
      const ok = await post(people[0]!, { body: '有图', attachmentIds: [mine] });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.attachments.length, 1);
      const file = await people[2]!.get(ok.body.attachments[0]!.url);
      assert.equal(file.status, 200, 'a reader of the board sees the photo');
    });

    it('when someone praises twice, then it counts once, and taking it back counts down once', async () => {
      const c = await post(people[0]!, { body: '点赞测试' });
      const url = `/api/comments/${c.body.id}/praise`;
      for (let i = 0; i < 2; i++) {
        const r = await people[1]!.request('PUT', url);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body, { praiseCount: 1, praisedByMe: true });
      }
      const both = await Promise.all(people.slice(2).map((p) => p.request('PUT', url)));
      assert.ok(both.every((r) => r.status === 200));
      const off = await people[1]!.request('DELETE', url);
      assert.deepEqual(off.body, { praiseCount: 2, praisedByMe: false });
      const again = await people[1]!.request('DELETE', url);
      assert.deepEqual(again.body, { praiseCount: 2, praisedByMe: false });
      const sUrl = `/api/discussions/${TYPE}/${board}/praise`;
      await people[0]!.request('PUT', sUrl);
      const s = await people[0]!.request('PUT', sUrl);
      assert.deepEqual(s.body, { praiseCount: 1, praisedByMe: true });
      assert.equal((await summary(people[0]!)).body.praisedByMe, true);
    });

    it('when three different people report a comment, then it is hidden once; a moderator restores it, audited; a resident may not', async () => {
      const c = await post(people[0]!, { body: '要被举报的评论' });
      const report = (who: Client) =>
        who.post('/api/reports', { targetType: 'comment', targetId: c.body.id, reason: 'abuse' });
      assert.deepEqual((await report(people[1]!)).body, { reportCount: 1, hidden: false });
      assert.deepEqual((await report(people[1]!)).body, { reportCount: 1, hidden: false });
      assert.equal((await report(people[0]!)).status, 400, 'not one’s own');
      assert.deepEqual((await report(people[2]!)).body, { reportCount: 2, hidden: false });
      assert.deepEqual((await report(people[3]!)).body, { reportCount: 3, hidden: true });
      assert.deepEqual((await report(reader)).body, { reportCount: 4, hidden: true });

      const seenByResident = (await comments(people[1]!)).body.items.find(
        (i) => i.id === c.body.id,
      )!;
      assert.equal(seenByResident.state, 'hidden');
      assert.equal(seenByResident.body, '');
      const seenByStaff = (await comments(staff)).body.items.find((i) => i.id === c.body.id)!;
      assert.equal(seenByStaff.state, 'hidden');
      assert.equal(seenByStaff.body, '要被举报的评论');

      const audits = async (action: string) =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('action', '=', action)
              .where('object_id', '=', c.body.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await audits('moderation.hide'), 1, 'hidden exactly once');
      const told = await tp.platform.database.db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', await accountId(tp, 'yunnan'))
        .where('channel', '=', 'inapp')
        .where('body', 'like', '%内容审核%')
        .execute();
      assert.ok(told.length >= 1, 'the committee’s staff are told');

      const queue = await staff.get<ModerationList>('/api/moderation/items?state=hidden');
      assert.equal(queue.status, 200);
      const item = queue.body.items.find((i) => i.targetId === c.body.id)!;
      assert.equal(item.reportCount, 4);
      assert.equal(item.canDecide, true);
      assert.equal((await people[1]!.get('/api/moderation/items')).status, 403);
      const street = await (
        await tp.login('nanjingdong')
      ).get<ModerationList>('/api/moderation/items?state=hidden');
      const seenAbove = street.body.items.find((i) => i.targetId === c.body.id)!;
      assert.equal(
        seenAbove.canDecide,
        false,
        'the street sees the queue; the subject decides who moderates',
      );
      const other = await staffAccount(tp, {
        username: 'longquan-moderation',
        role: 'committee_staff',
        areaCode: '310101002002',
      });
      const elsewhere = await other.get<ModerationList>('/api/moderation/items?state=hidden');
      assert.equal(elsewhere.status, 200);
      assert.ok(!elsewhere.body.items.some((i) => i.targetId === c.body.id), 'another committee');
      assert.equal(
        (
          await other.post(`/api/moderation/comment/${c.body.id}/decision`, {
            action: 'remove',
            reason: '越权',
          })
        ).status,
        403,
      );

      const decide = (who: Client, body: Record<string, unknown>) =>
        who.post(`/api/moderation/comment/${c.body.id}/decision`, body);
      assert.equal((await decide(people[1]!, { action: 'restore', reason: '没问题' })).status, 403);
      assert.equal((await decide(staff, { action: 'restore', reason: '' })).status, 400);
      const ok = await decide(staff, { action: 'restore', reason: '内容正常，予以恢复' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.state, 'restored');
      assert.equal(await audits('moderation.restore'), 1);
      const back = (await comments(people[1]!)).body.items.find((i) => i.id === c.body.id)!;
      assert.equal(back.state, 'visible');
      assert.equal(back.body, '要被举报的评论');
      const decided = await staff.get<ModerationList>('/api/moderation/items?state=decided');
      assert.ok(decided.body.items.some((i) => i.targetId === c.body.id));
    });

    it('when people reply, praise and report at once, then the counts are exact and the hide happens once', async () => {
      const c = await post(people[0]!, { body: '并发测试' });
      const others = [...people.slice(1), reader];
      const replies = await Promise.all(
        people.map((p, i) => post(p, { body: `并发回复${i}`, parentId: c.body.id })),
      );
      assert.ok(replies.every((r) => r.status === 201));
      await Promise.all(people.map((p) => p.request('PUT', `/api/comments/${c.body.id}/praise`)));
      const reports = await Promise.all(
        others.map((p) =>
          p.post('/api/reports', { targetType: 'comment', targetId: c.body.id, reason: 'spam' }),
        ),
      );
      assert.ok(reports.every((r) => r.status === 200));
      const row = await tp.platform.database.db
        .selectFrom('discussion_comments')
        .select(['reply_count', 'praise_count', 'state'])
        .where('id', '=', c.body.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { reply_count: 4, praise_count: 4, state: 'hidden' });
      const hides = await tp.platform.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'moderation.hide')
        .where('object_id', '=', c.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(hides.n), 1);
      const replyPage = await people[0]!.get<CommentList>(`/api/comments/${c.body.id}/replies`);
      assert.equal(replyPage.body.items.length, 4);
    });

    it('when a moderator removes a comment, then it leaves the count and shows as removed', async () => {
      const before = (await summary(staff)).body.commentCount;
      const c = await post(people[0]!, { body: '将被删除' });
      assert.equal((await summary(staff)).body.commentCount, before + 1);
      assert.equal((await people[1]!.delete(`/api/comments/${c.body.id}`)).status, 403);
      const byModerator = await staff.delete<{ message: string }>(`/api/comments/${c.body.id}`);
      assert.equal(byModerator.status, 403, 'moderators remove with a reason, in the queue');
      assert.match(byModerator.body.message, /内容审核/);
      assert.equal((await summary(staff)).body.commentCount, before + 1, 'nothing changed');
      const r = await staff.post(`/api/moderation/comment/${c.body.id}/decision`, {
        action: 'remove',
        reason: '广告',
      });
      assert.equal(r.status, 200);
      assert.equal((await summary(staff)).body.commentCount, before);
      const own = await post(people[0]!, { body: '我自己删' });
      assert.equal((await people[0]!.delete(`/api/comments/${own.body.id}`)).status, 204);
      assert.equal((await people[0]!.delete(`/api/comments/${own.body.id}`)).status, 204);
      assert.equal((await summary(staff)).body.commentCount, before);
    });

    const report = (who: Client, id: string) =>
      who.post<{ reportCount: number; hidden: boolean; message?: string }>('/api/reports', {
        targetType: 'comment',
        targetId: id,
        reason: 'spam',
      });

    it('when throwaway sign-ups report a comment, then 403 says why and their reports do not count', async () => {
      const c = await post(people[0]!, { body: '不该被小号隐藏' });
      for (let i = 0; i < 3; i++) {
        const throwaway = await signedUpAccount(tp);
        const r = await report(throwaway.client, c.body.id);
        assert.equal(r.status, 403, JSON.stringify(r.body));
        assert.match(r.body.message!, /认证/);
      }
      const rows = await tp.platform.database.db
        .selectFrom('moderation_reports')
        .select('account_id')
        .where('target_id', '=', c.body.id)
        .execute();
      assert.equal(rows.length, 0, 'nothing stored');
      const seen = (await comments(people[1]!)).body.items.find((i) => i.id === c.body.id)!;
      assert.equal(seen.state, 'visible');
      assert.equal(
        (await report(people[1]!, c.body.id)).body.reportCount,
        1,
        'a resident’s counts',
      );
    });

    it('when a restored comment is reported again, then the reports after the restore count afresh and hide it again', async () => {
      const c = await post(people[0]!, { body: '恢复后又被举报' });
      for (const who of [people[1]!, people[2]!, people[3]!]) await report(who, c.body.id);
      const decide = (action: string) =>
        staff.post(`/api/moderation/comment/${c.body.id}/decision`, { action, reason: '复核处理' });
      assert.equal((await decide('restore')).status, 200);
      // an earlier reporter may report again in the new round; it counts from one
      assert.deepEqual((await report(people[1]!, c.body.id)).body, {
        reportCount: 1,
        hidden: false,
      });
      assert.deepEqual((await report(people[1]!, c.body.id)).body, {
        reportCount: 1,
        hidden: false,
      });
      await report(people[2]!, c.body.id);
      assert.deepEqual((await report(reader, c.body.id)).body, { reportCount: 3, hidden: true });
      const seen = (await comments(people[3]!)).body.items.find((i) => i.id === c.body.id)!;
      assert.equal(seen.state, 'hidden');
      const queue = await staff.get<ModerationList>('/api/moderation/items?state=hidden');
      const item = queue.body.items.find((i) => i.targetId === c.body.id)!;
      assert.deepEqual(item.reasons, { spam: 3 }, 'this round’s reports');
    });

    it('when its author deletes a hidden comment, then restoring it is a 409 and nothing is recorded', async () => {
      const c = await post(people[0]!, { body: '作者会删掉' });
      for (const who of [people[1]!, people[2]!, people[3]!]) await report(who, c.body.id);
      assert.equal((await people[0]!.delete(`/api/comments/${c.body.id}`)).status, 204);
      const r = await staff.post<{ message: string }>(
        `/api/moderation/comment/${c.body.id}/decision`,
        { action: 'restore', reason: '想恢复' },
      );
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.match(r.body.message, /作者已删除/);
      const item = await tp.platform.database.db
        .selectFrom('moderation_items')
        .select(['state', 'decided_by'])
        .where('target_id', '=', c.body.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(item, { state: 'hidden', decided_by: null });
      const removed = await staff.post(`/api/moderation/comment/${c.body.id}/decision`, {
        action: 'remove',
        reason: '作者已删除',
      });
      assert.equal(removed.status, 200, 'it may still be closed as removed');
    });

    it('when the queue is paged, then each decided item comes once, newest first', async () => {
      const seen: string[] = [];
      const times: string[] = [];
      let cursor: string | null = null;
      do {
        const q = `/api/moderation/items?state=decided&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { status: number; body: ModerationList } = await staff.get<ModerationList>(q);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        for (const i of page.body.items) {
          seen.push(i.targetId);
          times.push(i.decidedAt!);
          assert.equal(i.canDecide, true);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await tp.platform.database.db
        .selectFrom('moderation_items')
        .select('target_id')
        .where('state', 'in', ['restored', 'removed'])
        .execute();
      assert.equal(seen.length, all.length);
      assert.equal(new Set(seen).size, seen.length, 'no item twice');
      assert.deepEqual([...times].sort().reverse(), times, 'newest first');
      assert.ok(seen.length >= 3);
    });

    it('when the subject’s access says null, then every route answers 404', async () => {
      assert.equal((await comments(people[0]!, secret)).status, 404);
      assert.equal((await post(people[0]!, { body: 'hi' }, secret)).status, 404);
      assert.equal((await people[0]!.get(`/api/discussions/${TYPE}/${secret}`)).status, 404);
      assert.equal(
        (await people[0]!.request('PUT', `/api/discussions/${TYPE}/${secret}/praise`)).status,
        404,
      );
      assert.equal(
        (await people[0]!.get(`/api/discussions/nosuchtype/${board}/comments`)).status,
        404,
      );
    });

    it('when the subject says the reader cannot write, then 403 gives its reason and nothing is stored', async () => {
      const before = await stored();
      const r = await post(reader, { body: '我想说两句' });
      assert.equal(r.status, 403);
      assert.equal(r.body.message, BLOCKED);
      assert.equal(await stored(), before);
      const s = await summary(reader);
      assert.equal(s.body.canWrite, false);
      assert.equal(s.body.cannotWriteReason, BLOCKED);
      const list = await comments(reader);
      const any = list.body.items[0]!;
      assert.equal((await reader.request('PUT', `/api/comments/${any.id}/praise`)).status, 403);
    });

    it('when a thread is paged, then the pages hold every top-level comment once, newest first', async () => {
      const page = crypto.randomUUID();
      for (let i = 0; i < 7; i++) {
        const r = await post(people[i % 4]!, { body: `第${i}条` }, page);
        assert.equal(r.status, 201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await comments(people[0]!, page, q);
        assert.equal(r.status, 200);
        seen.push(...r.body.items.map((i) => i.body));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        [6, 5, 4, 3, 2, 1, 0].map((i) => `第${i}条`),
      );
      assert.equal((await comments(people[0]!, page, '?cursor=forged')).status, 400);
    });
  });
}
