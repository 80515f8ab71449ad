import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';
import { DATABASES, startTestPlatform, type TestPlatform } from '../../testing.js';
import { anchorAuditHead, anchorFile, startAnchoring, stopAnchoring } from './anchors.js';
import { auditKeysFrom, loadAuditKey } from './audit-keys.js';
import { appendAudits, canonicalJson } from './audit.repo.js';
import { commonAreaPath, verifyAuditChain } from './audit.service.js';

const HUANGPU = '310000000000/310101000000';

type Row = Awaited<ReturnType<typeof allRows>>[number];
const allRows = (db: Kysely<DB>) => db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

/**
 * Tamper with the log as someone with database access would (the append-only trigger off, as a
 * superuser may), then put every row back as it was, so the next test finds the chain intact.
 */
async function tampering(db: Kysely<DB>, attack: (rows: Row[]) => Promise<void>): Promise<void> {
  const saved = await allRows(db);
  await sql`alter table audit_log disable trigger user`.execute(db);
  try {
    await attack(saved);
  } finally {
    await sql`delete from audit_log`.execute(db);
    for (let i = 0; i < saved.length; i += 500) {
      await insertRows('audit_log', saved.slice(i, i + 500))!.execute(db);
    }
    await sql`alter table audit_log enable trigger user`.execute(db);
  }
}

/** What the attacker can compute without the key: a row's plain SHA-256, as version 1 made it. */
const plainHash = (r: Row, prevHash: string) =>
  crypto
    .createHash('sha256')
    .update(
      canonicalJson([
        r.seq,
        r.at.toISOString(),
        r.actor_id,
        r.actor_name,
        r.action,
        r.object_type,
        r.object_id,
        r.ip,
        r.outcome,
        r.detail,
        prevHash,
      ]),
    )
    .digest('hex');

/**
 * Rewrite row `from`'s detail and re-chain it and every later row with `hashOf`, stamping
 * `version` (the attacker's choice), through plain SQL.
 */
async function rechain(
  db: Kysely<DB>,
  rows: Row[],
  from: number,
  version: number,
  hashOf: (r: Row, prevHash: string) => string,
): Promise<void> {
  let prev = rows.find((r) => r.seq === from - 1)?.hash ?? '0'.repeat(64);
  for (const r of rows.filter((x) => x.seq >= from)) {
    const forged = {
      ...r,
      detail: r.seq === from ? { forged: true } : r.detail,
      hash_version: version,
    };
    const hash = hashOf(forged, prev);
    await sql`update audit_log set detail = ${JSON.stringify(forged.detail)}::jsonb,
      hash_version = ${version}, prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}`.execute(
      db,
    );
    prev = hash;
  }
}

const tmpFile = (name: string) =>
  path.join(os.tmpdir(), `cc-audit-${crypto.randomBytes(6).toString('hex')}`, name);

describe('audit keys and areas', () => {
  it('when production starts without AUDIT_KEY, then it refuses and says so', () => {
    assert.throws(
      () =>
        loadAuditKey({ auditKey: null, dataDir: os.tmpdir(), production: true }, { create: true }),
      /AUDIT_KEY/,
    );
  });

  it('when verify-audit finds no key, then it refuses instead of making one', () => {
    const dataDir = path.dirname(tmpFile('x'));
    assert.throws(
      () => loadAuditKey({ auditKey: null, dataDir, production: false }, { create: false }),
      /No audit key/,
    );
    assert.equal(fs.existsSync(dataDir), false);
  });

  it('when an actor holds several bindings, then their area is the deepest one holding all', () => {
    assert.equal(commonAreaPath([]), null);
    assert.equal(commonAreaPath(['31/3101/310101']), '31/3101/310101');
    assert.equal(commonAreaPath(['31/3101/310101', '31/3101/310102']), '31/3101');
    assert.equal(commonAreaPath(['31/3101', '31/3101/310102']), '31/3101');
    assert.equal(commonAreaPath(['31/3101', '32/3201']), null);
  });
});

