import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  Client,
  DATABASES,
  eventually,
  generateRegistry,
  generateResidentAccounts,
  startTestPlatform,
  uploadTestPhoto,
  type TestPlatform,
} from '../../testing.js';
import { xlsxFile } from '../registry/index.js';
import { residentRevoked, residentVerified } from '../residents/index.js';

const YUNNAN = '310101002001';
const OTHER = '310101002002';

interface Resident {
  accountId: string;
  buildingId: string;
  committee: string;
  client: Client;
}

/**
 * Signed-in clients for synthetic residents: session rows written at once (200 argon2 sign-ins
 * would take most of a minute); every request after that goes through HTTP as usual.
 */
async function sessionsFor(tp: TestPlatform, accountIds: string[]): Promise<Client[]> {
  const now = Date.now();
  const tokens = accountIds.map(() => crypto.randomBytes(32).toString('base64url'));
  await tp.platform.database.db
    .insertInto('sessions')
    .values(
      accountIds.map((id, i) => ({
        id: crypto.createHash('sha256').update(tokens[i]!).digest('hex'),
        account_id: id,
        created_at: new Date(now),
        last_seen_at: new Date(now),
        expires_at: new Date(now + 3_600_000),
        ip: null,
        user_agent: null,
      })),
    )
    .execute();
  return tokens.map((token) => {
    const c = tp.client();
    c.cookies.set('cc_session', token);
    return c;
  });
}

const pdfBytes = () =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function pngBytes(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
    .png()
    .toBuffer();
}

async function xlsxBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of xlsxFile([['a', 'b']])) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function upload(c: Client, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return c.post('/api/attachments', form);
}

