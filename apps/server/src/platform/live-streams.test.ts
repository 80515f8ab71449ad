import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  accountId,
  DATABASES,
  eventually,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../testing.js';

const STREET = '310101002000'; // 南京东路街道
const STREAM = `/api/dashboards/${STREET}/stream`;

/** An open server-sent-events stream that knows when the server ended it. */
async function openStream(tp: TestPlatform, who: Client) {
  const res = await fetch(tp.baseUrl + STREAM, { headers: { cookie: who.cookieHeader() } });
  assert.equal(res.status, 200, await (res.status === 200 ? '' : res.text()));
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let hasEnded = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  })()
    .catch(() => undefined)
    .finally(() => (hasEnded = true));
  await eventually(async () => text.includes(': connected'));
  return {
    cacheControl: res.headers.get('cache-control'),
    hasEnded: () => hasEnded,
    text: () => text,
    async close() {
      await reader.cancel().catch(() => undefined);
      await reading;
    },
  };
}

for (const kind of DATABASES) {
  describe(`live streams end with their session (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    before(async () => {
      tp = await startTestPlatform(kind);
      admin = await tp.login('admin');
    });
    after(() => tp.close());

    it('when the screen signs out, then its open stream is closed', async () => {
      const screen = await tp.login('nanjingdong');
      const stream = await openStream(tp, screen);
      assert.equal(stream.hasEnded(), false);
      assert.ok((await screen.post('/api/auth/logout')).status < 300);
      await eventually(async () => stream.hasEnded());
      await stream.close();
      assert.equal(stream.cacheControl, 'no-store, no-transform');
    });

    it('when the role that reaches the area is removed, then the open stream is closed', async () => {
      const id = await accountId(tp, 'nanjingdong');
      const account = await admin.get(`/api/accounts/${id}`);
      assert.equal(account.status, 200, JSON.stringify(account.body));
      const binding = (account.body.roles as { id: string; areaCode: string }[]).find(
        (b) => b.areaCode === STREET,
      )!;
      // an account keeps one role at least: one that does not reach the street stays
      const other = await admin.post(`/api/accounts/${id}/roles`, {
        role: 'committee_staff',
        areaCode: '310101002001',
      });
      assert.ok(other.status < 300, JSON.stringify(other.body));
      const screen = await tp.login('nanjingdong');
      const stream = await openStream(tp, screen);
      const removed = await admin.delete(`/api/accounts/${id}/roles/${binding.id}`);
      assert.ok(removed.status < 300, JSON.stringify(removed.body));
      await eventually(async () => stream.hasEnded());
      await stream.close();
      assert.equal((await screen.get(STREAM)).status, 403, 'and it cannot be opened again');
    });

    it('when one session opens a fifth stream, then it is a 429 naming the rule; a stream closed makes room', async () => {
      const screen = await tp.login('huangpu');
      const streams = [];
      for (let i = 0; i < 4; i++) streams.push(await openStream(tp, screen));
      const fifth = await screen.get(STREAM);
      assert.equal(fifth.status, 429, JSON.stringify(fifth.body));
      assert.equal(fifth.body.rule, 'maxPerSession');
      assert.ok(fifth.headers.get('retry-after'));
      // another session of the same person is another session
      const other = await tp.login('huangpu');
      const ofOther = await openStream(tp, other);
      await ofOther.close();
      await streams.pop()!.close();
      const again = await eventually(async () => {
        const r = await fetch(tp.baseUrl + STREAM, { headers: { cookie: screen.cookieHeader() } });
        if (r.status !== 200) return null;
        await r.body!.cancel();
        return r;
      });
      assert.equal(again.status, 200);
      for (const s of streams) await s.close();
    });
  });
}

describe('live streams in all', () => {
  let tp: TestPlatform;
  before(async () => (tp = await startTestPlatform('pglite', { maxStreams: 2 })));
  after(() => tp.close());

  it('when the process holds as many streams as configured, then the next is a 429 whoever asks', async () => {
    const a = await openStream(tp, await tp.login('nanjingdong'));
    const b = await openStream(tp, await tp.login('huangpu'));
    const third = await (await tp.login('admin')).get(STREAM);
    assert.equal(third.status, 429, JSON.stringify(third.body));
    assert.equal(third.body.rule, 'maxTotal');
    await a.close();
    await b.close();
  });
});

describe('live streams and idle sessions', () => {
  let tp: TestPlatform;
  before(async () => (tp = await startTestPlatform('pglite', { streamRecheckMs: 100 })));
  after(() => tp.close());

  it('when a screen only holds its stream open, then the re-checks do not count as activity and the session idles out', async () => {
    const screen = await tp.login('nanjingdong');
    const stream = await openStream(tp, screen);
    const { db } = tp.platform.database;
    const id = await accountId(tp, 'nanjingdong');
    const lastSeen = () =>
      db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('account_id', '=', id)
        .orderBy('last_seen_at', 'desc')
        .executeTakeFirstOrThrow()
        .then((r) => r.last_seen_at.getTime());
    // 20 minutes without a request: the stream's re-checks (every 100 ms here) leave it so
    const twentyAgo = new Date(Date.now() - 20 * 60_000);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: twentyAgo })
      .where('account_id', '=', id)
      .execute();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await lastSeen(), twentyAgo.getTime());
    assert.equal(stream.hasEnded(), false);
    // past the 30-minute idle limit, the next re-check ends the stream
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('account_id', '=', id)
      .execute();
    await eventually(async () => stream.hasEnded());
    await stream.close();
  });
});