for (const kind of DATABASES) {
  describe(`audit log (${kind})`, () => {
    let tp: TestPlatform;
    let config: Config;
    const db = () => tp.platform.database.db;
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      config = tp.platform.deps.config;
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

    it('when a district administrator searches, then only rows about or by people in the district come back; city-level rows only to the city', async () => {
      const admin = await tp.login('admin');
      const made = await admin.post('/api/accounts', {
        username: 'huangpu-admin',
        displayName: '黄浦区系统管理员',
        password: 'audit-reader-Huangpu-2026',
        roles: [{ role: 'administrator', areaCode: '310101000000' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const elsewhere = await admin.post('/api/accounts', {
        username: 'chongming-ops',
        displayName: '崇明区城运中心',
        password: 'audit-reader-Chongming-2026',
        roles: [{ role: 'district_operator', areaCode: '310151000000' }],
      });
      assert.equal(elsewhere.status, 201, JSON.stringify(elsewhere.body));
      const inspector = await tp.login('inspector');
      const reported = await inspector.post('/api/cases', {
        scenarioCode: 'fire-exit-blocked',
        description: '安全出口堵塞',
        attributes: { exit_location: '北门', blocked_by: 'locked' },
        ...(await tp.centreOf('310101002001')),
      });
      assert.equal(reported.status, 201, JSON.stringify(reported.body));
      // a hotline caller in Huangpu, revealed by the street for a stated reason
      const call = await (
        await tp.login('hotline')
      ).post('/api/cases', {
        scenarioCode: 'fire-exit-blocked',
        description: '来电反映安全出口堵塞',
        attributes: { exit_location: '南门', blocked_by: 'goods' },
        ...(await tp.centreOf('310101002001')),
        contact: { name: '王小明', phone: '13912345678' },
      });
      assert.equal(call.status, 201, JSON.stringify(call.body));
      const street = await tp.login('nanjingdong');
      const revealed = await street.post(`/api/cases/${call.body.id}/contact`, {
        reason: '回访来电人',
      });
      assert.equal(revealed.status, 200, JSON.stringify(revealed.body));
      // a guess at a user name nobody has: about no one, by no one — city-level
      const guess = await tp.client().post('/api/auth/login', {
        username: 'nobody-here',
        password: 'not-a-password',
      });
      assert.equal(guess.status, 401);

      const district = await tp.login('huangpu-admin', 'audit-reader-Huangpu-2026');
      const r = await district.get('/api/audit?pageSize=200');
      assert.equal(r.status, 200);
      type Item = {
        seq: number;
        action: string;
        objectId: string | null;
        actorName: string | null;
        detail: { username?: string };
      };
      const items = r.body.items as Item[];
      // the case reported in Huangpu, and the Huangpu inspector's sign-in
      assert.ok(items.some((e) => e.action === 'case.create' && e.objectId === reported.body.id));
      assert.ok(items.some((e) => e.action === 'auth.login' && e.actorName === 'inspector'));
      assert.ok(
        items.some((e) => e.action === 'case.contact.reveal' && e.objectId === call.body.id),
        'who saw a caller in clear, and why',
      );
      // a reveal's row holds the reason, never the personal data
      assert.ok(!JSON.stringify(items).includes('13912345678'));
      // the city administrator's own work, an account made in Chongming, the city operator and
      // the anonymous guess are not the district's
      assert.ok(!items.some((e) => e.objectId === elsewhere.body.id), 'a Chongming account');
      assert.ok(!items.some((e) => e.actorName === 'admin' && e.action === 'account.list'));
      assert.ok(!items.some((e) => e.actorName === 'city'), 'the city operator');
      assert.ok(!items.some((e) => e.detail.username === 'nobody-here'), 'a city-level row');
      // and every row it got lies in Huangpu, by what it is about or by who did it
      const got = await db()
        .selectFrom('audit_log')
        .select(['seq', 'area_path', 'actor_area_path'])
        .where(
          'seq',
          'in',
          items.map((e) => e.seq),
        )
        .execute();
      assert.equal(got.length, items.length);
      const inHuangpu = (p: string | null) =>
        p !== null && (p === HUANGPU || p.startsWith(`${HUANGPU}/`));
      for (const row of got) {
        assert.ok(inHuangpu(row.area_path) || inHuangpu(row.actor_area_path), JSON.stringify(row));
      }
      // the total counts the same rows: the reader learns nothing of the others
      const all = await district.get('/api/audit?pageSize=1');
      assert.ok(all.body.total < (await allRows(db())).length);

      const city = await admin.get('/api/audit?pageSize=200&outcome=failed');
      assert.ok(
        city.body.items.some((e: Item) => e.detail.username === 'nobody-here'),
        'the city administrator reads city-level rows',
      );
      assert.ok(
        (await admin.get(`/api/audit?objectId=${elsewhere.body.id}`)).body.items.length > 0,
      );
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
      await assert.rejects(
        sql`update audit_log set action = 'x' where seq = 1`.execute(db()),
        /append-only/,
      );
      await assert.rejects(sql`delete from audit_log where seq = 1`.execute(db()), /append-only/);
    });

    it('when rows are appended concurrently, one or several at a time, then the chain stays linear and verifies', async () => {
      const before = (await verifyAuditChain(db(), config)).rows;
      const row = (i: number) => ({
        actorId: null,
        actorName: 'load',
        action: 'test.concurrent',
        objectType: 'test',
        objectId: String(i),
        ip: null,
        outcome: 'ok' as const,
        detail: { i, nested: { b: 1, a: [1, 'x'] } },
        areaPath: i % 2 ? `${HUANGPU}/310101002000` : null,
      });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAudits(
            db(),
            tp.platform.deps,
            i % 4 === 0 ? [row(i), row(i + 100), row(i + 200)] : [row(i)],
          ),
        ),
      );
      const report = await verifyAuditChain(db(), config, { batch: 7 });
      assert.equal(report.ok, true, JSON.stringify(report.problem));
      assert.equal(report.rows, before + 60);
      assert.ok(report.anchors >= 1, 'the anchor of the start is checked');
    });

    it('when a row is changed or deleted behind the application, then verify finds it', async () => {
      const rows = (await verifyAuditChain(db(), config)).rows;
      assert.ok(rows > 5);
      // a superuser bypasses the trigger: exactly what verification exists for
      await tampering(db(), async () => {
        await sql`update audit_log set detail = '{"forged":true}'::jsonb where seq = 3`.execute(
          db(),
        );
        const changed = await verifyAuditChain(db(), config);
        assert.equal(changed.ok, false);
        assert.equal(changed.problem!.seq, 3);
        assert.equal(changed.problem!.kind, 'changed');

        await sql`delete from audit_log where seq = 3`.execute(db());
        const missing = await verifyAuditChain(db(), config);
        assert.equal(missing.ok, false);
        assert.equal(missing.problem!.kind, 'missing');
        assert.equal(missing.problem!.seq, 3);
      });
      assert.equal((await verifyAuditChain(db(), config)).ok, true, 'put back as it was');
    });

    it('when an area path is changed behind the application, then verify finds it (the keyed hash covers it)', async () => {
      const target = (await allRows(db())).findLast((r) => r.area_path !== null)!;
      await tampering(db(), async () => {
        await sql`update audit_log set area_path = ${'310000000000/310151000000'} where seq = ${target.seq}`.execute(
          db(),
        );
        const report = await verifyAuditChain(db(), config);
        assert.equal(report.ok, false);
        assert.equal(report.problem!.seq, target.seq);
        assert.equal(report.problem!.kind, 'changed');
      });
    });

    it('when a middle row is rewritten and the later rows re-chained with plain SHA-256, then verify-audit fails at that row', async () => {
      const rows = await allRows(db());
      const mid = rows[Math.floor(rows.length / 2)]!.seq;
      // as keyed rows (the version left alone) and as plain rows (marked version 1)
      for (const version of [2, 1]) {
        await tampering(db(), async () => {
          await rechain(db(), rows, mid, version, plainHash);
          const report = await verifyAuditChain(db(), config);
          assert.equal(report.ok, false, `version ${version}: a re-chained log must not verify`);
          assert.equal(report.problem!.seq, mid);
          assert.equal(report.problem!.kind, version === 2 ? 'changed' : 'downgraded');
        });
      }
    });

    it('when the later rows are re-chained with an HMAC under another key, then verify-audit fails at that row', async () => {
      const rows = await allRows(db());
      const mid = rows[Math.floor(rows.length / 3)]!.seq;
      const wrong = auditKeysFrom(crypto.randomBytes(32));
      await tampering(db(), async () => {
        await rechain(db(), rows, mid, 2, (r, prev) =>
          wrong.chainMac(
            canonicalJson([
              2,
              r.seq,
              r.at.toISOString(),
              r.actor_id,
              r.actor_name,
              r.action,
              r.object_type,
              r.object_id,
              r.ip,
              r.outcome,
              r.detail,
              r.area_path,
              r.actor_area_path,
              prev,
            ]),
          ),
        );
        const report = await verifyAuditChain(db(), config);
        assert.equal(report.ok, false);
        assert.equal(report.problem!.seq, mid);
        assert.equal(report.problem!.kind, 'changed');
      });
    });

    it('when the whole chain is re-written as plain SHA-256 rows, then the anchors catch it from row 1', async () => {
      const rows = await allRows(db());
      await tampering(db(), async () => {
        await rechain(db(), rows, 1, 1, plainHash);
        const report = await verifyAuditChain(db(), config);
        assert.equal(report.ok, false);
        assert.equal(report.problem!.seq, 1);
        assert.equal(report.problem!.kind, 'downgraded');
      });
    });

    it('when the newest rows are deleted, then an anchor taken before catches it and names the first missing row', async () => {
      const anchor = (await anchorAuditHead(tp.platform.deps, { always: true }))!;
      assert.ok(anchor.seq > 3);
      await tampering(db(), async () => {
        await sql`delete from audit_log where seq > ${anchor.seq - 3}`.execute(db());
        const report = await verifyAuditChain(db(), config);
        assert.equal(report.ok, false);
        assert.equal(report.problem!.kind, 'truncated');
        assert.equal(report.problem!.seq, anchor.seq - 2);
        assert.match(report.problem!.message, new RegExp(`saw row ${anchor.seq}`));
      });
    });

    it('when the database is put back to an older backup and written on, then the anchor of the lost rows names the first row that differs', async () => {
      const anchor = (await anchorAuditHead(tp.platform.deps, { always: true }))!;
      await tampering(db(), async () => {
        await sql`delete from audit_log where seq > ${anchor.seq - 3}`.execute(db());
        // the application, with its key, writes on from the older head: a valid chain
        await appendAudits(
          db(),
          tp.platform.deps,
          Array.from({ length: 5 }, (_, i) => ({
            actorId: null,
            actorName: 'after-restore',
            action: 'test.after-restore',
            objectType: 'test',
            objectId: String(i),
            ip: null,
            outcome: 'ok' as const,
          })),
        );
        const report = await verifyAuditChain(db(), config);
        assert.equal(report.ok, false);
        assert.equal(report.problem!.kind, 'anchor-mismatch');
        assert.equal(report.problem!.seq, anchor.seq);
      });
    });

    it('when verify-audit is given another key, then it fails: the anchors are not its, the rows not its', async () => {
      const other: Config = { ...config, auditKey: crypto.randomBytes(32).toString('hex') };
      const withAnchors = await verifyAuditChain(db(), other);
      assert.equal(withAnchors.ok, false);
      assert.equal(withAnchors.problem!.kind, 'anchor-forged');
      const rowsOnly = await verifyAuditChain(db(), {
        ...other,
        auditAnchorFile: tmpFile('none.jsonl'),
      });
      assert.equal(rowsOnly.ok, false);
      assert.equal(rowsOnly.problem!.kind, 'changed');
      assert.equal(rowsOnly.problem!.seq, 1);
      assert.match(rowsOnly.note!, /no anchors/);
    });

    it('when a line of the anchor file is forged or edited, then verify-audit fails', async () => {
      const file = tmpFile('anchors.jsonl');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const lines = fs.readFileSync(anchorFile(config), 'utf8').trim().split('\n');
      const last = JSON.parse(lines.at(-1)!) as { seq: number };
      fs.writeFileSync(file, `${JSON.stringify({ ...last, seq: last.seq + 100 })}\n`);
      const edited = await verifyAuditChain(db(), { ...config, auditAnchorFile: file });
      assert.equal(edited.problem?.kind, 'anchor-forged');
      fs.writeFileSync(file, 'not an anchor\n');
      const junk = await verifyAuditChain(db(), { ...config, auditAnchorFile: file });
      assert.equal(junk.problem?.kind, 'anchor-forged');
      assert.match(junk.problem!.message, /line 1/);
    });

    it('when the head is anchored, then the line is signed, appended to the file and POSTed to the external log', async () => {
      const received: string[] = [];
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(body);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as { port: number };
        const withLog = { ...config, auditAnchorUrl: `http://127.0.0.1:${port}/anchors` };
        const before = fs.readFileSync(anchorFile(config), 'utf8').split('\n').length;
        const anchor = (await anchorAuditHead({ db: db(), config: withLog }, { always: true }))!;
        const lines = fs.readFileSync(anchorFile(config), 'utf8').trimEnd().split('\n');
        assert.equal(lines.length, before, 'one line more');
        assert.deepEqual(JSON.parse(lines.at(-1)!), anchor);
        assert.deepEqual(JSON.parse(received[0]!), anchor);
        const head = (await allRows(db())).at(-1)!;
        assert.equal(anchor.seq, head.seq);
        assert.equal(anchor.hash, head.hash);
        assert.match(anchor.sig, /^[0-9a-f]{64}$/);
        // the copy kept by the external log checks like the file
        const copy = tmpFile('external.jsonl');
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.writeFileSync(copy, received[0]!);
        const report = await verifyAuditChain(db(), config, { anchorFiles: [copy] });
        assert.equal(report.ok, true, JSON.stringify(report.problem));
      } finally {
        server.close();
      }
    });

    it('when a database from before the keyed chain starts, then its plain rows still verify, one keyed row marks the switch, and what follows is keyed', async () => {
      // a fresh anchor file: the one of this platform knows the chain as keyed from row 1
      const legacy: Config = { ...config, auditAnchorFile: tmpFile('legacy-anchors.jsonl') };
      const deps = { ...tp.platform.deps, config: legacy };
      const rows = await allRows(db());
      await tampering(db(), async () => {
        // the log as the code before migration 0011 wrote it: plain SHA-256, no areas
        await sql`delete from audit_log`.execute(db());
        let prev = '0'.repeat(64);
        const plain = rows.slice(0, 12).map((r) => {
          const row = {
            ...r,
            area_path: null,
            actor_area_path: null,
            hash_version: 1,
            prev_hash: prev,
          };
          row.hash = plainHash(row, prev);
          prev = row.hash;
          return row;
        });
        await insertRows('audit_log', plain)!.execute(db());
        await startAnchoring(deps);
        await appendAudits(db(), deps, [
          {
            actorId: null,
            actorName: 'after',
            action: 'test.after',
            objectType: 'test',
            objectId: null,
            ip: null,
            outcome: 'ok',
          },
        ]);
        const after = await allRows(db());
        assert.equal(after[12]!.action, 'audit.chain.keyed');
        assert.deepEqual(
          after.map((r) => r.hash_version),
          [...Array<number>(12).fill(1), 2, 2],
        );
        const report = await verifyAuditChain(db(), legacy);
        assert.equal(report.ok, true, JSON.stringify(report.problem));
        assert.equal(report.rows, 14);
        const anchors = fs.readFileSync(anchorFile(legacy), 'utf8').trim().split('\n');
        assert.equal(JSON.parse(anchors[0]!).keyedFrom, 13);

        // the plain rows are sealed: changing one breaks the link into the keyed row
        await rechain(db(), after.slice(0, 12), 5, 1, plainHash);
        const rewritten = await verifyAuditChain(db(), legacy);
        assert.equal(rewritten.ok, false);
        assert.equal(rewritten.problem!.seq, 13);
        assert.equal(rewritten.problem!.kind, 'relinked');
        await stopAnchoring(deps);
      });
    });
  });
}