for (const kind of DATABASES) {
  describe(`notices (${kind})`, () => {
    let tp: TestPlatform;
    let yunnan: Client;
    let street: Client;
    let colleague: Client;
    const residents: Resident[] = [];

    const count = async (table: 'notices' | 'attachments') =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const feedIds = async (c: Client) => {
      const r = await c.get('/api/announcements/feed?limit=50');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.items as { id: string }[]).map((i) => i.id);
    };
    const delivered = (id: string) =>
      eventually(async () => {
        const r = await yunnan.get(`/api/announcements/${id}/reads`);
        return r.status === 200 && !r.body.delivering && r.body;
      }, 15_000);
    const notice = (extra: Record<string, unknown> = {}) => ({
      title: `通知 ${crypto.randomBytes(3).toString('hex')}`,
      body: '请各位居民注意。',
      targets: { areaCodes: [YUNNAN], buildingIds: [] },
      ...extra,
    });

    before(async () => {
      tp = await startTestPlatform(kind);
      const { db, cipher } = tp.platform.deps;
      await generateRegistry(db, cipher, { scale: 0.1, within: [YUNNAN, OTHER], seed: 7 });
      await generateResidentAccounts(db, cipher, { page: 500 });
      const links = await db
        .selectFrom('resident_links')
        .select(['account_id', 'building_id', 'committee_code'])
        .orderBy('account_id')
        .execute();
      const clients = await sessionsFor(
        tp,
        links.map((l) => l.account_id),
      );
      links.forEach((l, i) =>
        residents.push({
          accountId: l.account_id,
          buildingId: l.building_id,
          committee: l.committee_code,
          client: clients[i]!,
        }),
      );
      yunnan = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      const created = await (
        await tp.login('admin')
      ).post('/api/accounts', {
        username: 'yunnan-colleague',
        displayName: '云南中路居委会 同事',
        password: 'a-long-password-1',
        roles: [{ role: 'committee_staff', areaCode: YUNNAN }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      colleague = await tp.login('yunnan-colleague', 'a-long-password-1');
    });
    after(async () => tp?.close());

    const ofCommittee = (code: string) => residents.filter((r) => r.committee === code);

    it('when a committee notice is published, then its residents see it and others get 404', async () => {
      const mine = ofCommittee(YUNNAN);
      const others = ofCommittee(OTHER);
      assert.ok(mine.length >= 200 && others.length > 0, `${mine.length} / ${others.length}`);
      const r = await yunnan.post('/api/announcements', notice());
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.status, 'published');
      const reads = await delivered(r.body.id);
      assert.equal(reads.targeted, mine.length);
      assert.ok((await feedIds(mine[0]!.client)).includes(r.body.id));
      assert.ok(!(await feedIds(others[0]!.client)).includes(r.body.id));
      assert.equal((await others[0]!.client.get(`/api/announcements/${r.body.id}`)).status, 404);
      assert.equal(
        (await others[0]!.client.post(`/api/announcements/${r.body.id}/read`)).status,
        404,
      );
      // a recipient reads it: marks nothing until POST …/read
      const got = await mine[0]!.client.get(`/api/announcements/${r.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.read, false);
      // someone who does not manage it cannot see its counts
      const otherStaff = await tp.login('handler');
      assert.equal((await otherStaff.get(`/api/announcements/${r.body.id}/reads`)).status, 404);
    });

    it('when 200 residents mark a notice read at once, then the count is exactly 200', async () => {
      const mine = ofCommittee(YUNNAN).slice(0, 200);
      const r = await yunnan.post('/api/announcements', notice());
      await delivered(r.body.id);
      const answers = await Promise.all(
        [...mine, ...mine.slice(0, 20)].map((m) =>
          m.client.post(`/api/announcements/${r.body.id}/read`),
        ),
      );
      assert.ok(answers.every((a) => a.status === 200));
      const reads = (await yunnan.get(`/api/announcements/${r.body.id}/reads`)).body;
      assert.equal(reads.read, 200);
      assert.equal(
        reads.buildings.reduce((s: number, b: { read: number }) => s + b.read, 0),
        200,
      );
      assert.equal(
        reads.buildings.reduce((s: number, b: { targeted: number }) => s + b.targeted, 0),
        reads.targeted,
      );
      assert.ok(reads.buildings.every((b: { name: string }) => b.name !== '—'));
      const feed = await mine[0]!.client.get('/api/announcements/feed');
      assert.equal(feed.body.items.find((i: { id: string }) => i.id === r.body.id).read, true);
      const list = await yunnan.get('/api/announcements');
      const row = list.body.items.find((i: { id: string }) => i.id === r.body.id);
      assert.equal(row.reads, 200);
    });

    it('when a notice targets one building, then only that building sees it', async () => {
      const others = ofCommittee(OTHER);
      const target = others[0]!.buildingId;
      const inside = others.filter((o) => o.buildingId === target);
      const outside = others.find((o) => o.buildingId !== target)!;
      // the committee's staff cannot aim at another committee's building
      const refused = await yunnan.post(
        '/api/announcements',
        notice({ targets: { areaCodes: [], buildingIds: [target] } }),
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.body.field, 'targets');
      const r = await street.post(
        '/api/announcements',
        notice({ targets: { areaCodes: [], buildingIds: [target] } }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const reads = await eventually(async () => {
        const x = await street.get(`/api/announcements/${r.body.id}/reads`);
        return !x.body.delivering && x.body;
      });
      assert.equal(reads.targeted, inside.length);
      assert.ok((await feedIds(inside[0]!.client)).includes(r.body.id));
      assert.ok(!(await feedIds(outside.client)).includes(r.body.id));
    });

    it('when notices are pinned, scheduled or expire, then the feed orders and hides them', async () => {
      const me = ofCommittee(YUNNAN)[0]!;
      const pinned = await yunnan.post('/api/announcements', notice({ pinned: true }));
      await delivered(pinned.body.id);
      const newer = await yunnan.post('/api/announcements', notice());
      await delivered(newer.body.id);
      const ids = await feedIds(me.client);
      assert.ok(ids.indexOf(pinned.body.id) < ids.indexOf(newer.body.id));
      assert.equal(ids[0], pinned.body.id);
      // scheduled: not shown before its time, shown after (the job publishes it)
      const at = new Date(Date.now() + 1500).toISOString();
      const later = await yunnan.post('/api/announcements', notice({ publishAt: at }));
      assert.equal(later.body.status, 'scheduled');
      assert.ok(!(await feedIds(me.client)).includes(later.body.id));
      await eventually(async () => (await feedIds(me.client)).includes(later.body.id), 15_000);
      // expiring: shown, then hidden
      const brief = await yunnan.post(
        '/api/announcements',
        notice({ expiresAt: new Date(Date.now() + 2500).toISOString() }),
      );
      await delivered(brief.body.id);
      assert.ok((await feedIds(me.client)).includes(brief.body.id));
      await eventually(async () => !(await feedIds(me.client)).includes(brief.body.id), 10_000);
      assert.equal((await me.client.get(`/api/announcements/${brief.body.id}`)).status, 404);
      // paging: a cursor continues after the first page without repeats
      const p1 = await me.client.get('/api/announcements/feed?limit=2');
      assert.ok(p1.body.next);
      const p2 = await me.client.get(
        `/api/announcements/feed?limit=2&cursor=${encodeURIComponent(p1.body.next)}`,
      );
      assert.equal(p2.status, 200);
      const seen = [...p1.body.items, ...p2.body.items].map((i: { id: string }) => i.id);
      assert.equal(new Set(seen).size, seen.length);
      assert.equal((await me.client.get('/api/announcements/feed?cursor=forged')).status, 400);
    });

    it('when a notice is urgent, then every recipient with a phone gets a text in the outbox', async () => {
      const r = await yunnan.post(
        '/api/announcements',
        notice({ urgent: true, title: '台风预警' }),
      );
      const reads = await delivered(r.body.id);
      const texts = await eventually(async () => {
        const n = await tp.platform.database.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('channel', '=', 'sms')
          .where('body', 'like', '%台风预警%')
          .executeTakeFirstOrThrow();
        return Number(n.n) === reads.targeted && Number(n.n);
      }, 15_000);
      assert.equal(texts, ofCommittee(YUNNAN).length);
    });

    it('when the input is bad, then a 400 names the field and nothing is stored', async () => {
      const before = await count('notices');
      const past = await yunnan.post(
        '/api/announcements',
        notice({ publishAt: new Date(Date.now() - 3_600_000).toISOString() }),
      );
      assert.equal(past.status, 400);
      assert.equal(past.body.field, 'publishAt');
      const outside = await yunnan.post(
        '/api/announcements',
        notice({ targets: { areaCodes: [OTHER], buildingIds: [] } }),
      );
      assert.equal(outside.status, 400);
      assert.equal(outside.body.field, 'targets');
      const empty = await yunnan.post(
        '/api/announcements',
        notice({ targets: { areaCodes: [], buildingIds: [] } }),
      );
      assert.equal(empty.status, 400);
      assert.equal(empty.body.field, 'targets');
      const expiry = await yunnan.post(
        '/api/announcements',
        notice({ expiresAt: new Date(Date.now() - 1000).toISOString() }),
      );
      assert.equal(expiry.body.field, 'expiresAt');
      const resident = ofCommittee(YUNNAN)[0]!.client;
      assert.equal((await resident.post('/api/announcements', notice())).status, 403);
      assert.equal(await count('notices'), before);

      // attachments: the content must be what the name says
      const files = await count('attachments');
      const fake = await upload(yunnan, await pngBytes(), '通知.pdf');
      assert.equal(fake.status, 400);
      assert.equal(fake.body.field, 'file');
      const wrongZip = await upload(yunnan, await xlsxBytes(), 'form.docx');
      assert.equal(wrongZip.status, 400);
      assert.equal((await upload(yunnan, pdfBytes(), 'run.exe')).status, 415);
      assert.equal(await count('attachments'), files);

      // script, javascript: links and raw HTML are stored and returned verbatim, as text
      const hostile =
        '<script>alert(1)</script>\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> **ok**';
      const r = await yunnan.post('/api/announcements', notice({ body: hostile }));
      assert.equal(r.status, 201);
      assert.equal(r.body.body, hostile);
      assert.equal((await yunnan.get(`/api/announcements/${r.body.id}`)).body.body, hostile);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    });

    it('when a notice carries photos and attachments, then only its readers fetch them', async () => {
      const pdf = await upload(yunnan, pdfBytes(), '防汛须知.pdf');
      assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
      const xlsx = await upload(yunnan, await xlsxBytes(), '名单.xlsx');
      assert.equal(xlsx.status, 201, JSON.stringify(xlsx.body));
      assert.equal(xlsx.body.kind, 'xlsx');
      const photo = await uploadTestPhoto(yunnan);
      const r = await yunnan.post(
        '/api/announcements',
        notice({ attachmentIds: [pdf.body.id, xlsx.body.id], photoIds: [photo] }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.attachments.length, 2);
      await delivered(r.body.id);
      const me = ofCommittee(YUNNAN)[0]!.client;
      const stranger = ofCommittee(OTHER)[0]!.client;
      const file = await me.get(pdf.body.url);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'application/pdf');
      assert.match(file.headers.get('content-disposition') ?? '', /^attachment;/);
      assert.equal((await stranger.get(pdf.body.url)).status, 404);
      assert.equal((await me.get(r.body.photos[0].thumb)).status, 200);
      assert.equal((await stranger.get(r.body.photos[0].thumb)).status, 404);
      // someone else's attachment cannot be attached
      const theirs = await upload(street, pdfBytes(), 'x.pdf');
      const stolen = await yunnan.post(
        '/api/announcements',
        notice({ attachmentIds: [theirs.body.id] }),
      );
      assert.equal(stolen.status, 400);
      assert.equal(stolen.body.field, 'attachmentIds');
    });

    it('when a colleague edits a notice with the first one’s files, then it saves; their loose files stay theirs', async () => {
      const pdf = await upload(yunnan, pdfBytes(), '会议纪要.pdf');
      const photo = await uploadTestPhoto(yunnan);
      const d = await yunnan.post(
        '/api/announcements',
        notice({ draft: true, attachmentIds: [pdf.body.id], photoIds: [photo] }),
      );
      assert.equal(d.status, 201, JSON.stringify(d.body));
      // the editor sends the files back with every change
      const edited = await colleague.request('PATCH', `/api/announcements/${d.body.id}`, {
        title: '同事改过的标题',
        attachmentIds: d.body.attachmentIds,
        photoIds: d.body.photoIds,
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.title, '同事改过的标题');
      assert.deepEqual(edited.body.attachmentIds, [pdf.body.id]);
      assert.deepEqual(edited.body.photoIds, [photo]);
      // a loose file is still only its uploader's to attach
      const loose = await upload(yunnan, pdfBytes(), '草稿.pdf');
      const refused = await colleague.request('PATCH', `/api/announcements/${d.body.id}`, {
        attachmentIds: [pdf.body.id, loose.body.id],
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.field, 'attachmentIds');
      const after = await colleague.get(`/api/announcements/${d.body.id}`);
      assert.deepEqual(after.body.attachmentIds, [pdf.body.id]);
    });

    it('when a notice is withdrawn or a resident leaves, then it is no longer shown; audited', async () => {
      const mine = ofCommittee(YUNNAN);
      const r = await yunnan.post('/api/announcements', notice());
      await delivered(r.body.id);
      const w = await yunnan.post(`/api/announcements/${r.body.id}/withdraw`);
      assert.equal(w.status, 200);
      assert.equal(w.body.status, 'withdrawn');
      assert.ok(!(await feedIds(mine[1]!.client)).includes(r.body.id));
      const actions = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', r.body.id)
        .execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), [
        'notice.create',
        'notice.publish',
        'notice.withdraw',
      ]);
      // a draft is changed, then published
      const d = await yunnan.post('/api/announcements', notice({ draft: true }));
      assert.equal(d.body.status, 'draft');
      const patched = await yunnan.request('PATCH', `/api/announcements/${d.body.id}`, {
        title: '改过的标题',
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.title, '改过的标题');
      const pub = await yunnan.post(`/api/announcements/${d.body.id}/publish`);
      assert.equal(pub.body.status, 'published');
      assert.equal(
        (await yunnan.request('PATCH', `/api/announcements/${d.body.id}`, { title: 'x' })).status,
        409,
      );
      await delivered(d.body.id);
      // a revoked link hides the notices; a newly verified resident receives the live ones
      const leaving = mine[2]!;
      assert.ok((await feedIds(leaving.client)).includes(d.body.id));
      const { db, events, jobs } = tp.platform.deps;
      // hidden in the revocation's own transaction: no job has to run first
      await jobs.stop();
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('resident_links')
            .set({ status: 'revoked', revoked_at: new Date() })
            .where('account_id', '=', leaving.accountId)
            .execute();
          await events.publish(trx, residentRevoked, { accountIds: [leaving.accountId] });
        });
        assert.ok(!(await feedIds(leaving.client)).includes(d.body.id));
        assert.equal((await leaving.client.get(`/api/announcements/${d.body.id}`)).status, 404);
      } finally {
        jobs.start();
      }
      const before = (await yunnan.get(`/api/announcements/${d.body.id}/reads`)).body.targeted;
      await db.transaction().execute(async (trx) => {
        const link = await trx
          .updateTable('resident_links')
          .set({ status: 'verified', revoked_at: null })
          .where('account_id', '=', leaving.accountId)
          .returning(['area_path', 'building_id'])
          .executeTakeFirstOrThrow();
        await events.publish(trx, residentVerified, {
          accountId: leaving.accountId,
          areaPath: link.area_path,
          buildingId: link.building_id,
        });
      });
      tp.platform.deps.jobs.kick();
      await eventually(async () => (await feedIds(leaving.client)).includes(d.body.id), 10_000);
      // shown again, counted once
      assert.equal(
        (await yunnan.get(`/api/announcements/${d.body.id}/reads`)).body.targeted,
        before,
      );
      const total = await sql<{ n: number }>`select count(*)::int as n from notice_recipients
        where notice_id = ${d.body.id}`.execute(db);
      assert.equal(total.rows[0]!.n, before);
    });

    it(
      'when a revocation races a fan-out batch, then the revoked resident gets no visible row',
      { skip: kind !== 'postgres' && 'two transactions at once need PostgreSQL' },
      async () => {
        const victim = ofCommittee(YUNNAN)[3]!;
        const { db, events } = tp.platform.deps;
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let revoked!: () => void;
        const hidden = new Promise<void>((r) => (revoked = r));
        // the revocation: links changed and notices hidden, not committed yet
        const revocation = db.transaction().execute(async (trx) => {
          await trx
            .updateTable('resident_links')
            .set({ status: 'revoked', revoked_at: new Date() })
            .where('account_id', '=', victim.accountId)
            .execute();
          await events.publish(trx, residentRevoked, { accountIds: [victim.accountId] });
          revoked();
          await gate;
        });
        await hidden;
        const r = await yunnan.post('/api/announcements', notice());
        assert.equal(r.status, 201);
        // the fan-out reaches the link being revoked: it waits for the revocation (without the
        // lock it would read the link as still verified, write the row and finish)
        await eventually(async () => {
          const waiting = await sql<{ n: number }>`select count(*)::int as n
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where not l.granted and a.datname = current_database()`.execute(db);
          const reads = await yunnan.get(`/api/announcements/${r.body.id}/reads`);
          return waiting.rows[0]!.n > 0 || !reads.body.delivering;
        }, 15_000);
        release();
        await revocation;
        const reads = await delivered(r.body.id);
        assert.equal(reads.targeted, ofCommittee(YUNNAN).length - 1);
        assert.ok(!(await feedIds(victim.client)).includes(r.body.id));
        assert.ok((await feedIds(ofCommittee(YUNNAN)[4]!.client)).includes(r.body.id));
      },
    );
  });
}
