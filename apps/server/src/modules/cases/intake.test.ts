import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { canonicalJson } from '../audit/index.js';
import { accountId, DATABASES, startTestPlatform, type TestPlatform } from '../../testing.js';

const COMMITTEE = '310101002001';
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

for (const kind of DATABASES) {
  describe(`cases: the idempotency record of a hotline report (${kind})`, () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
    });
    after(() => tp.close());

    it('when a hotline report with a caller is retried, then its stored request hash is keyed: no SHA-256 of the request reproduces it, and retries still match', async () => {
      const hotline = await tp.login('hotline');
      const body = {
        scenarioCode: 'fire-exit-blocked',
        description: '来电反映安全出口堵塞',
        attributes: { exit_location: '北门', blocked_by: 'locked' },
        ...(await tp.centreOf(COMMITTEE)),
        contact: { name: '王小明', phone: '13912345678' },
      };
      const key = 'hotline-call-000123';
      const first = await hotline.post('/api/cases', body, { 'idempotency-key': key });
      assert.equal(first.status, 201, JSON.stringify(first.body));

      const stored = await tp.platform.database.db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'case_id'])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      assert.equal(stored.case_id, first.body.id);
      // what someone holding only the database would try, phone by phone: the request as the
      // server sees it, and the body as sent
      const hotlineId = await accountId(tp, 'hotline');
      const asFiled = {
        scenarioCode: body.scenarioCode,
        description: body.description,
        lat: body.lat,
        lng: body.lng,
        areaCode: null,
        address: null,
        attributes: body.attributes,
        photoIds: [],
        contact: body.contact,
        source: 'hotline',
        reporterId: hotlineId,
        reporterName: '12345热线受理员 何静',
        idempotency: null,
      };
      for (const guess of [canonicalJson(asFiled), canonicalJson(body), JSON.stringify(body)]) {
        assert.notEqual(stored.request_hash, sha256(guess));
        assert.notEqual(
          stored.request_hash,
          crypto.createHash('sha256').update(guess).digest('base64url'),
        );
      }
      assert.ok(!stored.request_hash.includes('13912345678'));

      // a retry of the same call still answers with the first case; another call with the key is refused
      const retry = await hotline.post('/api/cases', body, { 'idempotency-key': key });
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.id, first.body.id);
      const otherCaller = await hotline.post(
        '/api/cases',
        { ...body, contact: { name: '王小明', phone: '13912345679' } },
        { 'idempotency-key': key },
      );
      assert.equal(otherCaller.status, 409);
      assert.equal(otherCaller.body.field, 'Idempotency-Key');
    });

    it('when request hashes from before the keyed hash are migrated, then none is left for SHA-256 to match, and a late retry is refused rather than made twice', async () => {
      const hotline = await tp.login('hotline');
      const body = {
        scenarioCode: 'fire-exit-blocked',
        description: '来电反映楼道堆物',
        attributes: { exit_location: '东门', blocked_by: 'goods' },
        ...(await tp.centreOf(COMMITTEE)),
        contact: { phone: '13987654321' },
      };
      const key = 'hotline-call-000124';
      const first = await hotline.post('/api/cases', body, { 'idempotency-key': key });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const { db } = tp.platform.database;
      // the row as the code before the keyed hash left it
      const unkeyed = sha256(canonicalJson({ ...body, idempotency: null }));
      await db
        .updateTable('idempotency_keys')
        .set({ request_hash: unkeyed })
        .where('key', '=', key)
        .execute();
      const migration = fs.readFileSync(
        path.resolve(
          import.meta.dirname,
          '../../platform/migrations/0012-idempotency-unkeyed-hashes.sql',
        ),
        'utf8',
      );
      await sql.raw(migration).execute(db);
      const rows = await db.selectFrom('idempotency_keys').select('request_hash').execute();
      assert.ok(rows.length >= 2);
      assert.ok(rows.every((r) => !/^[0-9a-f]{64}$/.test(r.request_hash)));
      const cases = async () =>
        Number(
          (
            await db
              .selectFrom('cases')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const n = await cases();
      const late = await hotline.post('/api/cases', body, { 'idempotency-key': key });
      assert.equal(late.status, 409);
      assert.equal(await cases(), n);
    });
  });
}
