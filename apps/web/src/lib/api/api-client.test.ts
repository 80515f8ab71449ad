import { ErrorCode, type ErrorBody } from '@cc/contracts';
import i18next from 'i18next';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiError, api, apiRequest, buildUrl, ClientErrorCode, onUnauthorized } from './api-client';
import { isAbortError } from './describe-error';

/** What the test server saw of the last request. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (seen: Seen, res: http.ServerResponse) => void;

function json(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** The error body our server sends (platform/http/error-handler.ts). */
function errorBody(statusCode: number, code: string, message: string, extra = {}): ErrorBody {
  return { statusCode, code, message, ...extra };
}

/** A small HTTP server that answers as ours does, route by route; it remembers each request. */
const answers: Record<string, Answer> = {
  '/api/echo': (seen, res) => json(res, 200, seen),
  '/api/empty': (_, res) => {
    res.writeHead(204);
    res.end();
  },
  '/api/invalid': (_, res) =>
    json(
      res,
      400,
      errorBody(400, ErrorCode.validation, 'body: username is required / 请填写用户名', {
        field: 'username',
        rule: 'required',
      }),
    ),
  '/api/session': (_, res) =>
    json(res, 401, errorBody(401, ErrorCode.unauthenticated, 'Sign in first / 请先登录')),
  '/api/busy': (_, res) =>
    json(res, 429, errorBody(429, ErrorCode.tooManyRequests, 'Too many tries / 尝试次数过多'), {
      'retry-after': '7',
    }),
  '/api/busy-fraction': (_, res) =>
    json(res, 429, errorBody(429, ErrorCode.tooManyRequests, 'Slow down / 请稍候'), {
      'retry-after': '1.2',
    }),
  '/api/down': (_, res) =>
    json(
      res,
      503,
      errorBody(503, ErrorCode.unavailable, 'The database does not answer / 暂不可用'),
      {
        // a date already past: retry now
        'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT',
      },
    ),
  // Fastify's own 404 has no code of ours
  '/api/fastify-404': (_, res) =>
    json(res, 404, { statusCode: 404, error: 'Not Found', message: 'Route GET:/x not found' }),
  // a gateway in front of a server that is down
  '/api/gateway': (_, res) => {
    res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
  },
  '/api/crash': (_, res) => {
    res.writeHead(500, 'Internal Server Error', { 'content-type': 'text/plain' });
    res.end('boom');
  },
  '/api/not-json': (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>社区云</title>');
  },
  // never answers: the client gives up first
  '/api/hang': () => onHang(),
};

let onHang = () => {};
let base = '';
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const seen: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const answer = answers[new URL(seen.url, 'http://x').pathname];
    if (answer) answer(seen, res);
    else json(res, 404, errorBody(404, ErrorCode.notFound, 'No such route / 没有该接口'));
  });
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The ApiError a call rejects with (fails the test when it resolves or throws something else). */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call should have failed');
}

describe('buildUrl', () => {
  it('when there is no query, then the path is unchanged', () => {
    assert.equal(buildUrl('/api/cases'), '/api/cases');
    assert.equal(buildUrl('/api/cases', {}), '/api/cases');
  });

  it('when values are empty, null or undefined, then they are left out; 0 and false stay', () => {
    assert.equal(
      buildUrl('/api/cases', { a: undefined, b: null, c: '', page: 0, overdue: false, q: 'x' }),
      '/api/cases?page=0&overdue=false&q=x',
    );
    assert.equal(buildUrl('/api/cases', { a: undefined, b: '' }), '/api/cases');
  });

  it('when a value is Chinese or has URL characters, then it is encoded', () => {
    const url = buildUrl('/api/residents', { name: '张三', tag: 'a&b=c' });
    assert.equal(url, '/api/residents?name=%E5%BC%A0%E4%B8%89&tag=a%26b%3Dc');
    assert.equal(new URL(url, 'http://x').searchParams.get('name'), '张三');
  });
});

