import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlatform } from './bootstrap.js';
import { loadConfig, REPO_ROOT, type Config } from './platform/config.js';
import { StartupError } from './platform/db/database.js';
import { createPgDatabase, DATABASES, DEMO } from './testing.js';
import { readDemoMerchants } from './demo/seed-councils.js';
import { createDemoAccount } from './demo/seed-demo.js';
import { hashPassword } from './modules/identity/index.js';
import { demoResidentUsernames } from './demo/seed-residents.js';

/** A resident, a merchant and a representative of the 黄金城道 council the demo makes. */
const OTHER_DEMO_ACCOUNTS = [demoResidentUsernames()[0]!, 'laomiao', 'hjcd-party'];

/**
 * Start-up refusals need a database that outlives one start: PGlite in a data directory, or
 * one PostgreSQL database used by every start of the suite.
 */
for (const kind of DATABASES) {
  describe(`start-up checks on a database that outlives a start (${kind})`, () => {
    const dataDir = path.join(os.tmpdir(), `cc-boot-${crypto.randomBytes(6).toString('hex')}`);
    let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null = null;
    const keyA = crypto.randomBytes(32).toString('hex');
    const keyB = crypto.randomBytes(32).toString('hex');
    const config = (over: Partial<Config>): Config => ({
      ...loadConfig({ NODE_ENV: 'test' }, []),
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: pgDb?.url ?? null,
      auditKey,
      certSigningKey: crypto.randomBytes(32).toString('hex'),
      demo: false,
      demoCases: false,
      ...over,
    });
    const auditKey = crypto.randomBytes(32).toString('hex');
    const production = {
      production: true,
      allowPgliteInProduction: true,
      demo: false,
      publicUrl: 'https://cloud.example.test',
    };

    before(async () => {
      if (kind === 'postgres') pgDb = await createPgDatabase();
      // a database first started in development, with the demo city
      const p = await startPlatform(config({ dataKey: keyA, demo: true }));
      // (the demo's residents, merchants and council come with its cases, too slow here: a
      // resident, a merchant and a representative made as the demo makes them)
      const hash = await hashPassword(readDemoMerchants().password);
      for (const username of OTHER_DEMO_ACCOUNTS)
        await createDemoAccount(p.deps, { username, displayName: username }, hash);
      await p.close();
    });
    after(async () => {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('when the server starts with another DATA_KEY than the one the database was started with, then it refuses with a StartupError that says so', async () => {
      await assert.rejects(
        startPlatform(config({ dataKey: keyB })),
        (e: Error) =>
          e instanceof StartupError && /DATA_KEY/.test(e.message) && /not the key/.test(e.message),
      );
    });

    it('when a database seeded with the demo starts in production, then it refuses, naming the demo accounts and how to disable them', async () => {
      await assert.rejects(startPlatform(config({ ...production, dataKey: keyA })), (e: Error) => {
        assert.ok(e instanceof StartupError, String(e));
        for (const a of DEMO.accounts) assert.match(e.message, new RegExp(`\\b${a.username}\\b`));
        // the residents, the merchants and the council's representatives share a published password
        for (const u of OTHER_DEMO_ACCOUNTS) assert.match(e.message, new RegExp(`\\b${u}\\b`));
        assert.match(e.message, /npm run cli -- disable-demo-accounts/);
        return true;
      });
    });

    it('when the demo accounts are disabled, then production starts, and none of them signs in', async () => {
      const r = await runCli(['disable-demo-accounts'], {
        NODE_ENV: 'production',
        DATA_KEY: keyA,
        AUDIT_KEY: auditKey,
        ...(pgDb
          ? { DATABASE_URL: pgDb.url }
          : { DATA_DIR: dataDir, ALLOW_PGLITE_IN_PRODUCTION: '1' }),
      });
      assert.equal(r.code, 0, r.err);
      for (const a of DEMO.accounts) assert.match(r.out, new RegExp(`\\b${a.username}\\b`));
      for (const u of OTHER_DEMO_ACCOUNTS) assert.match(r.out, new RegExp(`\\b${u}\\b`));
      const p = await startPlatform(config({ ...production, dataKey: keyA }));
      try {
        await p.app.listen({ port: 0, host: '127.0.0.1' });
        const address = p.app.server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: DEMO.password }),
        });
        assert.equal(r.status, 401);
        const merchant = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'laomiao', password: readDemoMerchants().password }),
        });
        assert.equal(merchant.status, 401);
      } finally {
        await p.close();
      }
    });
  });
}

/** `npm run cli -- …` as an operator runs it. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}
