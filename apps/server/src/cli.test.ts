import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { createPgDatabase, DATABASES } from './testing.js';

/** Run the command line as an operator would: `npm run cli -- …`, in production. */
function cli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production', ...env } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

describe('npm run cli -- create-admin, before it opens a database', () => {
  // the same on either database: the refusal comes before the database is opened
  it('when the password is weak or the name malformed, then create-admin refuses, naming the rule', async () => {
    const env = {
      DATA_DIR: path.join(os.tmpdir(), `cc-cli-${crypto.randomBytes(6).toString('hex')}`),
      ALLOW_PGLITE_IN_PRODUCTION: '1',
      DATA_KEY: crypto.randomBytes(32).toString('hex'),
      AUDIT_KEY: crypto.randomBytes(32).toString('hex'),
    };
    const short = await cli(['create-admin', 'root'], { ...env, ADMIN_PASSWORD: 'too-short' });
    assert.notEqual(short.code, 0);
    assert.match(short.err, /12 characters/);
    const common = await cli(['create-admin', 'root'], env, 'password1234\n');
    assert.notEqual(common.code, 0);
    assert.match(common.err, /common/);
    const bad = await cli(['create-admin', 'Bad Name!'], {
      ...env,
      ADMIN_PASSWORD: 'a-good-passphrase-1',
    });
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /user name/i);
    assert.equal(fs.existsSync(env.DATA_DIR), false, 'no database was made');
  });
});

for (const kind of DATABASES) {
  describe(`npm run cli -- create-admin, on an empty production database (${kind})`, () => {
    const dataDir = path.join(os.tmpdir(), `cc-cli-${crypto.randomBytes(6).toString('hex')}`);
    let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null = null;
    let env: Record<string, string>;
    before(async () => {
      if (kind === 'postgres') pgDb = await createPgDatabase();
      const keys = {
        DATA_KEY: crypto.randomBytes(32).toString('hex'),
        AUDIT_KEY: crypto.randomBytes(32).toString('hex'),
      };
      env = pgDb
        ? { ...keys, DATABASE_URL: pgDb.url }
        : { ...keys, DATA_DIR: dataDir, ALLOW_PGLITE_IN_PRODUCTION: '1' };
    });
    after(async () => {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const run = (args: string[], extra: Record<string, string> = {}, stdin = '') =>
      cli(args, { ...env, ...extra }, stdin);
    const administrators = async () => {
      const database = await openDatabase({
        databaseUrl: pgDb?.url ?? null,
        dataDir,
        production: false,
        allowPgliteInProduction: true,
      });
      try {
        const rows = await database.db
          .selectFrom('accounts as a')
          .innerJoin('role_bindings as rb', 'rb.account_id', 'a.id')
          .select(['a.username', 'rb.area_code'])
          .where('rb.role', '=', 'administrator')
          .orderBy('a.username')
          .execute();
        return rows;
      } finally {
        await database.close();
      }
    };

    it('when the password is good, then the first administrator is created at the city, from stdin or ADMIN_PASSWORD', async () => {
      const r = await run(['create-admin', 'root'], {}, 'a-good-first-passphrase\n');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /root/);
    });

    it('when an administrator exists, then create-admin refuses unless --force, and never takes a name twice', async () => {
      const env2 = { ADMIN_PASSWORD: 'another-good-passphrase' };
      const refused = await run(['create-admin', 'second'], env2);
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, /--force/);
      const forced = await run(['create-admin', 'second', '--force'], env2);
      assert.equal(forced.code, 0, forced.err);
      const taken = await run(['create-admin', 'root', '--force'], env2);
      assert.notEqual(taken.code, 0);
      assert.match(taken.err, /root is taken/);
      assert.deepEqual(await administrators(), [
        { username: 'root', area_code: '310000000000' },
        { username: 'second', area_code: '310000000000' },
      ]);
    });
  });
}
