import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatCertificateCode } from '@cc/contracts';
import jsqr from 'jsqr';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFString,
  PDFHexString,
  decodePDFRawStream,
} from 'pdf-lib';
import type { AppDeps } from '../../platform/context.js';
import { loadConfig } from '../../platform/config.js';
import { createDataCipher } from '../../platform/crypto.js';
import { StartupError } from '../../platform/db/database.js';
import {
  accountId,
  DATABASES,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  canonicalCertificateText,
  certificateKeyFile,
  certificateSignerFrom,
  loadCertificateSigningKey,
  retiredPublicKeys,
} from './certificate-signing.js';
import { genuineContent } from './certificates.repo.js';
import { issueCertificate, manifest, type IssueCertificateInput } from './index.js';

const YUNNAN = '310101002001';
// jsqr is CommonJS whose types say `export default`: its function is the module and its .default
const jsQR = jsqr.default;
const CHECKS_PER_MINUTE = 40;

describe('the certificate signing key', () => {
  it('when production starts without CERT_SIGNING_KEY, then it refuses and says so', () => {
    assert.throws(
      () =>
        loadCertificateSigningKey({ certSigningKey: null, dataDir: os.tmpdir(), production: true }),
      (e: Error) => e instanceof StartupError && /CERT_SIGNING_KEY/.test(e.message),
    );
  });

  it('when CERT_SIGNING_KEY is set, then it is the seed, and a key of the wrong size is refused', () => {
    const seed = crypto.randomBytes(32);
    const key = loadCertificateSigningKey({
      certSigningKey: seed.toString('hex'),
      dataDir: os.tmpdir(),
      production: true,
    });
    assert.deepEqual(key, seed);
    assert.throws(
      () =>
        loadCertificateSigningKey({
          certSigningKey: 'abcd',
          dataDir: os.tmpdir(),
          production: true,
        }),
      /CERT_SIGNING_KEY must be 32 bytes/,
    );
  });

  it('when production starts without PUBLIC_URL, then it refuses and says so (a QR code must not follow the Host header)', async () => {
    const config = {
      ...loadConfig({ NODE_ENV: 'test' }, []),
      production: true,
      certSigningKey: crypto.randomBytes(32).toString('hex'),
    };
    const deps = { config } as unknown as AppDeps;
    await assert.rejects(
      manifest.start!({ ...deps, config: { ...config, publicUrl: null } }),
      (e: Error) => e instanceof StartupError && /PUBLIC_URL/.test(e.message),
    );
    await manifest.start!({ ...deps, config: { ...config, publicUrl: 'https://cloud.example' } });
    // outside production the request's origin stands in
    await manifest.start!({ ...deps, config: { ...config, production: false, publicUrl: null } });
  });

  it('when retired public keys are given (PEM, JWK, a list, a file), then each is read by key id; anything else stops the start', () => {
    const a = certificateSignerFrom(crypto.randomBytes(32));
    const b = certificateSignerFrom(crypto.randomBytes(32));
    const ids = (text: string) => retiredPublicKeys(text).map((k) => k.keyId);
    assert.deepEqual(ids(a.publicKey.pem + b.publicKey.pem), [a.keyId, b.keyId]);
    assert.deepEqual(ids(a.publicKey.pem.replace(/\n/g, '\\n')), [a.keyId]);
    assert.deepEqual(ids(JSON.stringify(a.publicKey.jwk)), [a.keyId]);
    assert.deepEqual(ids(JSON.stringify({ keys: [a.publicKey.jwk, b.publicKey.jwk] })), [
      a.keyId,
      b.keyId,
    ]);
    assert.deepEqual(ids(JSON.stringify([a.publicKey.pem])), [a.keyId]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-')), 'retired.pem');
    fs.writeFileSync(file, b.publicKey.pem);
    assert.deepEqual(ids(file), [b.keyId]);
    assert.deepEqual(ids(''), []);
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    for (const bad of [
      '/no/such/file.pem',
      '{ not json',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
      rsa.export({ format: 'pem', type: 'spki' }).toString(),
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519' }),
    ]) {
      assert.throws(
        () => retiredPublicKeys(bad),
        (e: Error) => e instanceof StartupError && /CERT_RETIRED_PUBLIC_KEYS/.test(e.message),
        bad,
      );
    }
  });

  it('when a text is signed, then only that text verifies under the key, and not under another', () => {
    const a = certificateSignerFrom(crypto.randomBytes(32));
    const b = certificateSignerFrom(crypto.randomBytes(32));
    const sig = a.sign('居住证明');
    assert.equal(a.verify('居住证明', sig), true);
    assert.equal(a.verify('居住证明 ', sig), false);
    assert.equal(b.verify('居住证明', sig), false);
    assert.equal(a.verify('居住证明', 'not-a-signature'), false);
  });
});

for (const kind of DATABASES) {
  describe(`certificates (${kind})`, () => {
    let tp: TestPlatform;
    let yunnan: Client;
    let resident: Client;
    let residentId: string;
    let gridId: string;
    let yunnanPath: string;
    let other: { code: string; path: string };
    // the key before a rotation: its public half kept for verification
    const retired = certificateSignerFrom(crypto.randomBytes(32));
    before(async () => {
      tp = await startTestPlatform(kind, {
        certificateChecksPerMinute: CHECKS_PER_MINUTE,
        // development's key file, not a key from the environment
        certSigningKey: null,
        certRetiredPublicKeys: retired.publicKey.pem,
      });
      [yunnan, resident] = await Promise.all([tp.login('yunnan'), tp.login('resident')]);
      residentId = await accountId(tp, 'resident');
      gridId = await accountId(tp, 'grid');
      const db = tp.platform.database.db;
      yunnanPath = (
        await db
          .selectFrom('areas')
          .select('path')
          .where('code', '=', YUNNAN)
          .executeTakeFirstOrThrow()
      ).path;
      // another committee of the same street
      const sibling = await db
        .selectFrom('areas')
        .select(['code', 'path'])
        .where('parent_code', '=', '310101002000')
        .where('level', '=', 'committee')
        .where('code', '!=', YUNNAN)
        .orderBy('code')
        .executeTakeFirstOrThrow();
      other = { code: sibling.code, path: sibling.path };
    });
    after(() => tp.close());

    const input = (over: Partial<IssueCertificateInput> = {}): IssueCertificateInput => ({
      kind: 'residence',
      title: '居住证明',
      holderAccountId: residentId,
      holderName: '吴霞',
      fields: [
        { label: '住址 Address', value: '云南中路 1 号 101 室' },
        { label: '居住起始 Living here since', value: '2019年5月' },
        { label: '用途 Purpose', value: '子女入学 School enrolment' },
      ],
      areaCode: YUNNAN,
      areaPath: yunnanPath,
      issuerName: '云南中路居委会',
      sourceType: 'test',
      sourceId: crypto.randomUUID(),
      ...over,
    });
    const issue = (over: Partial<IssueCertificateInput> = {}) =>
      tp.platform.database.db
        .transaction()
        .execute((trx) => issueCertificate(trx, tp.platform.deps, input(over)));
    const verify = (code: string) => tp.client().get(`/api/verify/${encodeURIComponent(code)}`);
    const row = (id: string) =>
      tp.platform.database.db
        .selectFrom('certificates')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it('when a certificate is issued, then its code checks as genuine and unrevoked, showing kind, title, issuer and date only', async () => {
      const { id, code } = await issue();
      assert.match(code, /^[0-9A-HJKMNP-TV-Z]{20}$/);
      const r = await verify(formatCertificateCode(code));
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body).sort(), [
        'genuine',
        'issuedAt',
        'issuer',
        'kind',
        'revoked',
        'title',
      ]);
      assert.equal(r.body.genuine, true);
      assert.equal(r.body.revoked, false);
      assert.equal(r.body.kind, 'residence');
      assert.equal(r.body.title, '居住证明');
      assert.equal(r.body.issuer, '云南中路居委会');
      assert.ok(!JSON.stringify(r.body).includes('吴'), 'no part of the holder name');
      // typed by a person: lower case, spaces, O for 0 and I/L for 1 read as the same code
      const typed = code.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
      assert.equal((await verify(typed.replace(/(.{5})/g, '$1 '))).body.genuine, true);
      // the page people land on from the QR code is the web app's, not an API 404
      const page = await tp.client().get(`/verify/${formatCertificateCode(code)}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.headers.get('content-type') ?? '', /json/);
      // at rest: the name and fields under the data key, a masked name beside them
      const stored = await row(id);
      assert.equal(stored.holder_name_masked, '吴*');
      assert.ok(!stored.holder_name_enc.includes('吴霞'));
      assert.ok(!stored.fields_enc.includes('云南中路'));
      assert.equal(stored.signature.length, 86); // 64 bytes, base64url
    });

    it('when a code is unknown, malformed or one character off a real one, then the answer is { genuine: false } alone', async () => {
      const { code } = await issue();
      const last = code.at(-1) === 'Z' ? 'Y' : 'Z';
      const nearly = code.slice(0, -1) + last;
      const random = formatCertificateCode(
        [...crypto.randomBytes(20)].map((b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join(''),
      );
      for (const c of [nearly, random, 'abc', 'UUUU-UUUU-UUUU-UUUU-UUUU', '../../etc']) {
        const r = await verify(c);
        assert.equal(r.status, 200, c);
        assert.deepEqual(r.body, { genuine: false }, c);
      }
    });

    it('when a record is altered in the database (title, issuer, date or fields), then its code is not genuine', async () => {
      const db = tp.platform.database.db;
      const alterations = [
        { title: '房屋产权证明' },
        { issuer_name: '外滩街道办事处' },
        { issued_at: new Date(Date.now() - 86_400_000) },
        {
          fields_enc: tp.platform.deps.cipher.encrypt(
            JSON.stringify([{ label: '住址 Address', value: '云南中路 9 号 909 室' }]),
          ),
        },
        { holder_name_enc: tp.platform.deps.cipher.encrypt('吴霞霞') },
      ];
      for (const change of alterations) {
        const { id, code } = await issue();
        assert.equal((await verify(code)).body.genuine, true);
        await db.updateTable('certificates').set(change).where('id', '=', id).execute();
        assert.deepEqual((await verify(code)).body, { genuine: false }, Object.keys(change)[0]);
        // nor is it printed: the PDF of a record its signature no longer covers is refused
        assert.equal((await resident.get(`/api/certificates/${id}/pdf`)).status, 409);
      }
    });

    it('when the holder downloads the PDF, then it is an A4 PDF with the code, its QR code leads to /verify/<code>, and the attached signature verifies with the published key', async () => {
      const { id, code } = await issue();
      // as bytes (the test client reads text)
      const res = await fetch(`${tp.baseUrl}/api/certificates/${id}/pdf`, {
        headers: { cookie: resident.cookieHeader() },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(res.headers.get('content-disposition')!, /^attachment; filename="certificate-/);
      const pdfBytes = Buffer.from(await res.arrayBuffer());
      assert.equal(pdfBytes.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdfBytes.length < 300_000, `the font is cut down: ${pdfBytes.length} bytes`);
      const doc = await PDFDocument.load(pdfBytes);
      assert.equal(doc.getPageCount(), 1);
      const { width, height } = doc.getPage(0).getSize();
      assert.deepEqual([Math.round(width), Math.round(height)], [595, 842]);
      const formatted = formatCertificateCode(code);
      assert.ok(doc.getKeywords()!.includes(formatted));
      assert.equal(doc.getTitle(), '居住证明');
      const url = `${tp.baseUrl}/verify/${formatted}`;
      assert.ok(doc.getKeywords()!.includes(url));

      assert.equal(decodeQr(doc), url);

      const signed = JSON.parse(attachment(doc, 'certificate-signature.json')) as {
        signedText: string;
        signature: string;
        keyId: string;
      };
      const key = await tp.client().get('/api/certificates/public-key');
      assert.equal(key.status, 200);
      assert.equal(key.body.algorithm, 'Ed25519');
      assert.equal(key.body.keyId, signed.keyId);
      const isValid = crypto.verify(
        null,
        Buffer.from(signed.signedText),
        key.body.pem,
        Buffer.from(signed.signature, 'base64url'),
      );
      assert.equal(isValid, true);
      const jwkKey = crypto.createPublicKey({ key: key.body.jwk, format: 'jwk' });
      assert.equal(
        crypto.verify(
          null,
          Buffer.from(signed.signedText),
          jwkKey,
          Buffer.from(signed.signature, 'base64url'),
        ),
        true,
      );
      assert.ok(signed.signedText.includes('吴霞') && signed.signedText.includes(code));
      // and the reading is audited
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('object_id', '=', id)
        .execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'certificate.issue',
        'certificate.pdf.read',
      ]);
      assert.ok(audit.some((a) => a.actor_id === residentId));
    });

    it('when the signing key was rotated, then certificates of the retired key still verify and print, its key is published, and an unknown key is not genuine', async () => {
      const db = tp.platform.database.db;
      const cipher = tp.platform.deps.cipher;
      /** the certificate as if signed by `signer` (before the rotation) */
      const signedBy = async (signer: ReturnType<typeof certificateSignerFrom>) => {
        const { id, code } = await issue();
        const r = await row(id);
        const text = canonicalCertificateText({
          code: r.code,
          kind: r.kind,
          title: r.title,
          holderName: cipher.decrypt(r.holder_name_enc),
          fields: JSON.parse(cipher.decrypt(r.fields_enc)),
          issuerName: r.issuer_name,
          issuedAt: r.issued_at,
        });
        await db
          .updateTable('certificates')
          .set({ signature: signer.sign(text), key_id: signer.keyId })
          .where('id', '=', id)
          .execute();
        return { id, code };
      };
      const old = await signedBy(retired);
      const check = await verify(old.code);
      assert.equal(check.body.genuine, true);
      assert.equal(check.body.revoked, false);
      const pdf = await fetch(`${tp.baseUrl}/api/certificates/${old.id}/pdf`, {
        headers: { cookie: resident.cookieHeader() },
      });
      assert.equal(pdf.status, 200);
      const doc = await PDFDocument.load(Buffer.from(await pdf.arrayBuffer()));
      const signed = JSON.parse(attachment(doc, 'certificate-signature.json')) as {
        signedText: string;
        signature: string;
        keyId: string;
      };
      assert.equal(signed.keyId, retired.keyId);
      const keys = await tp.client().get('/api/certificates/public-key');
      assert.notEqual(keys.body.keyId, retired.keyId);
      const published = (keys.body.retired as { keyId: string; pem: string }[]).find(
        (k) => k.keyId === retired.keyId,
      );
      assert.ok(published, 'the retired key is published');
      assert.equal(
        crypto.verify(
          null,
          Buffer.from(signed.signedText),
          published.pem,
          Buffer.from(signed.signature, 'base64url'),
        ),
        true,
      );
      // a key nobody configured: not genuine
      const stranger = await signedBy(certificateSignerFrom(crypto.randomBytes(32)));
      assert.deepEqual((await verify(stranger.code)).body, { genuine: false });
    });

    it('when the signing key is a key file, then it was made once, readable by its owner only', () => {
      const file = certificateKeyFile(tp.platform.deps.config.dataDir);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(path.basename(file), 'certificate-signing.key');
    });

    it('when someone other than the holder or the staff of its area asks for the PDF, then 404; street staff above it get it; nobody signed in gets 401', async () => {
      const mine = await issue();
      const grids = await issue({ holderAccountId: gridId, holderName: '赵磊' });
      const elsewhere = await issue({ areaCode: other.code, areaPath: other.path });
      const [inspector, street] = await Promise.all([
        tp.login('inspector'),
        tp.login('nanjingdong'),
      ]);
      assert.equal((await inspector.get(`/api/certificates/${mine.id}/pdf`)).status, 404);
      assert.equal((await resident.get(`/api/certificates/${grids.id}/pdf`)).status, 404);
      assert.equal((await yunnan.get(`/api/certificates/${elsewhere.id}/pdf`)).status, 404);
      assert.equal((await yunnan.get(`/api/certificates/${crypto.randomUUID()}/pdf`)).status, 404);
      assert.equal((await yunnan.get(`/api/certificates/${mine.id}/pdf`)).status, 200);
      assert.equal((await street.get(`/api/certificates/${elsewhere.id}/pdf`)).status, 200);
      assert.equal((await tp.client().get(`/api/certificates/${mine.id}/pdf`)).status, 401);
    });

    it('when staff list certificates, then they see their area only, names masked; another area is 404 and a resident is refused', async () => {
      const mine = await issue({ holderName: '张三丰' });
      const elsewhere = await issue({
        areaCode: other.code,
        areaPath: other.path,
        holderAccountId: gridId,
      });
      const r = await yunnan.get('/api/certificates?pageSize=200');
      assert.equal(r.status, 200);
      const ids = r.body.items.map((c: { id: string }) => c.id);
      assert.ok(ids.includes(mine.id));
      assert.ok(!ids.includes(elsewhere.id));
      const listed = r.body.items.find((c: { id: string }) => c.id === mine.id);
      assert.equal(listed.holderName, '张**');
      assert.equal(listed.code, formatCertificateCode(mine.code));
      assert.ok(!JSON.stringify(r.body).includes('张三丰'));
      assert.equal(r.body.total, r.body.items.length);
      assert.equal((await yunnan.get(`/api/certificates?areaCode=${other.code}`)).status, 404);
      const street = await tp.login('nanjingdong');
      const s = await street.get(`/api/certificates?areaCode=${other.code}`);
      assert.ok(s.body.items.some((c: { id: string }) => c.id === elsewhere.id));
      assert.ok(s.body.items.every((c: { areaCode: string }) => c.areaCode === other.code));
      assert.equal((await resident.get('/api/certificates')).status, 403);
      const own = await resident.get('/api/certificates/mine');
      assert.equal(own.status, 200);
      assert.ok(own.body.items.some((c: { id: string }) => c.id === mine.id));
      assert.ok(!own.body.items.some((c: { id: string }) => c.id === elsewhere.id));
    });

    it('when a revocation has no reason (or a blank one), then 400 naming `reason`, and nothing changes', async () => {
      const { id } = await issue();
      for (const body of [{}, { reason: '   ' }]) {
        const r = await yunnan.post(`/api/certificates/${id}/revoke`, body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'reason');
      }
      assert.equal((await row(id)).revoked_at, null);
    });

    it('when staff of its area revoke a certificate with a reason, then the check says revoked; the holder, other committees and a second revocation are refused', async () => {
      const { id, code } = await issue();
      const elsewhere = await issue({ areaCode: other.code, areaPath: other.path });
      const reason = { reason: '居住信息有误 / wrong address' };
      assert.equal((await resident.post(`/api/certificates/${id}/revoke`, reason)).status, 404);
      assert.equal(
        (await yunnan.post(`/api/certificates/${elsewhere.id}/revoke`, reason)).status,
        404,
      );
      const r = await yunnan.post(`/api/certificates/${id}/revoke`, reason);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.revokeReason, reason.reason);
      assert.ok(r.body.revokedAt);
      const v = await verify(code);
      assert.equal(v.body.genuine, true);
      assert.equal(v.body.revoked, true);
      assert.equal((await yunnan.post(`/api/certificates/${id}/revoke`, reason)).status, 409);
      // the holder still gets the PDF, stamped revoked
      assert.equal((await resident.get(`/api/certificates/${id}/pdf`)).status, 200);
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('object_id', '=', id)
        .where('action', '=', 'certificate.revoke')
        .executeTakeFirstOrThrow();
      assert.equal((audit.detail as { reason: string }).reason, reason.reason);
      assert.equal((await row(elsewhere.id)).revoked_at, null);
    });

    it('when a certificate is issued with bad input, then it is refused naming the field, and nothing is stored', async () => {
      const count = async () =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('certificates')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await assert.rejects(issue({ holderName: '  ' }), { field: 'holderName' });
      await assert.rejects(issue({ fields: [{ label: '', value: 'x' }] }), {
        field: 'fields.0.label',
      });
      assert.equal(await count(), before);
    });

    it('when the data key is rotated, then the name and fields are under the new key and the signature still holds', async () => {
      const { id, code } = await issue();
      const db = tp.platform.database.db;
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const rekey = manifest.rekeyers!.certificates!;
      await db.transaction().execute((trx) => rekey(trx, old, next));
      try {
        const rotated = await row(id);
        assert.equal(next.decrypt(rotated.holder_name_enc), '吴霞');
        assert.throws(() => old.decrypt(rotated.holder_name_enc));
        const content = genuineContent({ cipher: next, config: tp.platform.deps.config }, rotated);
        assert.ok(content?.signedText.includes(code));
      } finally {
        await db.transaction().execute((trx) => rekey(trx, next, old));
      }
      assert.equal((await verify(code)).body.genuine, true);
    });

    it('when one address checks codes faster than the limit, then 429 with Retry-After', async () => {
      let last = 200;
      let retryAfter: string | null = null;
      for (let i = 0; i <= CHECKS_PER_MINUTE && last !== 429; i++) {
        const r = await verify('AAAA-AAAA-AAAA-AAAA-AAAA');
        last = r.status;
        retryAfter = r.headers.get('retry-after');
      }
      assert.equal(last, 429);
      assert.ok(Number(retryAfter) > 0);
    });
  });
}

/** The first image of the PDF's first page, decoded as a QR code. */
function decodeQr(doc: PDFDocument): string | null {
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const dict = obj.dict;
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    if (dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue;
    const width = Number(dict.get(PDFName.of('Width'))!.toString());
    const height = Number(dict.get(PDFName.of('Height'))!.toString());
    const rgbBytes = decodePDFRawStream(obj).decode();
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      rgba[p * 4] = rgbBytes[p * 3]!;
      rgba[p * 4 + 1] = rgbBytes[p * 3 + 1]!;
      rgba[p * 4 + 2] = rgbBytes[p * 3 + 2]!;
      rgba[p * 4 + 3] = 255;
    }
    return jsQR(rgba, width, height)?.data ?? null;
  }
  return null;
}

/** The text of the file attached to the PDF under `name`. */
function attachment(doc: PDFDocument, name: string): string {
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict);
  const files = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = files.lookup(PDFName.of('Names'), PDFArray);
  for (let i = 0; i < list.size(); i += 2) {
    const key = list.lookup(i) as PDFString | PDFHexString;
    if (key.decodeText() !== name) continue;
    const spec = list.lookup(i + 1, PDFDict);
    const ef = spec.lookup(PDFName.of('EF'), PDFDict);
    const stream = ef.lookup(PDFName.of('F')) as PDFRawStream;
    return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
  }
  throw new Error(`no attachment ${name}`);
}
