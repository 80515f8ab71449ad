import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RegistryImport } from '@cc/contracts';
import { createDataCipher, keyCheckValue } from './platform/crypto.js';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from './testing.js';
import { fakeResidentId } from './modules/registry/index.js';
import { DATA_KEY_CHECK, rekeyDatabase } from './rotate-key.js';

const COMMITTEE = '310101002001';

for (const kind of DATABASES) {
  describe(`data-key rotation (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
    });
    after(() => tp.close());

    const importResidents = async (file: string) => {
      const fd = new FormData();
      fd.append('file', new Blob([file]), 'residents.csv');
      const r = await staff.post<RegistryImport>(
        `/api/registry/imports?kind=residents&committee=${COMMITTEE}`,
        fd,
      );
      assert.equal(r.status, 202, JSON.stringify(r.body));
      for (;;) {
        const p = (await staff.get<RegistryImport>(`/api/registry/imports/${r.body.id}`)).body;
        if (p.status !== 'running') return p;
        await new Promise((res) => setTimeout(res, 50));
      }
    };

    it('when the key is rotated, then every number opens only with the new key, lookups still find people, and a re-import changes nothing', async () => {
      const id = fakeResidentId('310101', '1956-09-09', 'female', () => 0.3);
      const file = `姓名,证件类型,证件号码,手机号,户籍类型\n陈桂兰,居民身份证,${id},13911112222,本市户籍\n`;
      assert.equal((await importResidents(file)).inserted, 1);
      const db = tp.platform.database.db;
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const counts = await rekeyDatabase(db, old, next);
      assert.ok(counts.residents! >= 1 && counts.accounts! >= 1, JSON.stringify(counts));

      const account = await db
        .selectFrom('accounts')
        .select(['phone_enc', 'phone_hmac'])
        .where('username', '=', 'grid')
        .executeTakeFirstOrThrow();
      assert.equal(next.decrypt(account.phone_enc!), '13800000005');
      assert.equal(account.phone_hmac, next.lookupHash('13800000005'));
      assert.throws(() => old.decrypt(account.phone_enc!), 'the old key no longer opens it');
      const check = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', DATA_KEY_CHECK)
        .executeTakeFirstOrThrow();
      assert.deepEqual(check.value, { hmac: keyCheckValue(next.key) }, 'the key check follows');

      tp.platform.deps.cipher = next;
      const found = await staff.post('/api/registry/residents/lookup', {
        area: COMMITTEE,
        document: id,
        reason: '密钥轮换核对',
      });
      assert.equal(found.body.items.length, 1, 'found by the new keyed hash');
      const shown = await staff.post(`/api/registry/residents/${found.body.items[0].id}/reveal`, {
        reason: '密钥轮换核对',
      });
      assert.equal(shown.body.document, id);
      assert.equal(shown.body.phone, '13911112222');
      const again = await importResidents(file);
      assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 1]);
    });
  });
}
