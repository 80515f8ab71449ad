import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DATABASES,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const COMMITTEE = '310101002001'; // 云南中路居委会

for (const kind of DATABASES) {
  describe(`per-account limits on reports, uploads and exports (${kind})`, () => {
    let tp: TestPlatform;
    let inspector: Client;
    let resident: Client;
    let here: { lat: number; lng: number };

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        caseReportsPerMinute: 3,
        photoUploadsPerMinute: 2,
        exportsPerHour: 2,
      });
      [inspector, resident] = await Promise.all([tp.login('inspector'), tp.login('resident')]);
      here = await tp.centreOf(COMMITTEE);
    });
    after(() => tp.close());

    const report = (c: Client, i: number) =>
      c.post('/api/cases', {
        scenarioCode: 'illegal-small-ads',
        description: `小广告 ${i}`,
        attributes: {},
        ...here,
      });

    /** A 429 in the one error body, with Retry-After. */
    function assertLimited(r: { status: number; headers: Headers; body: any }) {
      assert.equal(r.status, 429, JSON.stringify(r.body));
      assert.equal(r.body.code, 'TOO_MANY_REQUESTS');
      assert.match(r.body.message, /your account/);
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${r.headers.get('retry-after')}`);
    }

    it('when one account reports too many cases in a minute, then it gets 429 with Retry-After and another account from the same address does not', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await report(inspector, i)).status, 201);
      const over = await report(inspector, 3);
      assertLimited(over);
      // the same address, another account: its own budget
      assert.equal((await report(resident, 4)).status, 201);
      // a fresh session of the same account shares the account's budget
      assertLimited(await report(await tp.login('inspector'), 5));
    });

    it('when one account uploads too many photos in a minute, then it gets 429 and nothing is stored', async () => {
      const db = tp.platform.database.db;
      const count = async () =>
        Number(
          (
            await db
              .selectFrom('photos')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      await uploadTestPhoto(resident);
      await uploadTestPhoto(resident);
      const before = await count();
      await assert.rejects(uploadTestPhoto(resident), /photo upload: 429/);
      assert.equal(await count(), before);
      // others still upload
      await uploadTestPhoto(inspector);
    });

    it('when one account downloads too many exports in an hour, then the case and registry exports answer 429', async () => {
      const street = await tp.login('nanjingdong');
      assert.equal((await street.get('/api/cases/export.csv')).status, 200);
      assert.equal((await street.get('/api/cases/export.csv')).status, 200);
      const over = await street.get('/api/cases/export.csv');
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) > 60, 'the window is an hour');

      const staff = await tp.login('yunnan');
      const url = `/api/registry/export?kind=residents&area=${COMMITTEE}`;
      assert.equal((await staff.get(url)).status, 200);
      assert.equal((await staff.get(url)).status, 200);
      const third = await staff.get(url);
      assert.equal(third.status, 429, JSON.stringify(third.body));
      assert.equal(third.body.code, 'TOO_MANY_REQUESTS');
    });
  });
}
