import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  CommentList,
  DailyLog,
  DailyLogAuthor,
  DailyLogAuthorList,
  DailyLogAuthorshipList,
  DailyLogCandidateList,
  DailyLogList,
} from '@cc/contracts';
import sharp from 'sharp';
import {
  DATABASES,
  DEMO_COMMITTEE,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  UNMASKED_ID,
  UNMASKED_PHONE,
  verifiedResident,
  type Client,
  type HttpResponse,
  type TestPlatform,
} from '../../testing.js';

const COMMITTEE = DEMO_COMMITTEE; // 云南中路居委会 (staff: yunnan)
const OTHER = '310101002002'; // 龙泉园路居委会

for (const kind of DATABASES) {
  describe(`daily logs (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let otherStaff: Client; // 龙泉园路 committee staff
    // verified residents of 云南中路: the volunteer (appointed author), alice, bob, erin
    let volunteer: Client;
    let alice: Client;
    let bob: Client;
    let erin: Client;
    let outsider: Client; // a verified resident of 龙泉园路
    let stranger: Client; // signed up, not verified
    const ids = new Map<string, string>();
    /** every answer any client got: the masking scanner reads them all at the end */
    const answers: { url: string; text: string }[] = [];

    /** The client, with every answer it gets kept for the masking scanner. */
    function scanned(c: Client): Client {
      const request = c.request.bind(c);
      c.request = async <T>(
        method: string,
        url: string,
        body?: unknown,
        headers?: Record<string, string>,
      ): Promise<HttpResponse<T>> => {
        const r = await request<T>(method, url, body, headers);
        answers.push({
          url: `${method} ${url}`,
          text: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
        });
        return r;
      };
      return c;
    }

    const db = () => tp.platform.database.db;
    const logCount = async () =>
      Number(
        (
          await db()
            .selectFrom('daily_logs')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const postLog = (c: Client, body: Record<string, unknown>) =>
      c.post<DailyLog & { field?: string; message?: string }>('/api/daily-logs', {
        committeeCode: COMMITTEE,
        kind: 'work',
        body: '今日走访独居老人 12 户，发放口罩 200 只。',
        ...body,
      });
    const discussion = (id: string) => `/api/discussions/daily_log/${id}`;
    const upload = async (c: Client, name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), name);
      const r = await c.post('/api/attachments', form);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const png = () =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 20, g: 90, b: 40 } } })
        .png()
        .toBuffer();

    async function resident(username: string, committee: string | null): Promise<Client> {
      const r = committee
        ? await verifiedResident(tp, { username, committee })
        : await signedUpAccount(tp, { username });
      ids.set(username, r.accountId);
      return scanned(r.client);
    }

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = scanned(await tp.login('yunnan'));
      otherStaff = scanned(
        await staffAccount(tp, {
          username: 'longquan-logs',
          role: 'committee_staff',
          areaCode: OTHER,
        }),
      );
      volunteer = await resident('r-vol-logs-a', COMMITTEE);
      alice = await resident('r-alice-logs', COMMITTEE);
      bob = await resident('r-bob-logs-a', COMMITTEE);
      erin = await resident('r-erin-logs-', COMMITTEE);
      outsider = await resident('r-out-logs-a', OTHER);
      stranger = await resident('r-str-logs-a', null);
    });
    after(async () => {
      await tp?.close();
    });

    it('when committee staff post any kind, then it is published with the 居委 badge', async () => {
      for (const k of ['work', 'quarantine', 'volunteer'] as const) {
        const r = await postLog(staff, { kind: k, body: `${k}：今日完成核酸采样 300 人次。` });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.equal(r.body.kind, k);
        assert.equal(r.body.author.badge, 'committee');
        assert.equal(r.body.author.isMe, true);
        assert.equal(r.body.committee.code, COMMITTEE);
        assert.ok(r.body.committee.name.includes('云南中路'));
        assert.equal(r.body.praiseCount, 0);
        assert.equal(r.body.hidden, false);
      }
    });

    it('when a resident, a stranger or another committee posts, then 403 or 404 and nothing stored', async () => {
      const before = await logCount();
      const byResident = await postLog(alice, { kind: 'volunteer' });
      assert.equal(byResident.status, 403, 'a resident reads but does not post');
      assert.match(byResident.body.message!, /志愿者日志/);
      for (const c of [otherStaff, outsider, stranger])
        assert.equal((await postLog(c, {})).status, 404);
      // another committee's staff cannot post to it either, nor to a made-up committee
      assert.equal((await postLog(staff, { committeeCode: OTHER })).status, 404);
      assert.equal((await postLog(staff, { committeeCode: '310101002999' })).status, 404);
      assert.equal(await logCount(), before);
    });

    it('when the body or kind is bad, then 400 names the field and nothing is stored', async () => {
      const before = await logCount();
      for (const [body, field] of [
        [{ body: '   ' }, 'body'],
        [{ body: '长'.repeat(2001) }, 'body'],
        [{ kind: 'diary' }, 'kind'],
        [{ attachmentIds: ['not-an-id'] }, 'attachmentIds'],
        [{ extra: 1 }, null],
      ] as const) {
        const r = await postLog(staff, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        if (field) assert.ok(JSON.stringify(r.body).includes(field), JSON.stringify(r.body));
      }
      assert.equal(await logCount(), before);
    });

    it('when staff appoint a volunteer author, then it is audited, and they post that kind only', async () => {
      const candidates = await staff.get<DailyLogCandidateList>(
        `/api/daily-logs/author-candidates?committee=${COMMITTEE}&q=r-vol`,
      );
      assert.equal(candidates.status, 200, JSON.stringify(candidates.body));
      const pick = candidates.body.items.find((c) => c.accountId === ids.get('r-vol-logs-a'))!;
      assert.ok(pick, 'the verified resident is offered');
      assert.equal(pick.kind, 'resident');
      assert.match(pick.name, /^张\*+$/);
      assert.equal(
        (await otherStaff.get(`/api/daily-logs/author-candidates?committee=${COMMITTEE}`)).status,
        404,
      );
      assert.deepEqual(
        (await volunteer.get<DailyLogAuthorshipList>('/api/my/daily-log-authorships')).body.items,
        [],
      );
      const body = {
        committeeCode: COMMITTEE,
        accountId: ids.get('r-vol-logs-a'),
        kind: 'volunteer',
      };
      // residents and another committee's staff may not appoint
      for (const c of [alice, otherStaff])
        assert.equal((await c.post('/api/daily-logs/authors', body)).status, 404);
      const r = await staff.post<DailyLogAuthor>('/api/daily-logs/authors', body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'volunteer');
      assert.match(r.body.name, /^张\*+$/);
      const again = await staff.post<DailyLogAuthor>('/api/daily-logs/authors', body);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, r.body.id);
      const audits = await db()
        .selectFrom('audit_log')
        .select(['action', 'object_id'])
        .where('action', '=', 'daily-logs.author.appoint')
        .execute();
      assert.deepEqual(audits, [{ action: 'daily-logs.author.appoint', object_id: r.body.id }]);
      const list = await staff.get<DailyLogAuthorList>(
        `/api/daily-logs/authors?committee=${COMMITTEE}`,
      );
      assert.deepEqual(
        list.body.items.map((a) => [a.accountId, a.kind]),
        [[ids.get('r-vol-logs-a'), 'volunteer']],
      );
      assert.equal((await alice.get(`/api/daily-logs/authors?committee=${COMMITTEE}`)).status, 404);
      const mine = await volunteer.get<DailyLogAuthorshipList>('/api/my/daily-log-authorships');
      assert.deepEqual(mine.body.items, [
        {
          committee: { code: COMMITTEE, name: mine.body.items[0]!.committee.name },
          kinds: ['volunteer'],
          asStaff: false,
        },
      ]);
      const posted = await postLog(volunteer, {
        kind: 'volunteer',
        body: '今天在小区门口值守测温。',
      });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      assert.equal(posted.body.author.badge, 'volunteer');
      const other = await postLog(volunteer, { kind: 'quarantine' });
      assert.equal(other.status, 403);
      // an unknown account is a 400 naming it
      const unknown = await staff.post('/api/daily-logs/authors', {
        ...body,
        accountId: crypto.randomUUID(),
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.field, 'accountId');
    });

    it('when staff remove an author, then it is audited and they post no more', async () => {
      const appointed = await staff.post<DailyLogAuthor>('/api/daily-logs/authors', {
        committeeCode: COMMITTEE,
        accountId: ids.get('r-erin-logs-'),
        kind: 'quarantine',
      });
      assert.equal(appointed.status, 201);
      assert.equal(
        (await otherStaff.delete(`/api/daily-logs/authors/${appointed.body.id}`)).status,
        404,
      );
      assert.equal((await erin.delete(`/api/daily-logs/authors/${appointed.body.id}`)).status, 404);
      const gone = await staff.delete(`/api/daily-logs/authors/${appointed.body.id}`);
      assert.equal(gone.status, 204);
      assert.equal(
        (await staff.delete(`/api/daily-logs/authors/${appointed.body.id}`)).status,
        404,
      );
      const audits = await db()
        .selectFrom('audit_log')
        .select('object_id')
        .where('action', '=', 'daily-logs.author.remove')
        .execute();
      assert.deepEqual(audits, [{ object_id: appointed.body.id }]);
      assert.deepEqual(
        (await erin.get<DailyLogAuthorshipList>('/api/my/daily-log-authorships')).body.items,
        [],
      );
      assert.equal((await postLog(erin, { kind: 'quarantine' })).status, 403);
    });

    it('when a log holds an ID number and a mobile number, then both are masked on publish', async () => {
      const r = await postLog(staff, {
        body: '转运人员张某，身份证 310101199001011234，联系电话 13812345678 / 138-1234-5678。',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.ok(!r.body.body.includes('310101199001011234'));
      assert.ok(!r.body.body.includes('13812345678'));
      assert.ok(r.body.body.includes('3101**********1234'), r.body.body);
      assert.ok(r.body.body.includes('138****5678'), r.body.body);
      const row = await db()
        .selectFrom('daily_logs')
        .select('body')
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.body, r.body.body, 'the stored text is the masked one');
      const read = await alice.get<DailyLog>(`/api/daily-logs/${r.body.id}`);
      assert.equal(read.body.body, r.body.body);
    });

    it('when a log carries a file that is not an image, then 400 and nothing is stored', async () => {
      const before = await logCount();
      const pdf = await upload(
        staff,
        'scan.pdf',
        Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      );
      const r = await postLog(staff, { attachmentIds: [pdf] });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, 'attachmentIds');
      assert.equal(await logCount(), before);
      const file = await db()
        .selectFrom('attachments')
        .select('owner_id')
        .where('id', '=', pdf)
        .executeTakeFirstOrThrow();
      assert.equal(file.owner_id, null, 'the file was not taken');
      // someone else's photo is refused the same way
      const hers = await upload(alice, 'photo.png', await png());
      const theirs = await postLog(staff, { attachmentIds: [hers] });
      assert.equal(theirs.status, 400);
      assert.equal(theirs.body.field, 'attachmentIds');
      assert.equal(await logCount(), before);
    });

    it('when a log has photos, then its readers see them and nobody else', async () => {
      const photo = await upload(staff, 'site.png', await png());
      const r = await postLog(staff, {
        body: '隔离点物资到位。',
        kind: 'quarantine',
        attachmentIds: [photo],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.photos.length, 1);
      assert.equal(r.body.photos[0]!.kind, 'png');
      const url = r.body.photos[0]!.url;
      assert.equal((await alice.get(url)).status, 200);
      assert.equal((await volunteer.get(url)).status, 200);
      for (const c of [outsider, otherStaff, stranger])
        assert.equal((await c.get(url)).status, 404);
    });

    it("when another committee's resident or staff ask for the logs, then 404", async () => {
      const log = (await postLog(staff, { body: '只给本社区看的日志。' })).body;
      for (const c of [outsider, otherStaff, stranger]) {
        assert.equal((await c.get(`/api/daily-logs?committee=${COMMITTEE}`)).status, 404);
        assert.equal((await c.get(`/api/daily-logs/${log.id}`)).status, 404);
        assert.equal((await c.get(discussion(log.id))).status, 404);
        assert.equal((await c.get(`${discussion(log.id)}/comments`)).status, 404);
        assert.equal((await c.request('PUT', `${discussion(log.id)}/praise`)).status, 404);
        const comment = await c.post(`${discussion(log.id)}/comments`, { body: '路过' });
        assert.equal(comment.status, 404);
        const report = await c.post('/api/reports', {
          targetType: 'daily_log',
          targetId: log.id,
          reason: 'spam',
        });
        assert.equal(report.status, 404);
        const feed = await c.get<DailyLogList>('/api/my/daily-logs');
        assert.equal(feed.status, 200);
        assert.ok(!feed.body.items.some((i) => i.id === log.id));
      }
      assert.equal((await alice.get(`/api/daily-logs/${crypto.randomUUID()}`)).status, 404);
      assert.equal((await alice.get('/api/daily-logs?committee=310101002999')).status, 404);
    });

    it('when a resident reads, praises and comments, then the author sees the praise', async () => {
      const log = (
        await postLog(volunteer, { kind: 'volunteer', body: '今天帮 3 户老人代购了药品。' })
      ).body;
      const feed = await alice.get<DailyLogList>('/api/my/daily-logs');
      assert.equal(feed.status, 200);
      const item = feed.body.items.find((i) => i.id === log.id)!;
      assert.ok(item, 'the log is in the resident feed');
      assert.equal(item.author.badge, 'volunteer');
      assert.match(item.author.name, /^张\*+$/, 'residents see the author masked');
      // newest first
      const times = feed.body.items.map((i) => i.createdAt);
      assert.deepEqual(times, [...times].sort().reverse());
      const praise = await alice.request('PUT', `${discussion(log.id)}/praise`);
      assert.equal(praise.status, 200, JSON.stringify(praise.body));
      assert.deepEqual(praise.body, { praiseCount: 1, praisedByMe: true });
      assert.equal((await bob.request('PUT', `${discussion(log.id)}/praise`)).status, 200);
      const comment = await bob.post(`${discussion(log.id)}/comments`, {
        body: '辛苦了，谢谢志愿者！',
      });
      assert.equal(comment.status, 201, JSON.stringify(comment.body));
      const byStaff = await staff.post(`${discussion(log.id)}/comments`, { body: '感谢付出' });
      assert.equal(byStaff.status, 201);
      assert.equal(byStaff.body.authorBadge, '居委');
      const comments = await volunteer.get<CommentList>(`${discussion(log.id)}/comments`);
      assert.equal(comments.status, 200);
      assert.equal(comments.body.items.length, 2);
      const seen = await volunteer.get<DailyLog>(`/api/daily-logs/${log.id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.praiseCount, 2);
      assert.equal(seen.body.commentCount, 2);
      assert.equal(seen.body.praisedByMe, false);
      const hers = await alice.get<DailyLog>(`/api/daily-logs/${log.id}`);
      assert.equal(hers.body.praisedByMe, true);
      // the committee's staff see the author's whole name
      const forStaff = await staff.get<DailyLog>(`/api/daily-logs/${log.id}`);
      assert.equal(forStaff.body.author.name, '张r-vol-logs-a');
      // the staff's own feed (the residents' app) holds their committee's logs too
      const staffFeed = await staff.get<DailyLogList>('/api/my/daily-logs');
      assert.ok(staffFeed.body.items.some((i) => i.id === log.id));
    });

    it('when staff list by kind in pages, then each page holds that kind, newest first', async () => {
      const first = await staff.get<DailyLogList>(
        `/api/daily-logs?committee=${COMMITTEE}&kind=work&limit=2`,
      );
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.items.length, 2);
      assert.ok(first.body.nextCursor);
      const rest = await staff.get<DailyLogList>(
        `/api/daily-logs?committee=${COMMITTEE}&kind=work&limit=50&cursor=${first.body.nextCursor}`,
      );
      assert.equal(rest.status, 200);
      const all = [...first.body.items, ...rest.body.items];
      assert.ok(all.every((i) => i.kind === 'work'));
      assert.equal(new Set(all.map((i) => i.id)).size, all.length, 'no log twice');
      const stored = await db()
        .selectFrom('daily_logs')
        .select('id')
        .where('kind', '=', 'work')
        .where('committee_code', '=', COMMITTEE)
        .execute();
      assert.equal(all.length, stored.length);
      // a cursor of another list is refused
      const forged = await alice.get(
        `/api/daily-logs?committee=${COMMITTEE}&kind=work&cursor=${first.body.nextCursor}`,
      );
      assert.equal(forged.status, 400);
    });

    it('when three residents report a log, then it is hidden from residents until staff restore it', async () => {
      const log = (await postLog(volunteer, { kind: 'volunteer', body: '这条会被举报。' })).body;
      for (const c of [alice, bob, erin]) {
        const r = await c.post('/api/reports', {
          targetType: 'daily_log',
          targetId: log.id,
          reason: 'false',
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const stored = await db()
        .selectFrom('daily_logs')
        .select('visibility')
        .where('id', '=', log.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.visibility, 'hidden');
      const inFeed = async (c: Client) =>
        (
          await c.get<DailyLogList>(`/api/daily-logs?committee=${COMMITTEE}&limit=100`)
        ).body.items.find((i) => i.id === log.id);
      assert.equal(await inFeed(alice), undefined);
      assert.equal((await alice.get(`/api/daily-logs/${log.id}`)).status, 404);
      assert.equal((await alice.request('PUT', `${discussion(log.id)}/praise`)).status, 404);
      assert.equal((await inFeed(staff))?.hidden, true, 'moderators see it, marked hidden');
      const own = await volunteer.get<DailyLog>(`/api/daily-logs/${log.id}`);
      assert.equal(own.status, 200, 'its author still sees it');
      assert.equal(own.body.hidden, true);
      // a resident may not decide; the committee's staff restore it
      const decide = (c: Client) =>
        c.post(`/api/moderation/daily_log/${log.id}/decision`, {
          action: 'restore',
          reason: '核实无误',
        });
      assert.ok([403, 404].includes((await decide(alice)).status));
      const done = await decide(staff);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await inFeed(alice))?.hidden, false);
    });

    it('when a resident also writes for another committee, then the feed holds both, each as she may see it', async () => {
      const appointed = await otherStaff.post<DailyLogAuthor>('/api/daily-logs/authors', {
        committeeCode: OTHER,
        accountId: ids.get('r-alice-logs'),
        kind: 'volunteer',
      });
      assert.equal(appointed.status, 201, JSON.stringify(appointed.body));
      const there = (
        await postLog(otherStaff, { committeeCode: OTHER, body: '龙泉园路今日消杀。' })
      ).body;
      const here = (await postLog(staff, { body: '云南中路今日消杀。' })).body;
      const feed = await alice.get<DailyLogList>('/api/my/daily-logs?limit=100');
      assert.equal(feed.status, 200, JSON.stringify(feed.body));
      const a = feed.body.items.find((i) => i.id === there.id);
      const b = feed.body.items.find((i) => i.id === here.id);
      assert.ok(a && b, 'logs of both committees');
      assert.match(a.author.name, /\*/, 'an author of elsewhere sees names masked');
      assert.deepEqual(
        new Set(feed.body.items.map((i) => i.committee.code)),
        new Set([COMMITTEE, OTHER]),
      );
      // the outsider (a resident of 龙泉园路 only) sees that log and none of 云南中路
      const theirs = await outsider.get<DailyLogList>('/api/my/daily-logs?limit=100');
      assert.ok(theirs.body.items.some((i) => i.id === there.id));
      assert.ok(theirs.body.items.every((i) => i.committee.code === OTHER));
    });

    it('when an id, a committee code or a cursor is malformed, then 400 or 404, never a 500', async () => {
      const id = crypto.randomUUID();
      const status = async (c: Client, method: string, url: string, body?: unknown) => {
        const r = await c.request(method, url, body);
        assert.ok(
          [400, 404].includes(r.status),
          `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`,
        );
        return r;
      };
      const before = await logCount();
      for (const bad of ['not-a-uuid', `urn:uuid:${id}`, `{${id}}`, id.replaceAll('-', '')]) {
        const b = encodeURIComponent(bad);
        await status(alice, 'GET', `/api/daily-logs/${b}`);
        await status(staff, 'DELETE', `/api/daily-logs/authors/${b}`);
        await status(alice, 'GET', discussion(b));
        await status(alice, 'GET', `${discussion(b)}/comments`);
        await status(staff, 'POST', '/api/daily-logs/authors', {
          committeeCode: COMMITTEE,
          accountId: bad,
          kind: 'volunteer',
        });
        await status(staff, 'POST', '/api/daily-logs', {
          committeeCode: COMMITTEE,
          kind: 'work',
          body: '今日巡查。',
          attachmentIds: [bad],
        });
      }
      for (const code of [
        'x',
        '%27%3B--',
        'ab%20cd',
        '3101010020019999999999',
        'é'.repeat(40),
        '%00',
      ]) {
        await status(alice, 'GET', `/api/daily-logs?committee=${code}`);
        await status(staff, 'GET', `/api/daily-logs/authors?committee=${code}`);
        await status(staff, 'GET', `/api/daily-logs/author-candidates?committee=${code}&q=%25_%5C`);
      }
      // a search text of LIKE wildcards is taken as text
      const wild = await staff.get<DailyLogCandidateList>(
        `/api/daily-logs/author-candidates?committee=${COMMITTEE}&q=%25_%5C`,
      );
      assert.equal(wild.status, 200, JSON.stringify(wild.body));
      assert.deepEqual(wild.body.items, []);
      await status(staff, 'POST', '/api/daily-logs', {
        committeeCode: "' or 1=1 --",
        kind: 'work',
        body: '今日巡查。',
      });
      for (const cursor of [
        'x',
        'AAAA',
        'A'.repeat(512),
        '%00',
        crypto.randomBytes(60).toString('base64url'),
      ]) {
        assert.equal(
          (await alice.get(`/api/daily-logs?committee=${COMMITTEE}&cursor=${cursor}`)).status,
          400,
        );
        assert.equal((await alice.get(`/api/my/daily-logs?cursor=${cursor}`)).status, 400);
      }
      for (const q of ['limit=0', 'limit=abc', 'limit=101', 'kind=nope'])
        assert.equal((await alice.get(`/api/my/daily-logs?${q}`)).status, 400, q);
      assert.equal(await logCount(), before, 'nothing stored');
    });

    it('when every answer is scanned, then no whole ID number or mobile number is in any', () => {
      assert.ok(answers.length > 50, String(answers.length));
      for (const a of answers) {
        assert.doesNotMatch(a.text, UNMASKED_ID, a.url);
        assert.doesNotMatch(a.text, UNMASKED_PHONE, a.url);
      }
    });
  });
}
