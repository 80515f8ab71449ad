import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { HttpSmsGateway } from '../../platform/sms.js';
import { MAX_SEND_ATTEMPTS } from './index.js';
import {
  accountId,
  DATABASES,
  eventually,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

/** A local stand-in for an SMS gateway: records requests, fails the next `failures` of them. */
function gateway(failures: number) {
  const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  let calls = 0;
  let failUntil = failures;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      calls++;
      if (calls <= failUntil) {
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ messageId: `gw-${calls}` }));
    });
  });
  return {
    received,
    calls: () => calls,
    failNext: (n: number) => (failUntil = calls + n),
    url: () => `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('the HTTP SMS gateway adapter', () => {
  it('when the gateway accepts, then it gets the number, the text, the template and the credentials', async () => {
    const gw = gateway(0);
    await gw.listen();
    try {
      const sms = new HttpSmsGateway({
        url: gw.url(),
        token: 'secret-token',
        templateId: 'SMS_001',
        signName: '社区云',
      });
      const r = await sms.send({ ref: 'n-1', to: '13800000007', text: '【社区云】测试' });
      assert.equal(r.providerRef, 'gw-1');
      const got = gw.received[0]!;
      assert.equal(got.headers.authorization, 'Bearer secret-token');
      assert.equal(got.headers['idempotency-key'], 'n-1');
      assert.deepEqual(got.body, {
        requestId: 'n-1',
        phoneNumbers: '13800000007',
        signName: '社区云',
        templateId: 'SMS_001',
        templateParam: { content: '【社区云】测试' },
      });
    } finally {
      await gw.close();
    }
  });

  it('when the gateway fails or answers without a message id, then send throws (so the job retries)', async () => {
    const gw = gateway(1);
    await gw.listen();
    try {
      const sms = new HttpSmsGateway({
        url: gw.url(),
        token: null,
        templateId: null,
        signName: null,
      });
      await assert.rejects(sms.send({ ref: 'n-2', to: '1', text: 't' }), /503/);
    } finally {
      await gw.close();
    }
  });
});

for (const kind of DATABASES) {
  describe(`notifications through a real SMS gateway (${kind})`, () => {
    const gw = gateway(2);
    let tp: TestPlatform;
    let street: Client;
    let inspector: Client;
    const report = async () => {
      const centre = await tp.centreOf('310101002001');
      const c = await inspector.post('/api/cases', {
        scenarioCode: 'noise-nuisance',
        description: '夜间装修噪声',
        attributes: { source: 'renovation' },
        lat: centre.lat,
        lng: centre.lng,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      return c.body as { id: string };
    };
    const textOf = (caseId: string, status: string) =>
      eventually(async () => {
        const box = await street.get('/api/sms-outbox');
        return box.body.items.find(
          (m: { caseId: string; status: string }) => m.caseId === caseId && m.status === status,
        );
      }, 15_000);
    before(async () => {
      await gw.listen();
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        jobPollMs: 100,
        smsProvider: 'http',
        smsGateway: { url: gw.url(), token: 't', templateId: 'SMS_CASE', signName: '社区云' },
      });
      street = await tp.login('nanjingdong');
      inspector = await tp.login('inspector');
      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'noise-nuisance',
        areaCode: '310101002000',
        unitName: '综合执法队',
        assigneeId: await accountId(tp, 'handler'),
      });
      assert.equal(rule.status, 201);
    });
    after(async () => {
      await tp.close();
      await gw.close();
    });

    it('when the gateway fails twice, then the text is retried with backoff, sent, and the case shows it', async () => {
      const c = await report();
      assert.equal((await street.get(`/api/cases/${c.id}`)).body.smsStatus, 'pending');
      const sent = await textOf(c.id, 'sent');
      assert.equal(sent.attempts, 3);
      assert.equal(sent.provider, 'http');
      assert.equal(gw.received.at(-1)!.body.phoneNumbers, '13800000007');
      const detail = await street.get(`/api/cases/${c.id}`);
      assert.equal(detail.body.smsStatus, 'sent');
    });

    it('when an operator of another district reads the outbox, then this street’s texts are not there', async () => {
      const c = await report();
      const seen = async (who: Client) =>
        ((await who.get('/api/sms-outbox?pageSize=100')).body.items as { caseId: string }[]).some(
          (m) => m.caseId === c.id,
        );
      await eventually(() => seen(street), 15_000);
      const admin = await tp.login('admin');
      const created = await admin.post('/api/accounts', {
        username: 'xuhui.ops',
        displayName: '徐汇区城运中心',
        password: 'xuhui-operations-2026',
        roles: [{ role: 'district_operator', areaCode: '310104000000' }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const xuhui = await tp.login('xuhui.ops', 'xuhui-operations-2026');
      assert.equal((await xuhui.get('/api/sms-outbox')).status, 200);
      assert.equal(await seen(xuhui), false);
      assert.equal(await seen(await tp.login('huangpu')), true);
    });

    it('when the gateway never accepts, then after the last try the text and the case show failed', async () => {
      gw.failNext(1000);
      const c = await report();
      const { db } = tp.platform.database;
      // the backoff, skipped: each retry is due at once
      const skip = setInterval(() => {
        void db
          .updateTable('jobs')
          .set({ run_at: new Date(0) })
          .where('kind', '=', 'notification.send')
          .where('done_at', 'is', null)
          .execute();
      }, 100);
      try {
        const failed = await textOf(c.id, 'failed');
        assert.equal(failed.attempts, MAX_SEND_ATTEMPTS);
      } finally {
        clearInterval(skip);
      }
      const detail = await street.get(`/api/cases/${c.id}`);
      assert.equal(detail.body.smsStatus, 'failed');
    });
  });
}

for (const kind of DATABASES) {
  describe(`全部已读: marking all my in-app notices read (${kind})`, () => {
    let tp: TestPlatform;
    let street: Client;
    let inspector: Client;
    let handler: Client;
    const report = async (scenarioCode: string, attributes: Record<string, string> = {}) => {
      const centre = await tp.centreOf('310101002001');
      const c = await inspector.post('/api/cases', {
        scenarioCode,
        description: '巡查发现',
        attributes,
        lat: centre.lat,
        lng: centre.lng,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      return c.body as { id: string };
    };
    const unread = async (who: Client) => {
      const r = await who.get('/api/notices');
      assert.equal(r.status, 200);
      return r.body.unread as number;
    };
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      street = await tp.login('nanjingdong');
      inspector = await tp.login('inspector');
      handler = await tp.login('handler');
      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'noise-nuisance',
        areaCode: '310101002000',
        unitName: '综合执法队',
        assigneeId: await accountId(tp, 'handler'),
      });
      assert.equal(rule.status, 201);
    });
    after(() => tp.close());

    it('when the handler marks all read, then its unread notices are read, the count comes back, and nobody else’s change', async () => {
      // three cases dispatched to the handler, one left in the street's queue (no rule)
      const first = await report('noise-nuisance', { source: 'renovation' });
      await report('noise-nuisance', { source: 'renovation' });
      await report('noise-nuisance', { source: 'renovation' });
      await report('street-light-out');
      // one of the handler's read one by one first: it is not counted again
      const before = await handler.get('/api/notices');
      const one = (before.body.items as { id: string; caseId: string }[]).find(
        (n) => n.caseId === first.id,
      )!;
      assert.equal((await handler.post(`/api/notices/${one.id}/read`)).status, 204);
      const readOne = (await handler.get('/api/notices')).body.items as {
        id: string;
        readAt: string | null;
      }[];
      const firstReadAt = readOne.find((n) => n.id === one.id)!.readAt;
      assert.ok(firstReadAt);
      const handlerUnread = await unread(handler);
      assert.ok(handlerUnread >= 2, `handler has ${handlerUnread} unread`);
      const streetUnread = await unread(street);
      assert.ok(streetUnread >= 1, `the street has ${streetUnread} unread`);

      const r = await handler.post('/api/notices/read-all');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { count: handlerUnread });
      const after = await handler.get('/api/notices');
      assert.equal(after.body.unread, 0);
      assert.ok(
        (after.body.items as { readAt: string | null }[]).every((n) => n.readAt !== null),
        'every notice of the handler is read',
      );
      // the notice read before keeps its first read time
      const again = (after.body.items as { id: string; readAt: string }[]).find(
        (n) => n.id === one.id,
      )!;
      assert.equal(again.readAt, firstReadAt);
      // another account's notices are left as they were
      assert.equal(await unread(street), streetUnread);
      // nothing left: a second call counts nothing
      assert.deepEqual((await handler.post('/api/notices/read-all')).body, { count: 0 });
    });

    it('when nobody is signed in, then marking all read is refused', async () => {
      const r = await tp.client().post('/api/notices/read-all');
      assert.equal(r.status, 401);
    });
  });
}
