import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { sql } from 'kysely';
import type { AppDeps } from './platform/context.js';
import { AppError } from './platform/errors.js';
import { errorHandler } from './platform/http/error-handler.js';
import { fieldWithNul, validatorCompiler } from './platform/http/validation.js';
import { authenticate, readSessionToken } from './modules/identity/index.js';
import { MODULES } from './modules.js';

export interface AppOptions {
  logger?: boolean | { level: string };
}

/** Fastify with every module mounted: the HTTP face of the platform. */
export async function buildApp(deps: AppDeps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
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

  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
      },
    },
    hsts: deps.config.trustProxy,
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(headers);
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
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
  app.addHook('onRequest', async (req) => {
    req.ctx = { ...deps, actor: null, ip: req.ip ?? null };
    const token = readSessionToken(req);
    if (token && (req.url.startsWith('/api/') || req.url.startsWith('/open311/'))) {
      req.ctx.actor = await authenticate(deps.db, token);
    }
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await Promise.race([
        sql`select 1`.execute(deps.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ready' };
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
    await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
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
