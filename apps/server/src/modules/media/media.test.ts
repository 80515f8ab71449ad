import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PHOTO_MAX_BYTES } from '@cc/contracts';
import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';
import { attachPhotosToCase, setPhotoAccessPolicy } from './index.js';

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Secret Person</dc:creator></rdf:Description>
</rdf:RDF></x:xmpmeta>`;

/** 2400×1200 as stored, EXIF orientation 6 (upright it is 1200×2400), with GPS, XMP and a P3 profile. */
function jpegWithGps(): Promise<Buffer> {
  return sharp({
    create: { width: 2400, height: 1200, channels: 3, background: { r: 10, g: 120, b: 200 } },
  })
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Secret Model' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 13/1 5/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 28/1 10/1',
      },
    })
    .withXmp(XMP)
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

function small(format: 'png' | 'webp' | 'gif' | 'jpeg'): Promise<Buffer> {
  return sharp({
    create: { width: 64, height: 48, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } },
  })
    .toFormat(format)
    .toBuffer();
}

function form(...files: [field: string, bytes: Buffer | string, name?: string, type?: string][]) {
  const f = new FormData();
  for (const [field, bytes, name = 'photo.jpg', type = 'image/jpeg'] of files) {
    f.append(field, new Blob([bytes], { type }), name);
  }
  return f;
}

/** Make a HEVC-coded HEIC with Debian's heif-enc (libheif-examples), if it is installed. */
function makeHeic(jpeg: Buffer): Buffer | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-heic-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.jpg'), jpeg);
    const r = spawnSync('heif-enc', ['-q', '50', '-o', path.join(dir, 'out.heic'), 'in.jpg'], {
      cwd: dir,
      stdio: 'ignore',
    });
    if (r.error || r.status !== 0) return null;
    return fs.readFileSync(path.join(dir, 'out.heic'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

async function assertStripped(webp: Buffer, box: number) {
  const meta = await sharp(webp).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(meta.exif, undefined, 'no EXIF');
  assert.equal(meta.xmp, undefined, 'no XMP');
  assert.equal(meta.iptc, undefined, 'no IPTC');
  assert.equal(meta.icc, undefined, 'no ICC profile');
  assert.equal(meta.orientation, undefined, 'no orientation tag: the pixels are upright');
  for (const needle of ['Exif', 'EXIF', 'XMP ', 'ICCP', 'Secret', 'TestCam']) {
    assert.ok(!webp.includes(needle), `no "${needle}" in the file`);
  }
  assert.ok(meta.width! <= box && meta.height! <= box, `${meta.width}×${meta.height} fits ${box}`);
  return meta;
}

/** Binary bodies: the test Client reads every answer as text. */
async function fetchBytes(baseUrl: string, client: Client, url: string) {
  const res = await fetch(baseUrl + url, {
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

const HEIC_SKIP = 'heif-enc is not installed (apt-get install libheif-examples): no HEIC sample';

for (const kind of DATABASES) {
  describe(`photos: upload, re-encode, serve (${kind})`, () => {
    let tp: TestPlatform;
    let uploader: Client;
    let other: Client;
    let anonymous: Client;
    let uploaderId: string;
    let otherId: string;
    let photosDir: string;
    let gpsJpeg: Buffer;
    let heic: Buffer | null;
    let uploaded: { id: string; width: number; height: number; urls: Record<string, string> };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [uploader, other] = await Promise.all([tp.login('resident'), tp.login('huangpu')]);
      anonymous = tp.client();
      uploaderId = (await uploader.get('/api/auth/me')).body.id;
      otherId = (await other.get('/api/auth/me')).body.id;
      photosDir = path.join(tp.platform.deps.config.dataDir, 'files', 'photos');
      gpsJpeg = await jpegWithGps();
      heic = makeHeic(await small('jpeg'));
    });
    after(async () => {
      setPhotoAccessPolicy(null);
      await tp.close();
      fs.rmSync(tp.platform.deps.config.dataDir, { recursive: true, force: true });
    });

    async function countPhotos(): Promise<number> {
      const r = await tp.platform.database.db
        .selectFrom('photos')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    }

    it('when a JPEG with EXIF, GPS, XMP and a P3 profile is uploaded, then both sizes are upright WebP with no metadata', async () => {
      const input = await sharp(gpsJpeg).metadata();
      assert.ok(input.exif && input.icc && input.xmp, 'the sample carries metadata');
      const gpsIfd = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];
      assert.ok(
        gpsIfd.some((tag) => input.exif!.includes(tag)),
        'the sample has a GPS IFD',
      );

      const r = await uploader.post('/api/photos', form(['file', gpsJpeg, 'IMG_0001.JPG']));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      uploaded = r.body;
      assert.match(uploaded.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(uploaded.urls, {
        large: `/api/photos/${uploaded.id}/large`,
        thumb: `/api/photos/${uploaded.id}/thumb`,
      });
      // 2400×1200 turned upright by orientation 6, then fit inside 1600×1600
      assert.equal(uploaded.width, 800);
      assert.equal(uploaded.height, 1600);

      const large = await fetchBytes(tp.baseUrl, uploader, uploaded.urls.large!);
      assert.equal(large.res.status, 200);
      const largeMeta = await assertStripped(large.bytes, 1600);
      assert.deepEqual([largeMeta.width, largeMeta.height], [800, 1600]);
      const thumbMeta = await assertStripped(
        fs.readFileSync(path.join(photosDir, uploaded.id.slice(0, 2), `${uploaded.id}-thumb.webp`)),
        320,
      );
      assert.deepEqual([thumbMeta.width, thumbMeta.height], [160, 320]);
    });

    it('when a photo is stored, then only the server-named renditions are on disk, with its row and an audit entry', async () => {
      const files = listFiles(photosDir).map((f) => path.relative(photosDir, f));
      assert.deepEqual(files.sort(), [
        `${uploaded.id.slice(0, 2)}/${uploaded.id}-large.webp`,
        `${uploaded.id.slice(0, 2)}/${uploaded.id}-thumb.webp`,
      ]);
      const row = await tp.platform.database.db
        .selectFrom('photos')
        .selectAll()
        .where('id', '=', uploaded.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.uploaded_by, uploaderId);
      assert.equal(row.case_id, null);
      assert.deepEqual([row.width, row.height], [800, 1600]);
      assert.equal(row.bytes_large, fs.statSync(path.join(photosDir, files[0]!)).size);
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['actor_name', 'outcome'])
        .where('action', '=', 'photo.upload')
        .where('object_id', '=', uploaded.id)
        .execute();
      assert.deepEqual(audit, [{ actor_name: 'resident', outcome: 'ok' }]);
    });

    it('when a photo is fetched, then it is WebP, not sniffable, private, not stored by any cache and inline', async () => {
      const { res, bytes } = await fetchBytes(tp.baseUrl, uploader, uploaded.urls.thumb!);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/webp');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      assert.equal(res.headers.get('content-disposition'), 'inline');
      assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
    });

    it('when PNG and WebP are uploaded (whatever their names), then they are accepted', async () => {
      for (const format of ['png', 'webp'] as const) {
        const r = await uploader.post(
          '/api/photos',
          form(['file', await small(format), 'no-extension', 'application/octet-stream']),
        );
        assert.equal(r.status, 201, `${format}: ${JSON.stringify(r.body)}`);
        assert.deepEqual([r.body.width, r.body.height], [64, 48], 'never enlarged');
        const thumb = await fetchBytes(tp.baseUrl, uploader, r.body.urls.thumb);
        assert.equal(thumb.res.status, 200);
        await assertStripped(thumb.bytes, 320);
      }
    });

    it('when a HEIC (HEVC) photo is uploaded, then it is decoded and served as WebP', async (t) => {
      if (!heic) {
        t.skip(HEIC_SKIP);
        return;
      }
      const r = await uploader.post(
        '/api/photos',
        form(['file', heic, 'IMG_0002.HEIC', 'image/heic']),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual([r.body.width, r.body.height], [64, 48]);
      const large = await fetchBytes(tp.baseUrl, uploader, r.body.urls.large);
      assert.equal(large.res.status, 200);
      await assertStripped(large.bytes, 1600);
    });

    it('when an upload is refused, then it gets the right 4xx and nothing is stored', async () => {
      const rowsBefore = await countPhotos();
      const filesBefore = listFiles(photosDir);
      const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
      const jpegThenGarbage = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        crypto.randomBytes(2000),
      ]);
      // a HEIF brand header that is not a HEIC (AVIF) and one that is, but with nothing inside
      const avifHeader = Buffer.from('000000186674797061766966000000006d696631617669660000', 'hex');
      const heicHeader = Buffer.concat([
        Buffer.from('00000018667479706865696300000000', 'hex'),
        Buffer.from('mif1heic'),
        crypto.randomBytes(100),
      ]);
      const cases: [string, FormData, number, string, string][] = [
        ['HTML named photo.jpg', form(['file', html]), 415, 'file', 'type'],
        ['SVG', form(['file', svg, 'a.svg', 'image/svg+xml']), 415, 'file', 'type'],
        ['GIF', form(['file', await small('gif'), 'a.gif', 'image/gif']), 415, 'file', 'type'],
        ['PDF', form(['file', '%PDF-1.4\n%âãÏÓ\n1 0 obj', 'a.pdf']), 415, 'file', 'type'],
        ['text', form(['file', 'just some words', 'a.txt', 'text/plain']), 415, 'file', 'type'],
        ['AVIF', form(['file', avifHeader, 'a.avif']), 415, 'file', 'type'],
        ['a JPEG header then garbage', form(['file', jpegThenGarbage]), 400, 'file', 'decode'],
        ['a HEIC header then garbage', form(['file', heicHeader]), 400, 'file', 'decode'],
        ['zero bytes', form(['file', Buffer.alloc(0)]), 400, 'file', 'minSize'],
        ['no file', new FormData(), 400, 'file', 'required'],
        [
          'two files',
          form(['file', await small('png')], ['file', await small('png')]),
          400,
          'file',
          'maxCount',
        ],
        [
          'a file under another name',
          form(['photo', await small('png')]),
          400,
          'photo',
          'unknown-field',
        ],
      ];
      const withText = form(['file', await small('png')]);
      withText.append('caption', 'hello');
      cases.push(['a text field beside the file', withText, 400, 'caption', 'unknown-field']);
      // 10 MB + 1 byte: the declared length is within the framing allowance, the file is not
      const justOver = form(['file', crypto.randomBytes(PHOTO_MAX_BYTES + 1)]);
      cases.push(['10 MB + 1 byte', justOver, 413, 'file', 'maxSize']);
      const eleven = form(['file', crypto.randomBytes(11 * 1024 * 1024)]);
      cases.push(['11 MB', eleven, 413, 'file', 'maxSize']);

      for (const [what, body, status, field, rule] of cases) {
        const r = await uploader.post('/api/photos', body);
        assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.statusCode, status, what);
        assert.equal(r.body.field, field, what);
        assert.equal(r.body.rule, rule, what);
        assert.equal(typeof r.body.code, 'string', what);
        assert.ok(r.body.message, what);
      }
      const json = await uploader.post('/api/photos', { file: 'aGVsbG8=' });
      assert.equal(json.status, 415);
      assert.equal(json.body.field, 'content-type');
      const anon = await anonymous.post('/api/photos', form(['file', await small('png')]));
      assert.equal(anon.status, 401);

      assert.equal(await countPhotos(), rowsBefore, 'no row');
      assert.deepEqual(listFiles(photosDir), filesBefore, 'no file, not even a temp file');
    });

    it('when a file is exactly 10 MB, then it is accepted (the limit is inclusive)', async () => {
      const jpeg = await small('jpeg');
      // bytes after the JPEG end marker are ignored by decoders and dropped by re-encoding
      const padded = Buffer.concat([jpeg, Buffer.alloc(PHOTO_MAX_BYTES - jpeg.length)]);
      const r = await uploader.post('/api/photos', form(['file', padded]));
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });

    it('when someone else asks for a photo, then 404 unless the access policy says yes', async () => {
      assert.equal((await other.get(uploaded.urls.large!)).status, 404);
      assert.equal((await other.get(uploaded.urls.thumb!)).status, 404);
      assert.equal((await anonymous.get(uploaded.urls.large!)).status, 401);
      assert.equal((await uploader.get(uploaded.urls.large!)).status, 200);

      const seen: { actor: string | undefined; uploadedBy: string }[] = [];
      setPhotoAccessPolicy(async (ctx, photo) => {
        seen.push({ actor: ctx.actor?.id, uploadedBy: photo.uploadedBy });
        return ctx.actor?.id === otherId;
      });
      try {
        assert.equal((await other.get(uploaded.urls.large!)).status, 200);
        assert.deepEqual(seen, [{ actor: otherId, uploadedBy: uploaderId }]);
      } finally {
        setPhotoAccessPolicy(null);
      }
      assert.equal((await other.get(uploaded.urls.large!)).status, 404);
    });

    it('when the id or size is malformed or unknown, then 400 names the field, or 404', async () => {
      const bad = await uploader.get('/api/photos/not-a-uuid/large');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'id');
      const size = await uploader.get(`/api/photos/${uploaded.id}/original`);
      assert.equal(size.status, 400);
      assert.equal(size.body.field, 'size');
      const unknown = await uploader.get(`/api/photos/${crypto.randomUUID()}/large`);
      assert.equal(unknown.status, 404);
    });

    it('when photos are attached to a case, then only the uploader’s unattached photos link, all or nothing', async () => {
      const db = tp.platform.database.db;
      const upload = async (c: Client) =>
        (await c.post('/api/photos', form(['file', await small('png')]))).body.id as string;
      const [a, b, c, theirs] = await Promise.all([
        upload(uploader),
        upload(uploader),
        upload(uploader),
        upload(other),
      ]);
      const caseId = crypto.randomUUID();
      const caseOf = async (id: string) =>
        (
          await db
            .selectFrom('photos')
            .select('case_id')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).case_id;
      const attach = (ids: string[], uploadedBy = uploaderId, to = caseId) =>
        db.transaction().execute((trx) => attachPhotosToCase(trx, ids, to, uploadedBy));
      const refusal = async (ids: string[], rule: string) => {
        await assert.rejects(attach(ids), (e: unknown) => {
          assert.ok(e instanceof AppError);
          assert.equal(e.statusCode, 400);
          assert.equal(e.field, 'photoIds');
          assert.equal(e.rule, rule);
          return true;
        });
      };

      assert.equal(await attach([]), 0);
      await refusal([a, theirs], 'exists'); // someone else's: reported as unknown
      await refusal([a, crypto.randomUUID()], 'exists');
      await refusal([a, 'not-a-uuid'], 'format');
      assert.equal(await caseOf(a), null, 'a refused call links nothing');

      assert.equal(await attach([a, b, a.toUpperCase()]), 2);
      assert.equal(await caseOf(a), caseId);
      assert.equal(await caseOf(b), caseId);
      await refusal([c, a], 'unattached');
      assert.equal(await caseOf(c), null);
      await assert.rejects(
        attach([c], otherId, crypto.randomUUID()),
        (e: unknown) => e instanceof AppError && e.rule === 'exists',
      );
      assert.equal(await attach([theirs], otherId), 1);
    });

    it('when a photo stays unattached for over a day, then the hourly purge job removes its row and files, and keeps the rest', async () => {
      const db = tp.platform.database.db;
      const upload = async () =>
        (await uploader.post('/api/photos', form(['file', await small('png')]))).body.id as string;
      const [stale, fresh, attached] = await Promise.all([upload(), upload(), upload()]);
      await db
        .transaction()
        .execute((trx) => attachPhotosToCase(trx, [attached], crypto.randomUUID(), uploaderId));
      await db
        .updateTable('photos')
        .set({ created_at: new Date(Date.now() - 25 * 3_600_000) })
        .where('id', 'in', [stale, attached])
        .execute();
      const filesOf = (id: string) =>
        ['large', 'thumb'].map((size) =>
          path.join(photosDir, id.slice(0, 2), `${id}-${size}.webp`),
        );
      assert.ok(filesOf(stale).every((f) => fs.existsSync(f)));

      // the start-up queued this hour's purge; make it due now and run it
      const pending = () =>
        db
          .selectFrom('jobs')
          .select(['id', 'run_at', 'payload'])
          .where('kind', '=', 'media.purge-unattached')
          .where('done_at', 'is', null)
          .execute();
      const [job] = await pending();
      assert.ok(job, 'a purge is scheduled');
      await tp.platform.deps.jobs.stop();
      try {
        await db
          .updateTable('jobs')
          .set({ run_at: new Date(Date.now() - 1000) })
          .where('id', '=', job.id)
          .execute();
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
      } finally {
        tp.platform.deps.jobs.start();
      }
      const ids = (await db.selectFrom('photos').select('id').execute()).map((r) => r.id);
      assert.ok(!ids.includes(stale), 'the abandoned photo is gone');
      assert.ok(ids.includes(fresh) && ids.includes(attached), 'the rest stay');
      assert.ok(
        filesOf(stale).every((f) => !fs.existsSync(f)),
        'its files are gone',
      );
      assert.ok([...filesOf(fresh), ...filesOf(attached)].every((f) => fs.existsSync(f)));
      assert.equal((await uploader.get(`/api/photos/${stale}/thumb`)).status, 404);

      // the next hour's purge is queued, once
      const next = await pending();
      assert.equal(next.length, 1);
      assert.equal(
        Date.parse(next[0]!.payload.hour as string) - Date.parse(job.payload.hour as string),
        3_600_000,
      );
    });

    it('when a file is gone from disk while its row is still there (a purge racing the read), then 404, not 500', async () => {
      const dataDir = tp.platform.deps.config.dataDir;
      const pdf = new FormData();
      const bytes = Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      );
      pdf.append('file', new Blob([new Uint8Array(bytes)]), 'gone.pdf');
      const a = await uploader.post('/api/attachments', pdf);
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal((await uploader.get(a.body.url)).status, 200);
      fs.rmSync(path.join(dataDir, 'files', 'attachments', a.body.id.slice(0, 2), a.body.id));
      const gone = await uploader.get(a.body.url);
      assert.equal(gone.status, 404, JSON.stringify(gone.body));

      const p = await uploader.post('/api/photos', form(['file', await small('png')]));
      assert.equal(p.status, 201);
      fs.rmSync(path.join(photosDir, p.body.id.slice(0, 2), `${p.body.id}-thumb.webp`));
      assert.equal((await uploader.get(`/api/photos/${p.body.id}/thumb`)).status, 404);
      assert.equal((await uploader.get(`/api/photos/${p.body.id}/large`)).status, 200);
    });
  });
}
