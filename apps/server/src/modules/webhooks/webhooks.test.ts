import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  accountId,
  DATABASES,
  eventually,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { retryDelayMs, sweepLapsedClaims } from './delivery-sender.js';
import { adoptConfiguredWebhook, CONFIGURED_SUBSCRIBER_NAME } from './subscribers.service.js';
import { createDataCipher } from '../../platform/crypto.js';
import { manifest } from './index.js';
import { signingKey } from './webhook-signing.js';

/** One request a receiver got, as it came in. */
interface Received {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  status: number;
}

/**
 * A local system that receives webhooks (node:http on 127.0.0.1, a port of its own): it keeps
 * every request and answers what `answer` says (200 unless told otherwise).
 */
function receiver() {
  const requests: Received[] = [];
  let answer: (n: number) => number = () => 200;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const status = answer(requests.length + 1);
      requests.push({
        id: String(req.headers['webhook-id']),
        timestamp: Number(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body: raw,
        payload: JSON.parse(raw) as Received['payload'],
        status,
      });
      res.writeHead(status).end();
    });
  });
  return {
    requests,
    /** what it answered 2xx: what it accepted */
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    answer: (f: (n: number) => number) => (answer = f),
    url: (path = '/hook') =>
      `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
type Receiver = ReturnType<typeof receiver>;

/** The receiver's side of Standard Webhooks: one of the header's signatures is ours. */
function signedWith(secret: string, r: Received): boolean {
  const expected = crypto
    .createHmac('sha256', signingKey(secret))
    .update(`${r.id}.${r.timestamp}.${r.body}`)
    .digest();
  return r.signature.split(' ').some((s) => {
    const [version, mac] = s.split(',');
    const given = Buffer.from(mac ?? '', 'base64');
    return (
      version === 'v1' &&
      given.length === expected.length &&
      crypto.timingSafeEqual(given, expected)
    );
  });
}

const ofCase = (rx: Receiver, caseId: string) =>
  rx.accepted().filter((r) => r.payload.data.caseId === caseId);

const assertNoDuplicates = (rx: Receiver) => {
  const ids = rx.accepted().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'a delivery id accepted twice');
};

for (const kind of DATABASES) {
  describe(`webhooks per subscriber (${kind})`, () => {
    const legacy = receiver();
    let tp: TestPlatform;
    let admin: Client;
    let inspector: Client;
    let street: Client;
    let handler: Client;
    let handlerId: string;
    const here = { lat: 0, lng: 0 };
    const BASE = '/api/webhooks/subscribers';
    const receivers: Receiver[] = [];

    async function newReceiver(): Promise<Receiver> {
      const rx = receiver();
      await rx.listen();
      receivers.push(rx);
      return rx;
    }

    async function subscribe(
      rx: Receiver,
      events: string[],
      name = `订阅 ${crypto.randomBytes(3).toString('hex')}`,
    ): Promise<{ id: string; secret: string }> {
      const r = await admin.post(BASE, { name, url: rx.url(), events });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.subscriber.id as string, secret: r.body.secret as string };
    }

    /** A case that no rule dispatches: it waits in the street's queue. */
    async function fileCase(description = '墙上小广告'): Promise<{ id: string; number: string }> {
      const c = await inspector.post('/api/cases', {
        scenarioCode: 'illegal-small-ads',
        description,
        attributes: {},
        lat: here.lat + 0.002,
        lng: here.lng,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      return c.body as { id: string; number: string };
    }

    const deliveries = async (subscriberId: string) => {
      const r = await admin.get(`${BASE}/${subscriberId}/deliveries`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items as {
        id: string;
        eventType: string;
        status: string;
        attempts: number;
        lastStatusCode: number | null;
        lastError: string | null;
        caseNumber: string | null;
      }[];
    };

    before(async () => {
      await legacy.listen();
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        jobPollMs: 50,
        publicUrl: 'https://cloud.example.test',
        webhookUrl: legacy.url('/legacy'),
        webhookSecret: 'shared-secret',
        webhookRetryBaseMs: 100,
        webhookRetryMaxMs: 400,
        webhookMaxAttempts: 3,
        webhookDisableAfterFailures: 3,
      });
      [admin, inspector, street, handler] = await Promise.all([
        tp.login('admin'),
        tp.login('inspector'),
        tp.login('nanjingdong'),
        tp.login('handler'),
      ]);
      handlerId = await accountId(tp, 'handler');
      Object.assign(here, await tp.centreOf('310101002001'));
    });
    after(async () => {
      await tp.close();
      await legacy.close();
      await Promise.all(receivers.map((r) => r.close()));
    });

    it('when CASE_WEBHOOK_URL is set, then it is one subscriber to every case event, made once and signing with the configured secret', async () => {
      const list = await admin.get(BASE);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const configured = list.body.items.filter(
        (s: { name: string }) => s.name === CONFIGURED_SUBSCRIBER_NAME,
      );
      assert.equal(configured.length, 1);
      assert.equal(configured[0].url, legacy.url('/legacy'));
      assert.deepEqual(configured[0].events, [
        'case.filed',
        'case.dispatched',
        'case.resolved',
        'case.closed',
        'case.escalated',
      ]);
      assert.equal(configured[0].enabled, true);
      // a second start (another process) makes no second one
      await adoptConfiguredWebhook(tp.platform.deps);
      const again = await admin.get(BASE);
      assert.equal(
        again.body.items.filter((s: { url: string }) => s.url === legacy.url('/legacy')).length,
        1,
      );
      // no secret in any list; under the data key in the database
      assert.ok(!JSON.stringify(list.body).includes('shared-secret'));
      assert.ok(!('secret' in configured[0]));
      const row = await tp.platform.database.db
        .selectFrom('webhook_subscribers')
        .select('secret_enc')
        .where('id', '=', configured[0].id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.secret_enc, 'shared-secret');
      assert.equal(tp.platform.deps.cipher.decrypt(row.secret_enc), 'shared-secret');

      const c = await fileCase('配置的订阅：电线杆小广告');
      const got = await eventually(async () => ofCase(legacy, c.id)[0]);
      assert.equal(got.payload.type, 'case.filed');
      assert.ok(signedWith('shared-secret', got));
    });

    it('when a case is filed, dispatched, resolved and closed, then each subscriber gets the events it asked for and only those, signed, once per delivery id', async () => {
      const [rxA, rxB] = [await newReceiver(), await newReceiver()];
      const a = await subscribe(rxA, ['case.filed', 'case.resolved']);
      const b = await subscribe(rxB, ['case.dispatched']);
      assert.match(a.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.notEqual(a.secret, b.secret);

      const c = await fileCase();
      const d = await street.post(`/api/cases/${c.id}/actions`, {
        action: 'dispatch',
        assigneeId: handlerId,
        note: '请处理',
      });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(
        (await handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).status,
        200,
      );
      const photo = await uploadTestPhoto(handler, { r: 20, g: 200, b: 20 });
      const resolved = await handler.post(`/api/cases/${c.id}/actions`, {
        action: 'resolve',
        note: '已清除',
        photoIds: [photo],
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const closed = await inspector.post(`/api/cases/${c.id}/actions`, {
        action: 'close',
        note: '已核实',
      });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));

      const forA = await eventually(async () => {
        const mine = ofCase(rxA, c.id);
        return mine.length >= 2 ? mine : null;
      });
      const forB = await eventually(async () => ofCase(rxB, c.id)[0] && ofCase(rxB, c.id));
      const forLegacy = await eventually(async () => {
        const mine = ofCase(legacy, c.id);
        return mine.length >= 4 ? mine : null;
      });
      // give anything extra time to arrive, then count exactly
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        ofCase(rxA, c.id).map((r) => r.payload.type),
        ['case.filed', 'case.resolved'],
      );
      assert.deepEqual(
        ofCase(rxB, c.id).map((r) => r.payload.type),
        ['case.dispatched'],
      );
      assert.deepEqual(
        ofCase(legacy, c.id)
          .map((r) => r.payload.type)
          .sort(),
        ['case.closed', 'case.dispatched', 'case.filed', 'case.resolved'],
      );
      assert.equal(forA.length + forB.length + forLegacy.length, 7);

      // signed with each one's own secret (Standard Webhooks), fresh timestamps
      for (const r of ofCase(rxA, c.id)) {
        assert.ok(signedWith(a.secret, r));
        assert.ok(!signedWith(b.secret, r));
        assert.ok(Math.abs(Date.now() / 1000 - r.timestamp) < 300);
      }
      assert.ok(signedWith(b.secret, ofCase(rxB, c.id)[0]!));
      for (const rx of [rxA, rxB, legacy]) assertNoDuplicates(rx);

      // the case as other systems read it: Open311's status, our finer one, no personal data
      const [filed, resolvedEvent] = ofCase(rxA, c.id);
      assert.deepEqual(filed!.payload.data, {
        caseId: c.id,
        number: c.number,
        scenario: 'illegal-small-ads',
        status: 'open',
        statusNotes: '已上报 / Reported',
        caseStatus: 'reported',
        areaCode: filed!.payload.data.areaCode,
      });
      assert.equal(resolvedEvent!.payload.data.caseStatus, 'resolved');
      const closedEvent = ofCase(legacy, c.id).find((r) => r.payload.type === 'case.closed')!;
      assert.equal(closedEvent.payload.data.status, 'closed');
      assert.equal(closedEvent.payload.data.statusNotes, '已结案 / Closed');
      assert.ok(!closedEvent.body.includes('墙上小广告'), 'the description stays home');

      // the log: newest first, delivered at the first attempt with the receiver's answer
      const log = await deliveries(a.id);
      const mine = log.filter((x) => x.caseNumber === c.number);
      assert.deepEqual(
        mine.map((x) => [x.eventType, x.status, x.attempts, x.lastStatusCode]),
        [
          ['case.resolved', 'delivered', 1, 200],
          ['case.filed', 'delivered', 1, 200],
        ],
      );
      // the webhook-id is the delivery's id
      assert.deepEqual(
        mine.map((x) => x.id).sort(),
        ofCase(rxA, c.id)
          .map((r) => r.id)
          .sort(),
      );
    });

    it('when a case is rejected, then subscribers to case.closed hear it closed with the rejection category, as Open311 says it', async () => {
      const rx = await newReceiver();
      await subscribe(rx, ['case.closed']);
      const c = await fileCase('驳回：重复上报');
      const r = await street.post(`/api/cases/${c.id}/actions`, {
        action: 'reject',
        note: '重复',
        rejectReason: 'duplicate',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const got = await eventually(async () => ofCase(rx, c.id)[0]);
      assert.equal(got.payload.type, 'case.closed');
      assert.equal(got.payload.data.status, 'closed');
      assert.equal(got.payload.data.caseStatus, 'rejected');
      assert.equal(got.payload.data.statusNotes, '已驳回：重复上报 / Rejected: Duplicate');
    });

    it('when a receiver answers 500 and then recovers, then the retry gets the event to it, once', async () => {
      const rx = await newReceiver();
      rx.answer((n) => (n <= 2 ? 500 : 200));
      const s = await subscribe(rx, ['case.filed']);
      const c = await fileCase('重试：先失败后成功');
      const got = await eventually(async () => ofCase(rx, c.id)[0]);
      assert.equal(got.payload.type, 'case.filed');
      assert.ok(signedWith(s.secret, got));
      // the same webhook-id on every attempt: the receiver's idempotency key
      assert.deepEqual(
        rx.requests.map((r) => [r.id, r.status]),
        [
          [got.id, 500],
          [got.id, 500],
          [got.id, 200],
        ],
      );
      // signed afresh at each attempt
      assert.ok(rx.requests.every((r) => signedWith(s.secret, r)));
      const [logged] = await eventually(async () => {
        const log = await deliveries(s.id);
        return log[0]?.status === 'delivered' ? log : null;
      });
      assert.equal(logged!.attempts, 3);
      assert.equal(logged!.lastStatusCode, 200);
      assertNoDuplicates(rx);
      const view = (await admin.get(BASE)).body.items.find((x: { id: string }) => x.id === s.id);
      assert.equal(view.failureCount, 0);
      assert.equal(view.failingSince, null);
      assert.equal(view.enabled, true);
    });

    it('when deliveries keep failing, then they are given up, the subscriber is disabled, every city administrator is told, and it is audited', async () => {
      const rx = await newReceiver();
      rx.answer(() => 500);
      const name = `总是失败 ${crypto.randomBytes(3).toString('hex')}`;
      const s = await subscribe(rx, ['case.filed'], name);
      const cases = [];
      for (let i = 0; i < 3; i++) cases.push(await fileCase(`连续失败 ${i}`));
      const view = await eventually(async () => {
        const v = (await admin.get(BASE)).body.items.find((x: { id: string }) => x.id === s.id);
        return v && !v.enabled ? v : null;
      }, 10_000);
      assert.equal(view.disabledReason, 'failures');
      assert.ok(view.failureCount >= 3);
      assert.ok(view.failingSince);
      const log = await deliveries(s.id);
      assert.ok(log.filter((d) => d.status === 'failed').length >= 3);
      for (const d of log.filter((x) => x.status === 'failed')) {
        assert.equal(d.attempts, 3);
        assert.equal(d.lastStatusCode, 500);
        assert.match(d.lastError!, /HTTP 500/);
      }
      // the administrator reads it in-app
      const notice = await eventually(async () => {
        const n = await admin.get('/api/notices');
        return n.body.items.find((x: { body: string }) => x.body.includes(name));
      });
      assert.match(notice.body, /已自动停用/);
      // audited as the system's
      const audit = await admin.get(
        `/api/audit?action=webhook.subscriber.disable&objectType=webhook_subscriber`,
      );
      assert.equal(audit.status, 200, JSON.stringify(audit.body));
      assert.ok(
        audit.body.items.some(
          (a: { objectId: string; actorName: string | null }) =>
            a.objectId === s.id && a.actorName === null,
        ),
        JSON.stringify(audit.body.items.slice(0, 3)),
      );
      // disabled: a new event writes nothing for it
      const before = (await deliveries(s.id)).length;
      const later = await fileCase('停用后上报');
      await eventually(async () => ofCase(legacy, later.id)[0]);
      assert.equal((await deliveries(s.id)).length, before);
    });

    it('when a receiver answers 410 Gone, then the subscriber is disabled at once, and enabling it sends what is pending', async () => {
      const rx = await newReceiver();
      rx.answer(() => 410);
      const s = await subscribe(rx, ['case.filed']);
      const c = await fileCase('410 之后重新启用');
      const view = await eventually(async () => {
        const v = (await admin.get(BASE)).body.items.find((x: { id: string }) => x.id === s.id);
        return v && !v.enabled ? v : null;
      });
      assert.equal(view.disabledReason, 'gone');
      assert.equal(view.pendingCount, 1);
      // its retry comes and goes without sending while it is disabled
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(rx.requests.length, 1);
      // redelivering one by one waits for the subscriber to be enabled
      const [pending] = await deliveries(s.id);
      const refused = await admin.post(`${BASE}/${s.id}/deliveries/${pending!.id}/redeliver`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));

      rx.answer(() => 204);
      const enabled = await admin.post(`${BASE}/${s.id}/enable`);
      assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
      assert.equal(enabled.body.enabled, true);
      assert.equal(enabled.body.disabledReason, null);
      const got = await eventually(async () => ofCase(rx, c.id)[0]);
      assert.equal(got.id, pending!.id);
      const [done] = await eventually(async () => {
        const log = await deliveries(s.id);
        return log[0]?.status === 'delivered' ? log : null;
      });
      assert.equal(done!.lastStatusCode, 204);
      assertNoDuplicates(rx);
    });

    it('when an administrator disables a subscriber, then new events skip it; enabling it brings the next ones', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const off = await admin.post(`${BASE}/${s.id}/disable`);
      assert.equal(off.status, 200);
      assert.equal(off.body.disabledReason, 'manual');
      const skipped = await fileCase('手动停用期间');
      await eventually(async () => ofCase(legacy, skipped.id)[0]);
      assert.equal((await deliveries(s.id)).length, 0);
      assert.equal((await admin.post(`${BASE}/${s.id}/enable`)).status, 200);
      const c = await fileCase('重新启用之后');
      await eventually(async () => ofCase(rx, c.id)[0]);
      assert.equal(ofCase(rx, skipped.id).length, 0);
    });

    it('when the secret is rotated, then the signature changes: the old secret no longer verifies, unless kept for an overlap', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const ping = async () => {
        const before = rx.requests.length;
        const r = await admin.post(`${BASE}/${s.id}/test`);
        assert.equal(r.status, 202, JSON.stringify(r.body));
        assert.equal(r.body.eventType, 'ping');
        return eventually(async () => rx.requests[before]);
      };
      const first = await ping();
      assert.equal(first.payload.type, 'ping');
      assert.ok(signedWith(s.secret, first));

      const rotated = await admin.post(`${BASE}/${s.id}/secret`);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const secret2 = rotated.body.secret as string;
      assert.notEqual(secret2, s.secret);
      const second = await ping();
      assert.ok(signedWith(secret2, second));
      assert.ok(!signedWith(s.secret, second));
      assert.notEqual(second.signature, first.signature);

      // with an overlap both sign, so the receiver may switch when it likes
      const overlap = await admin.post(`${BASE}/${s.id}/secret`, { keepPreviousHours: 24 });
      assert.equal(overlap.status, 200, JSON.stringify(overlap.body));
      assert.ok(overlap.body.subscriber.previousSecretUntil);
      const secret3 = overlap.body.secret as string;
      const third = await ping();
      assert.equal(third.signature.split(' ').length, 2);
      assert.ok(signedWith(secret3, third));
      assert.ok(signedWith(secret2, third));
      assert.ok(!signedWith(s.secret, third));

      const bad = await admin.post(`${BASE}/${s.id}/secret`, { keepPreviousHours: 1000 });
      assert.equal(bad.status, 400);
      // every change audited
      const audit = await admin.get(`/api/audit?objectType=webhook_subscriber`);
      const actions = audit.body.items
        .filter((a: { objectId: string }) => a.objectId === s.id)
        .map((a: { action: string }) => a.action);
      assert.ok(actions.includes('webhook.subscriber.rotate_secret'));
      assert.ok(actions.includes('webhook.subscriber.test'));
      assert.ok(actions.includes('webhook.subscriber.create'));
    });

    it('when a delivery is redelivered, then the receiver gets it again under the same webhook-id', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const c = await fileCase('重新投递');
      const first = await eventually(async () => ofCase(rx, c.id)[0]);
      // recorded as delivered (until then it is being sent: a redelivery would be a 409)
      await eventually(async () => (await deliveries(s.id))[0]?.status === 'delivered');
      const r = await admin.post(`${BASE}/${s.id}/deliveries/${first.id}/redeliver`);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const again = await eventually(async () => ofCase(rx, c.id)[1]);
      assert.equal(again.id, first.id);
      assert.equal(again.body, first.body);
      const [logged] = await eventually(async () => {
        const log = await deliveries(s.id);
        return log[0]?.attempts === 2 && log[0].status === 'delivered' ? log : null;
      });
      assert.equal(logged!.id, first.id);
      const unknown = await admin.post(
        `${BASE}/${s.id}/deliveries/${crypto.randomUUID()}/redeliver`,
      );
      assert.equal(unknown.status, 404);
    });

    it('when a process dies after claiming a delivery, then its claim lapses and the sweep sends it again under the same webhook-id', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const c = await fileCase('进程中断后补发');
      const first = await eventually(async () => ofCase(rx, c.id)[0]);
      await eventually(async () => (await deliveries(s.id))[0]?.status === 'delivered');
      // as a process leaves it when it dies between its claim and the attempt's record
      const { db } = tp.platform.database;
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', locked_until: new Date(Date.now() - 60_000) })
        .where('id', '=', first.id)
        .execute();
      assert.equal(await sweepLapsedClaims(db), 1);
      assert.equal(await sweepLapsedClaims(db), 0, 'queued once');
      tp.platform.deps.jobs.kick();
      const again = await eventually(async () => ofCase(rx, c.id)[1]);
      assert.equal(again.id, first.id);
      assert.ok(signedWith(s.secret, again));
      await eventually(async () => (await deliveries(s.id))[0]?.status === 'delivered');
      // a delivery waiting for its retry holds no claim: the sweep leaves it alone
      assert.equal(await sweepLapsedClaims(db), 0);
    });

    it('when the log is longer than a page, then a cursor walks it newest first, and a forged cursor is a 400', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.escalated']);
      for (let i = 0; i < 52; i++) {
        assert.equal((await admin.post(`${BASE}/${s.id}/test`)).status, 202);
      }
      const first = await admin.get(`${BASE}/${s.id}/deliveries`);
      assert.equal(first.body.items.length, 50);
      assert.ok(first.body.nextCursor);
      const second = await admin.get(
        `${BASE}/${s.id}/deliveries?cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.equal(second.body.items.length, 2);
      assert.equal(second.body.nextCursor, null);
      const all = [...first.body.items, ...second.body.items] as {
        id: string;
        createdAt: string;
      }[];
      assert.equal(new Set(all.map((d) => d.id)).size, 52);
      const times = all.map((d) => d.createdAt);
      assert.deepEqual(times, [...times].sort().reverse());
      const forged = await admin.get(
        `${BASE}/${s.id}/deliveries?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      );
      assert.equal(forged.status, 400);
      assert.equal(forged.body.field, 'cursor');
      // a cursor of another subscriber's log is not this one's
      const other = await subscribe(rx, ['case.escalated']);
      const crossed = await admin.get(
        `${BASE}/${other.id}/deliveries?cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assert.equal(crossed.status, 400);
    });

    it('when a URL is not http(s) or is the server itself, then it is a 400 naming url and the rule, and nothing is stored', async () => {
      const count = async () =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('webhook_subscribers')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const port = new URL(tp.baseUrl).port;
      const cases: [string, string][] = [
        ['ftp://files.example.test/hook', 'scheme'],
        ['javascript:alert(1)', 'scheme'],
        ['file:///etc/passwd', 'scheme'],
        ['not a url', 'format'],
        ['https://user:pw@hooks.example.test/x', 'credentials'],
        ['https://cloud.example.test/api/hook', 'self'],
        ['https://cloud.example.test:443/other', 'self'],
        [`http://127.0.0.1:${port}/api/health`, 'self'],
        [`http://localhost:${port}/x`, 'self'],
        [`http://[::1]:${port}/x`, 'self'],
        [`http://[::ffff:127.0.0.1]:${port}/x`, 'self'],
        [`http://[::ffff:7f00:1]:${port}/x`, 'self'],
        [`http://0.0.0.0:${port}/x`, 'self'],
        [`http://127.1.2.3:${port}/x`, 'self'],
      ];
      for (const [url, rule] of cases) {
        const r = await admin.post(BASE, { name: '坏地址', url, events: ['case.filed'] });
        assert.equal(r.status, 400, `${url}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'url', url);
        assert.equal(r.body.rule, rule, url);
      }
      for (const body of [
        { name: '无事件', url: 'https://hooks.example.test/x', events: [] },
        { name: '未知事件', url: 'https://hooks.example.test/x', events: ['case.deleted'] },
        { name: '测试事件', url: 'https://hooks.example.test/x', events: ['ping'] },
        { name: '', url: 'https://hooks.example.test/x', events: ['case.filed'] },
        {
          name: '多余字段',
          url: 'https://hooks.example.test/x',
          events: ['case.filed'],
          secret: 'x',
        },
      ]) {
        const r = await admin.post(BASE, body);
        assert.equal(r.status, 400, JSON.stringify(body));
      }
      // an update to a bad URL changes nothing either
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed'], '改地址');
      const put = await admin.request('PUT', `${BASE}/${s.id}`, {
        name: '改地址',
        url: `http://localhost:${port}/`,
        events: ['case.filed'],
      });
      assert.equal(put.status, 400);
      assert.equal(put.body.rule, 'self');
      assert.equal(await count(), before + 1);
      const kept = (await admin.get(BASE)).body.items.find((x: { id: string }) => x.id === s.id);
      assert.equal(kept.url, rx.url());
      // another port on this machine is another system: fine
      const ok = await admin.request('PUT', `${BASE}/${s.id}`, {
        name: '改名',
        url: rx.url('/other'),
        events: ['case.resolved', 'case.filed'],
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.name, '改名');
      assert.deepEqual(ok.body.events, ['case.filed', 'case.resolved']);
    });

    it('when someone other than a city administrator asks, then 401, 403 or 404, never data, and the refusal is audited', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const resident = await signedUpAccount(tp);
      const districtAdmin = await staffAccount(tp, {
        username: `hp-admin-${crypto.randomBytes(3).toString('hex')}`,
        role: 'administrator',
        areaCode: '310101000000',
      });
      const city = await tp.login('city');
      const calls: [string, string, unknown?][] = [
        ['GET', BASE],
        ['POST', BASE, { name: 'x', url: rx.url(), events: ['case.filed'] }],
        ['PUT', `${BASE}/${s.id}`, { name: 'x', url: rx.url(), events: ['case.filed'] }],
        ['POST', `${BASE}/${s.id}/secret`, {}],
        ['POST', `${BASE}/${s.id}/enable`],
        ['POST', `${BASE}/${s.id}/disable`],
        ['GET', `${BASE}/${s.id}/deliveries`],
        ['POST', `${BASE}/${s.id}/test`],
        ['POST', `${BASE}/${s.id}/deliveries/${crypto.randomUUID()}/redeliver`],
      ];
      for (const who of [city, street, inspector, districtAdmin, resident.client]) {
        for (const [method, url, body] of calls) {
          const r = await who.request(method, url, body);
          assert.equal(r.status, 403, `${method} ${url}: ${JSON.stringify(r.body)}`);
          assert.ok(!JSON.stringify(r.body).includes(rx.url()));
        }
      }
      for (const [method, url, body] of calls) {
        assert.equal((await tp.client().request(method, url, body)).status, 401, url);
      }
      // nothing changed, and the refusals are on record
      const view = (await admin.get(BASE)).body.items.find((x: { id: string }) => x.id === s.id);
      assert.equal(view.enabled, true);
      assert.equal((await deliveries(s.id)).length, 0);
      const denied = await admin.get(`/api/audit?outcome=denied&objectType=webhook_subscriber`);
      assert.ok(denied.body.items.length >= 5, JSON.stringify(denied.body));
      // an unknown subscriber is a 404 to the administrator
      const unknown = crypto.randomUUID();
      for (const [method, url, body] of [
        ['PUT', `${BASE}/${unknown}`, { name: 'x', url: rx.url(), events: ['case.filed'] }],
        ['POST', `${BASE}/${unknown}/secret`, {}],
        ['POST', `${BASE}/${unknown}/enable`],
        ['GET', `${BASE}/${unknown}/deliveries`],
        ['POST', `${BASE}/${unknown}/test`],
      ] as [string, string, unknown?][]) {
        assert.equal((await admin.request(method, url, body)).status, 404, url);
      }
      assert.equal((await admin.get(`${BASE}/not-a-uuid/deliveries`)).status, 400);
    });

    it('when the data key is rotated, then the secrets are under the new key and still sign the same way', async () => {
      const rx = await newReceiver();
      const s = await subscribe(rx, ['case.filed']);
      const overlap = await admin.post(`${BASE}/${s.id}/secret`, { keepPreviousHours: 1 });
      const { db } = tp.platform.database;
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const n = await db
        .transaction()
        .execute((trx) => manifest.rekeyers!.webhook_subscribers!(trx, old, next));
      assert.ok(n >= 2, `${n} subscribers rewritten`);
      const row = await db
        .selectFrom('webhook_subscribers')
        .select(['secret_enc', 'previous_secret_enc'])
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      assert.equal(next.decrypt(row.secret_enc), overlap.body.secret);
      assert.equal(next.decrypt(row.previous_secret_enc!), s.secret);
      assert.throws(() => old.decrypt(row.secret_enc));
      // the rest of the platform runs under the new key from here (this is the suite's last step)
      tp.platform.deps.cipher = next;
      assert.equal((await admin.post(`${BASE}/${s.id}/test`)).status, 202);
      const ping = await eventually(async () => rx.requests[0]);
      assert.ok(signedWith(overlap.body.secret as string, ping));
      assert.ok(signedWith(s.secret, ping));
    });
  });
}

describe('webhook retry delays', () => {
  const config = { webhookRetryBaseMs: 5000, webhookRetryMaxMs: 3_600_000 };
  it('when retries follow one another, then each waits about three times the last, jittered ±20 %, never past the cap', () => {
    assert.equal(retryDelayMs(config, 1, null, 0.5), 5000);
    assert.equal(retryDelayMs(config, 2, null, 0.5), 15_000);
    assert.equal(retryDelayMs(config, 3, null, 0), 36_000);
    assert.equal(retryDelayMs(config, 3, null, 1), 54_000);
    assert.equal(retryDelayMs(config, 7, null, 0.5), 3_600_000);
    assert.equal(retryDelayMs(config, 30, null, 1), 3_600_000);
  });
  it('when the receiver says Retry-After, then the wait is at least that, within the cap', () => {
    assert.equal(retryDelayMs(config, 1, 60_000, 0.5), 60_000);
    assert.equal(retryDelayMs(config, 1, 10 * 3_600_000, 0.5), 3_600_000);
  });
});
