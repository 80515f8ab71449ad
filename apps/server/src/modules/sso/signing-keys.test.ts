import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../../platform/config.js';
import { openDatabase } from '../../platform/db/database.js';
import {
  registerTestClient,
  relyingParty,
  signInAndRedeem,
  verifyWithJwks,
  type TestRp,
} from '../../testing-sso.js';
import {
  createPgDatabase,
  DATABASES,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { RETIRED_KEY_KEPT_MS, rotateSigningKeys } from './index.js';

interface PublishedKey {
  kid: string;
  alg: string;
  use: string;
  key_ops?: string[];
  d?: string;
}
const jwksOf = async (tp: TestPlatform) =>
  ((await (await fetch(`${tp.baseUrl}/oidc/jwks`)).json()) as { keys: PublishedKey[] }).keys;
const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

for (const kind of DATABASES) {
  describe(`one sign-on's signing keys (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let rp: TestRp;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      admin = await tp.login('admin');
      rp = await relyingParty(tp, await registerTestClient(tp, admin));
    });
    after(() => tp.close());

    const idToken = async () =>
      (await signInAndRedeem(await tp.login('yunnan'), rp)).tokens.id_token!;

    it('when the server first starts, then one RS256 key signs, its private part encrypted at rest', async () => {
      const keys = await jwksOf(tp);
      assert.equal(keys.length, 1);
      assert.equal(keys[0]!.alg, 'RS256');
      assert.equal(keys[0]!.d, undefined);
      const row = await tp.platform.database.db
        .selectFrom('sso_keys')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(row.kid, keys[0]!.kid);
      assert.ok(!row.jwk_enc.includes('"d"'), 'not stored in the clear');
      assert.equal(kidOf(await idToken()), keys[0]!.kid);
    });

    it('when the keys are rotated, then the new key signs, the old one still verifies what it signed, and later it is dropped', async () => {
      const db = tp.platform.database.db;
      const first = (await jwksOf(tp))[0]!.kid;
      const oldToken = await idToken();
      const rotation = await rotateSigningKeys(db, tp.platform.deps.cipher);
      assert.deepEqual(rotation.retired, [first]);
      assert.notEqual(rotation.kid, first);

      const keys = await jwksOf(tp);
      assert.deepEqual(
        keys.map((k) => k.kid),
        [rotation.kid, first],
        'the signing key first, the retired one after',
      );
      assert.deepEqual(keys[1]!.key_ops, ['verify'], 'a retired key only verifies');
      const newToken = await idToken();
      assert.equal(kidOf(newToken), rotation.kid);
      // a system that verifies with the published keys accepts both
      assert.equal((await verifyWithJwks(tp.baseUrl, oldToken)).header.kid, first);
      assert.equal((await verifyWithJwks(tp.baseUrl, newToken)).header.kid, rotation.kid);

      // a rotation more than RETIRED_KEY_KEPT_MS after the first drops the first key
      const later = new Date(Date.now() + RETIRED_KEY_KEPT_MS + 3_600_000);
      const again = await rotateSigningKeys(db, tp.platform.deps.cipher, later);
      assert.deepEqual(again.dropped, [first]);
      assert.deepEqual(again.retired, [rotation.kid]);
      assert.deepEqual(
        (await jwksOf(tp)).map((k) => k.kid),
        [again.kid, rotation.kid],
      );
      await assert.rejects(verifyWithJwks(tp.baseUrl, oldToken), /no published key/);
      assert.equal(kidOf(await idToken()), again.kid);
    });
  });

  describe(`npm run cli -- rotate-oidc-keys (${kind})`, () => {
    const dataDir = path.join(os.tmpdir(), `cc-oidc-cli-${crypto.randomBytes(6).toString('hex')}`);
    let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null = null;
    let env: Record<string, string>;
    before(async () => {
      if (kind === 'postgres') pgDb = await createPgDatabase();
      env = {
        NODE_ENV: 'test',
        DATA_KEY: crypto.randomBytes(32).toString('hex'),
        ...(pgDb ? { DATABASE_URL: pgDb.url } : { DATA_DIR: dataDir }),
      };
    });
    after(async () => {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const cli = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli.ts'), ...args],
          { cwd: REPO_ROOT, env: { ...process.env, ...env } },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
      });

    it('when an operator rotates twice, then each run makes a signing key and retires the one before', async () => {
      const first = await cli(['rotate-oidc-keys']);
      assert.equal(first.code, 0, first.err);
      const kid1 = /the new key (\S+) from now on/.exec(first.out)?.[1];
      assert.ok(kid1, first.out);
      const second = await cli(['rotate-oidc-keys']);
      assert.equal(second.code, 0, second.err);
      assert.match(second.out, new RegExp(`retired \\(still published\\): ${kid1}`));
      const database = await openDatabase({
        databaseUrl: pgDb?.url ?? null,
        dataDir,
        production: false,
        allowPgliteInProduction: false,
      });
      try {
        const rows = await database.db
          .selectFrom('sso_keys')
          .select(['kid', 'retired_at'])
          .orderBy('created_at')
          .execute();
        assert.equal(rows.length, 2);
        assert.equal(rows[0]!.kid, kid1);
        assert.ok(rows[0]!.retired_at);
        assert.equal(rows[1]!.retired_at, null);
      } finally {
        await database.close();
      }
      const usage = await cli(['help']);
      assert.match(usage.out, /rotate-oidc-keys/);
    });
  });
}
