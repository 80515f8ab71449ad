import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DATABASES, startTestPlatform, type TestPlatform } from '../../testing.js';
import { verifyAuditChain } from './audit.service.js';
import { appendAudits } from './audit.repo.js';

for (const kind of DATABASES) {
  describe(`audit log (${kind})`, () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
    });
    after(() => tp.close());

    it('when an administrator searches, then writes and reads are there with who, what, where and outcome', async () => {
      const admin = await tp.login('admin');
      await admin.get('/api/accounts');
      const r = await admin.get('/api/audit?actor=admin&pageSize=200');
      assert.equal(r.status, 200);
      const actions = r.body.items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('auth.login'));
      assert.ok(actions.includes('account.list'));
      const login = r.body.items.find((e: { action: string }) => e.action === 'auth.login');
      assert.equal(login.outcome, 'ok');
      assert.equal(login.ip, '127.0.0.1');
      assert.ok(!Number.isNaN(Date.parse(login.at)));
      const filtered = await admin.get('/api/audit?action=account.list&outcome=ok');
      assert.ok(filtered.body.items.every((e: { action: string }) => e.action === 'account.list'));
    });

    it('when anyone but an administrator searches, then 403 and the refusal is itself audited', async () => {
      const city = await tp.login('city');
      const r = await city.get('/api/audit');
      assert.equal(r.status, 403);
      const admin = await tp.login('admin');
      const denied = await admin.get('/api/audit?actor=city&outcome=denied');
      assert.ok(denied.body.items.some((e: { action: string }) => e.action === 'audit.search'));
    });

    it('when the filters are bad, then 400 names the field', async () => {
      const admin = await tp.login('admin');
      for (const [q, field] of [
        ['outcome=maybe', 'outcome'],
        ['from=yesterday', 'from'],
        ['pageSize=100000', 'pageSize'],
      ]) {
        const r = await admin.get(`/api/audit?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(r.body.field, field);
      }
    });

    it('when the application tries to update or delete an audit row, then the database refuses', async () => {
      const { db } = tp.platform.database;
      await assert.rejects(
        sql`update audit_log set action = 'x' where seq = 1`.execute(db),
        /append-only/,
      );
      await assert.rejects(sql`delete from audit_log where seq = 1`.execute(db), /append-only/);
    });

    it('when rows are appended concurrently, one or several at a time, then the chain stays linear and verifies', async () => {
      const { db } = tp.platform.database;
      const before = (await verifyAuditChain(db)).rows;
      const row = (i: number) => ({
        actorId: null,
        actorName: 'load',
        action: 'test.concurrent',
        objectType: 'test',
        objectId: String(i),
        ip: null,
        outcome: 'ok' as const,
        detail: { i, nested: { b: 1, a: [1, 'x'] } },
      });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAudits(db, i % 4 === 0 ? [row(i), row(i + 100), row(i + 200)] : [row(i)]),
        ),
      );
      const report = await verifyAuditChain(db, 7);
      assert.equal(report.ok, true, JSON.stringify(report.problem));
      assert.equal(report.rows, before + 60);
    });

    it('when a row is changed or deleted behind the application, then verify finds it', async () => {
      const { db } = tp.platform.database;
      const rows = (await verifyAuditChain(db)).rows;
      assert.ok(rows > 5);
      // a superuser bypasses the trigger: exactly what verification exists for
      await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(db);
      try {
        await sql`update audit_log set detail = '{"forged":true}'::jsonb where seq = 3`.execute(db);
        const changed = await verifyAuditChain(db);
        assert.equal(changed.ok, false);
        assert.equal(changed.problem!.seq, 3);
        assert.equal(changed.problem!.kind, 'changed');

        await sql`delete from audit_log where seq = 3`.execute(db);
        const missing = await verifyAuditChain(db);
        assert.equal(missing.ok, false);
        assert.equal(missing.problem!.kind, 'missing');
        assert.equal(missing.problem!.seq, 3);
      } finally {
        await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(db);
      }
    });
  });
}
