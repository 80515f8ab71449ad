import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { sql } from 'kysely';
import { servedOverHttps } from './platform/config.js';
import type { AppDeps } from './platform/context.js';
import { AppError } from './platform/errors.js';
import { rateLimitStore } from './platform/hit-counter.js';
import { parseLsn } from './platform/db/read-replica.js';
import { errorHandler } from './platform/http/error-handler.js';
import { EventStreams } from './platform/http/event-stream.js';
import {
  DEFAULT_BODY_LIMIT,
  isStateChanging,
  markSignedInOnly,
  refuseAnonymous,
  refuseCrossSite,
} from './platform/http/request-guards.js';
import {
  fieldWithNul,
  isNestedDeeperThan,
  MAX_JSON_DEPTH,
  validatorCompiler,
} from './platform/http/validation.js';
import { authenticate, readSessionToken } from './modules/identity/index.js';
import { MODULES } from './modules.js';

export interface AppOptions {
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /**
   * 'fastify': Fastify's own two JSON lines a request (production, read by a log collector);
   * 'line': one line a request at level info, `GET /api/cases 200 12 ms` (development, where
   * the default level, warn, leaves them out and the start's banner stays in view).
   */
  requestLog?: 'fastify' | 'line';
}

/** Fastify with every module mounted: the HTTP face of the platform. */
export async function buildApp(deps: AppDeps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // TLS_CERT_FILE / TLS_KEY_FILE: https served by the server itself
    ...(deps.config.tls ? { https: { cert: deps.config.tls.cert, key: deps.config.tls.key } } : {}),
    logger: opts.logger ?? false,
    ...(opts.requestLog === 'line' ? { logController: new OneLinePerRequest() } : {}),
    // small by default; a route that takes more says so (request-guards.ts)
    bodyLimit: DEFAULT_BODY_LIMIT,
    // X-Forwarded-* believed only from the configured proxies (TRUST_PROXY): req.ip, req.protocol
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    ajv: {
      // unknown fields are an error, not silently dropped; query strings are coerced
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
  });
  // JSON only: any other body type is a 415, not a string that fails validation later
  app.removeContentTypeParser('text/plain');
  // JSON nested deeper than any contract is refused before it is parsed: nothing later (the
  // NUL scan, validation, serialising) meets a structure thousands of levels deep
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (isNestedDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(
        AppError.invalid(
          'body',
          'maxDepth',
          `body: arrays and objects may nest at most ${MAX_JSON_DEPTH} deep / 请求内容嵌套过深`,
        ),
        undefined,
      );
      return;
    }
    void parseJson(req, body as string, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // a NUL in any text would reach PostgreSQL and fail there: refuse it here, by name
  app.addHook('preValidation', async (req) => {
    const field = fieldWithNul(req.params) ?? fieldWithNul(req.query) ?? fieldWithNul(req.body);
    if (field !== null) {
      const name = field || 'body';
      throw AppError.invalid(
        name,
        'no-nul',
        `${name}: the NUL character (\\u0000) is not allowed / 不能包含空字符`,
      );
    }
  });

  const https = servedOverHttps(deps.config);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        // the base map's tiles, when a city points the maps at its own (decision 026)
        imgSrc: ["'self'", 'data:', 'blob:', ...deps.config.baseMapHosts],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...deps.config.baseMapHosts],
        // only when people come over https: over plain http (a phone at a LAN address) the
        // browser would ask for every asset over https and get nothing
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    hsts: https,
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    // answers of the API hold personal data: no cache keeps them (a route may say otherwise)
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    refuseCrossSite(req);
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // counted where every app node sees the same count (platform/hit-counter.ts)
    store: rateLimitStore(deps.hits),
    errorResponseBuilder: (_req, context) =>
      new AppError(
        'TOO_MANY_REQUESTS',
        `Too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s / 请求过于频繁，请稍后再试`,
        { retryAfter: Math.ceil(context.ttl / 1000) },
      ),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Community Cloud API / 社区云接口',
        version: '0.1.0',
        description: 'Areas, identity and audit of the Community Cloud platform.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cc_session' },
        },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorate('deps', deps);
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req, reply) => {
    req.ctx = {
      ...deps,
      actor: null,
      ip: req.ip ?? null,
      // the replica, unless it has not yet replayed this browser's last write
      readDb: deps.replica?.readerFor(parseLsn(req.cookies[WRITTEN_COOKIE])) ?? deps.db,
    };
    const token = readSessionToken(req);
    if (token && (req.url.startsWith('/api/') || req.url.startsWith('/open311/'))) {
      req.ctx.actor = await authenticate(deps.db, token);
    }
    // before the body is read: an anonymous client cannot make us parse what it sends to a
    // route it may not use (and the connection is not kept to read the rest of it)
    if (req.routeOptions.config?.isSignedInOnly && !req.ctx.actor && hasBody(req))
      void reply.header('connection', 'close');
    refuseAnonymous(req);
  });
  // every route registered from here on: is it for signed-in people only?
  app.addHook('onRoute', markSignedInOnly);

  // live streams: capped, and closed when their session or role no longer holds
  const streams = new EventStreams(
    {
      perSession: deps.config.streamsPerSession,
      total: deps.config.maxStreams,
      recheckMs: deps.config.streamRecheckMs,
    },
    deps.live,
  );
  app.decorate('eventStreams', streams);
  // a browser that changed something reads its own change: it carries the primary's WAL
  // position after the change, and reads from the primary until the replica has replayed it
  if (deps.replica) {
    const replica = deps.replica;
    app.addHook('onSend', async (req, reply, payload) => {
      if (isStateChanging(req.method) && reply.statusCode < 400 && readSessionToken(req)) {
        const lsn = await replica.writePosition().catch(() => null);
        if (lsn)
          void reply.setCookie(WRITTEN_COOKIE, lsn, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            maxAge: 600,
          });
      }
      return payload;
    });
  }
  app.addHook('preClose', async () => streams.closeAll());
  app.get('/healthz', { schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await Promise.race([
        sql`select 1`.execute(deps.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      // live events across processes ('reconnecting' for a moment after a database restart)
      // and the read replica: 'down' means every read goes to the primary
      return { status: 'ready', live: deps.live.status, replica: deps.replica?.status ?? null };
    } catch {
      return reply.status(503).header('retry-after', '5').send({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database does not answer / 数据库暂不可用',
      });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const module of MODULES) if (module.routes) await app.register(module.routes);

  await mountWebApp(app, deps.config.webDist);
  return app;
}

/** The browser's last write: the primary's WAL position after it (see platform/db/read-replica.ts). */
const WRITTEN_COOKIE = 'cc_wal';

/** Hashed build output (dist/assets/) never changes under its name; anything else is asked again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheControlOf(dist: string, file: string): string {
  return path.relative(dist, file).startsWith(`assets${path.sep}`) ? IMMUTABLE : 'no-cache';
}

/** The path of a file inside `dist` for a URL path, or null (never outside `dist`). */
function builtFile(dist: string, urlPath: string): string | null {
  let file: string;
  try {
    file = path.resolve(dist, `.${decodeURIComponent(urlPath)}`);
  } catch {
    return null; // malformed escapes
  }
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile())
    return null;
  return path.relative(dist, file);
}

/** The built web app, with index.html for every client-side route. */
async function mountWebApp(app: FastifyInstance, dist: string): Promise<void> {
  const hasWeb = fs.existsSync(path.join(dist, 'index.html'));
  if (hasWeb) {
    // routes for the files built before start; later ones are found by the handler below
    // (a catch-all route here would also swallow the 404s of /api and /open311)
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: ['index.html'],
      // the build's .br and .gz beside each file (vite.config.ts), chosen by Accept-Encoding
      // (br, then gzip, else the file as it is), with Vary: Accept-Encoding
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => reply.header('cache-control', cacheControlOf(dist, file)),
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const urlPath = req.url.split('?')[0]!;
    const isApi = urlPath.startsWith('/api/') || urlPath.startsWith('/open311/');
    const isFile = /\.[a-z0-9]+$/i.test(urlPath) || urlPath.startsWith('/assets/');
    // a bundle rebuilt while the server runs: serve its new files without a restart
    const built =
      hasWeb && isFile && !isApi && req.method === 'GET' ? builtFile(dist, urlPath) : null;
    if (built) return reply.sendFile(built);
    // a missing asset is a 404, not the app shell served as its content
    if (isApi || isFile || req.method !== 'GET') {
      return reply.status(404).send({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: `No route ${req.method} ${urlPath} / 接口不存在`,
      });
    }
    if (!hasWeb) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: run `npm run build`.');
    }
    return reply.sendFile('index.html');
  });
}

/**
 * Helmet's security headers (CSP, nosniff, frame and referrer policies, …), worked out once.
 * They are the same for every response; @fastify/helmet rebuilt Helmet's middleware, CSP
 * parsing and all, for each request (7 % of a lookup's server time, docs/BENCHMARKS.md).
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => {},
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (e?: unknown) => {
    if (e) throw e;
  });
  return headers;
}

/** A request logged once it is answered, as one line: `GET /api/cases 200 12 ms`. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null | undefined,
    req: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = `${req.method} ${req.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(0)} ms`;
    if (error) reply.log.error({ err: error }, line);
    else req.log.info(line);
  }
}

/** Whether a body comes with the request. */
function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