describe('apiRequest against an HTTP server', () => {
  it('when the server answers JSON, then the call resolves with it and sent the query', async () => {
    const seen = await api.get<Seen>(`${base}/api/echo`, { name: '王五', page: 2, q: '' });
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, '/api/echo?name=%E7%8E%8B%E4%BA%94&page=2');
    assert.equal(seen.headers.accept, 'application/json');
    assert.equal(seen.body, '');
    assert.equal(seen.headers['content-type'], undefined);
  });

  it('when no language is chosen yet, then the server is asked for zh-CN', async () => {
    const seen = await api.get<Seen>(`${base}/api/echo`);
    assert.equal(seen.headers['accept-language'], 'zh-CN');
  });

  it('when a body is posted, then it goes as JSON, with the extra headers', async () => {
    const seen = await api.post<Seen>(
      `${base}/api/echo`,
      { title: '路灯不亮', count: 3 },
      { headers: { 'Idempotency-Key': 'k-1', Accept: 'text/html' } },
    );
    assert.equal(seen.method, 'POST');
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen.body), { title: '路灯不亮', count: 3 });
    assert.equal(seen.headers['idempotency-key'], 'k-1');
    // the client always asks for JSON
    assert.equal(seen.headers.accept, 'application/json');
  });

  it('when a raw body is sent, then it arrives byte for byte with its own content type', async () => {
    const csv = '\uFEFF姓名,证件号\r\n"张,三",310101\r\n';
    const seen = await apiRequest<Seen>(`${base}/api/echo`, {
      method: 'PUT',
      rawBody: { text: csv, contentType: 'text/csv; charset=utf-8' },
      body: { ignored: true },
    });
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(seen.body, csv);
  });

  it('when PUT is called with a body, then the server sees PUT and the body as JSON', async () => {
    const seen = await api.put<Seen>(`${base}/api/echo`, { minSupports: 5 });
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen.body), { minSupports: 5 });
    // and with no body, none is sent (an idempotent toggle such as a support)
    const bare = await api.put<Seen>(`${base}/api/echo`);
    assert.equal(bare.method, 'PUT');
    assert.equal(bare.body, '');
  });

  it('when DELETE is called, then the server sees DELETE', async () => {
    const seen = await api.delete<Seen>(`${base}/api/echo`);
    assert.equal(seen.method, 'DELETE');
  });

  it('when the server answers 204, then the call resolves with undefined', async () => {
    assert.equal(await api.delete(`${base}/api/empty`), undefined);
  });

  it('when the server refuses a field, then the error carries its code, field, rule and message', async () => {
    const error = await failure(api.post(`${base}/api/invalid`, {}));
    assert.equal(error.status, 400);
    assert.equal(error.code, ErrorCode.validation);
    assert.equal(error.field, 'username');
    assert.equal(error.body.rule, 'required');
    assert.equal(error.message, 'body: username is required / 请填写用户名');
    assert.equal(error.name, 'ApiError');
    assert.equal(error.retryAfterSeconds, undefined);
  });

  it('when the answer is 401, then the app is told once; not for a call whose 401 is an answer', async () => {
    let calls = 0;
    onUnauthorized(() => calls++);
    try {
      const error = await failure(api.get(`${base}/api/session`));
      assert.equal(error.code, ErrorCode.unauthenticated);
      assert.equal(calls, 1);
      await failure(apiRequest(`${base}/api/session`, { isAuthRedirect: false }));
      assert.equal(calls, 1);
      // other failures are not a lost session
      await failure(api.get(`${base}/api/invalid`));
      assert.equal(calls, 1);
    } finally {
      onUnauthorized(undefined);
    }
  });

  it('when the server says Retry-After in seconds, then the error says how long, rounded up', async () => {
    assert.equal((await failure(api.get(`${base}/api/busy`))).retryAfterSeconds, 7);
    assert.equal((await failure(api.get(`${base}/api/busy-fraction`))).retryAfterSeconds, 2);
  });

  it('when Retry-After is a date already past, then retry now (0 s)', async () => {
    const error = await failure(api.get(`${base}/api/down`));
    assert.equal(error.status, 503);
    assert.equal(error.code, ErrorCode.unavailable);
    assert.equal(error.retryAfterSeconds, 0);
  });

  it('when an error body has no code, then one is made from the status', async () => {
    const error = await failure(api.get(`${base}/api/fastify-404`));
    assert.equal(error.status, 404);
    assert.equal(error.code, ErrorCode.notFound);
    assert.equal(error.message, 'Route GET:/x not found');
  });

  it('when a gateway answers 502 with HTML, then the error says the server cannot be reached', async () => {
    const error = await failure(api.get(`${base}/api/gateway`));
    assert.equal(error.status, 502);
    assert.equal(error.code, ClientErrorCode.network);
    assert.equal(error.message, 'Bad Gateway');
  });

  it('when a 500 has no JSON body, then the error is INTERNAL with the status text', async () => {
    const error = await failure(api.get(`${base}/api/crash`));
    assert.equal(error.status, 500);
    assert.equal(error.code, ErrorCode.internal);
    assert.equal(error.message, 'Internal Server Error');
  });

  it('when a 200 is not JSON, then the call fails as a bad response', async () => {
    const error = await failure(api.get(`${base}/api/not-json`));
    assert.equal(error.status, 200);
    assert.equal(error.code, ClientErrorCode.badResponse);
  });

  it('when nothing listens, then the call fails as a network error with status 0', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(api.get(`http://127.0.0.1:${port}/api/echo`));
    assert.equal(error.status, 0);
    assert.equal(error.code, ClientErrorCode.network);
  });

  it('when the caller aborts, then the call rejects with the abort, not an ApiError', async () => {
    const controller = new AbortController();
    const arrived = new Promise<void>((resolve) => (onHang = resolve));
    const call = api.get(`${base}/api/hang`, undefined, controller.signal);
    await arrived;
    controller.abort();
    await assert.rejects(call, (error: unknown) => {
      assert.ok(!(error instanceof ApiError));
      assert.ok(isAbortError(error));
      return true;
    });
  });

  it('when the person has chosen English, then the server is asked for English', async () => {
    await i18next.init({ lng: 'en', resources: {}, initAsync: false });
    try {
      const seen = await api.get<Seen>(`${base}/api/echo`);
      assert.equal(seen.headers['accept-language'], 'en');
    } finally {
      await i18next.changeLanguage('zh-CN');
    }
  });
});
