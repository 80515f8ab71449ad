import { readerOf } from '../../platform/context.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { toErrorBody } from '../../platform/http/error-handler.js';
import type { Open311Error } from './open311.schemas.js';
import {
  createServiceRequest,
  describeDiscovery,
  getServiceDefinition,
  getServiceRequest,
  getServiceRequestIdFromToken,
  listServiceRequests,
  listServices,
  type Params,
} from './open311.service.js';
import { toXmlDocument, type XmlValue } from './open311.xml.js';

type Format = 'json' | 'xml';
/** The spec picks the format by extension; without one we answer JSON. */
const EXTENSIONS: readonly [suffix: string, format: Format][] = [
  ['', 'json'],
  ['.json', 'json'],
  ['.xml', 'xml'],
];
const tags = ['open311'];

function send(
  reply: FastifyReply,
  format: Format,
  root: string,
  data: XmlValue,
  status = 200,
): FastifyReply {
  void reply.status(status);
  if (format === 'xml') {
    return reply.type('text/xml; charset=utf-8').send(toXmlDocument(root, data));
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
}

/** "manhole-cover-missing.xml" → the name and the format; another extension is no resource. */
function splitExtension(segment: string): { name: string; format: Format } {
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return { name: segment, format: 'json' };
  const ext = segment.slice(dot + 1);
  if (ext !== 'json' && ext !== 'xml') {
    throw AppError.notFound(`Unknown format ".${ext.slice(0, 10)}": use .json or .xml`);
  }
  return { name: segment.slice(0, dot), format: ext };
}

function formatOfUrl(url: string): Format {
  return url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json';
}

/** application/x-www-form-urlencoded → names to values; a repeated name gives a list. */
function parseForm(body: string): Params {
  const out: Params = Object.create(null) as Params;
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/**
 * Any failure in the spec's error format. The spec's HTTP codes are 403 for a missing or wrong
 * api_key, 404 for what does not exist, and 400 for everything else, a server fault included
 * ("General Service Error … eg CRM is down"); the body's code may be more specific (409, 503).
 */
export function toOpen311Errors(error: unknown): {
  status: number;
  errors: Open311Error[];
  retryAfter?: number;
  isFault: boolean;
} {
  const fe = error as FastifyError;
  if (!(error instanceof AppError) && fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 400,
      errors: [
        {
          code: 415,
          description:
            'Send POST requests as application/x-www-form-urlencoded; charset=utf-8 / 请以表单格式提交',
        },
      ],
      isFault: false,
    };
  }
  const { body, retryAfter } = toErrorBody(error);
  const status =
    body.statusCode === 401 || body.statusCode === 403 ? 403 : body.statusCode === 404 ? 404 : 400;
  return {
    status,
    errors: [{ code: status === 400 ? body.statusCode : status, description: body.message }],
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    isFault: body.statusCode >= 500,
  };
}

/** the largest form a client may post */
const FORM_MAX_BYTES = 256 * 1024;

/**
 * Open311 GeoReport v2 at /open311/v2 (and its discovery at /open311/discovery): its own body
 * parser, error format and 404s, so nothing of our JSON API's shape reaches other cities' clients.
 */
export async function open311Routes(app: FastifyInstance): Promise<void> {
  await app.register(open311Api, { prefix: '/open311' });
}

async function open311Api(app: FastifyInstance): Promise<void> {
  // the spec's POST is a form; JSON or multipart here is a 400 in the spec's format
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, parseForm(body as string)),
  );
  app.setErrorHandler((error, req, reply) => {
    const { status, errors, retryAfter, isFault } = toOpen311Errors(error);
    if (isFault) req.log.error({ err: error }, 'open311 request failed');
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    return send(reply, formatOfUrl(req.url), 'errors', errors, status);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!.slice(0, 200);
    return send(
      reply,
      formatOfUrl(req.url),
      'errors',
      [{ code: 404, description: `No Open311 resource ${req.method} ${path} / 资源不存在` }],
      404,
    );
  });

  const discovery = (req: FastifyRequest) =>
    describeDiscovery(app.deps.config.production, `${req.protocol}://${req.host}`);
  for (const [suffix, format] of EXTENSIONS) {
    for (const base of ['/discovery', '/v2/discovery']) {
      app.get(
        `${base}${suffix}`,
        { schema: { tags, summary: 'Open311 service discovery' } },
        async (req, reply) => send(reply, format, 'discovery', discovery(req)),
      );
    }
    app.get(
      `/v2/services${suffix}`,
      { schema: { tags, summary: 'GeoReport v2: the service list (our scenarios)' } },
      async (_req, reply) => send(reply, format, 'services', listServices()),
    );
    app.get(
      `/v2/requests${suffix}`,
      { schema: { tags, summary: 'GeoReport v2: service requests filed through Open311' } },
      async (req, reply) =>
        send(
          reply,
          format,
          'service_requests',
          await listServiceRequests(readerOf(req.ctx), req.query as Params),
        ),
    );
    app.post(
      `/v2/requests${suffix}`,
      {
        // percent-encoded Chinese triples in size: room for an over-long description to get
        // its 400 naming the field (the API's default is 64 KB)
        bodyLimit: FORM_MAX_BYTES,
        schema: {
          tags,
          summary: 'GeoReport v2: file a service request (form-encoded, api_key required)',
        },
      },
      async (req, reply) => {
        const header = req.headers['idempotency-key'];
        const created = await createServiceRequest(
          req.ctx,
          (req.body as Params | undefined) ?? {},
          typeof header === 'string' ? header : undefined,
        );
        return send(reply, format, 'service_requests', created);
      },
    );
  }
  app.get<{ Params: { service_code: string } }>(
    '/v2/services/:service_code',
    { schema: { tags, summary: 'GeoReport v2: a service definition (its attributes)' } },
    async (req, reply) => {
      const { name, format } = splitExtension(req.params.service_code);
      return send(reply, format, 'service_definition', getServiceDefinition(name));
    },
  );
  app.get<{ Params: { id: string } }>(
    '/v2/requests/:id',
    { schema: { tags, summary: 'GeoReport v2: one service request' } },
    async (req, reply) => {
      const { name, format } = splitExtension(req.params.id);
      return send(
        reply,
        format,
        'service_requests',
        await getServiceRequest(readerOf(req.ctx), name),
      );
    },
  );
  app.get<{ Params: { token: string } }>(
    '/v2/tokens/:token',
    { schema: { tags, summary: 'GeoReport v2: the service_request_id behind a token' } },
    async (req, reply) => {
      const { name, format } = splitExtension(req.params.token);
      return send(
        reply,
        format,
        'service_requests',
        await getServiceRequestIdFromToken(app.deps.db, name),
      );
    },
  );
}
