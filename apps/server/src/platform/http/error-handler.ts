import { ErrorCode, type ErrorBody } from '@cc/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

interface ValidationItem {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv's error → the field it names ("username", "roles/0/areaCode") and the rule it broke. */
function describeValidation(
  items: ValidationItem[],
  context: string | undefined,
): { field: string; rule: string; message: string } {
  const v = items[0]!;
  const segments = v.instancePath.split('/').filter(Boolean);
  const extra =
    (v.params.missingProperty as string | undefined) ??
    (v.params.additionalProperty as string | undefined);
  if (extra) segments.push(extra);
  const field = segments.join('.') || (context ?? 'body');
  const rule = v.keyword === 'additionalProperties' ? 'unknown-field' : v.keyword;
  let message: string;
  if (v.keyword === 'required') message = `${field} is required`;
  else if (v.keyword === 'additionalProperties') message = `${field} is not a known field`;
  else message = `${field} ${v.message ?? 'is invalid'}`;
  return { field, rule, message: `${context ?? 'request'}: ${message}` };
}

/** Codes of a database that is down, restarting or out of reach (node's and PostgreSQL's). */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown: a fast shutdown or restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  // read_only_sql_transaction: a write reached a standby, as during a failover between the
  // primary's death and the replica's promotion (decision 029)
  '25006',
  '53300', // too_many_connections
]);
/** what `pg` says of a connection it lost or could not make (these errors carry no code) */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/;

function isConnectionError(e: unknown, depth = 0): boolean {
  const err = e as { code?: unknown; message?: unknown; errors?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  const code = typeof err.code === 'string' ? err.code : '';
  // class 08: connection exceptions
  if (CONNECTION_ERRORS.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof err.message === 'string' && CONNECTION_MESSAGES.test(err.message)) return true;
  // connecting to a name with several addresses fails with one error per address
  return (
    depth < 2 &&
    Array.isArray(err.errors) &&
    err.errors.some((x) => isConnectionError(x, depth + 1))
  );
}

/**
 * A connection error of the database (down, restarting, unreachable) as the 503 it is, or null
 * for any other error. While PostgreSQL restarts every request gets this clear answer, and the
 * pool connects again by itself once it is back.
 */
export function databaseUnavailable(e: unknown): AppError | null {
  if (!isConnectionError(e)) return null;
  return new AppError(
    ErrorCode.unavailable,
    'The database does not answer; try again shortly / 数据库暂不可用，请稍后重试',
    { retryAfter: 5 },
  );
}

export function toErrorBody(error: unknown): {
  body: ErrorBody;
  retryAfter?: number;
} {
  if (error instanceof AppError) {
    return {
      body: {
        statusCode: error.statusCode,
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        ...(error.rule ? { rule: error.rule } : {}),
        ...(error.rows ? { rows: error.rows } : {}),
      },
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    };
  }
  const fe = error as FastifyError & { validation?: ValidationItem[] };
  if (fe.validation?.length) {
    const d = describeValidation(fe.validation, fe.validationContext);
    return { body: { statusCode: 400, code: 'VALIDATION_FAILED', ...d } };
  }
  const unavailable = databaseUnavailable(error);
  if (unavailable) return toErrorBody(unavailable);
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) {
    return {
      body: {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        field: 'body',
        rule: 'maxSize',
        message: fe.message,
      },
    };
  }
  if (status === 415) {
    return {
      body: {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        field: 'content-type',
        rule: 'mediaType',
        message: `${fe.message}; send application/json`,
      },
    };
  }
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx: unparsable JSON, empty body, bad content length…
    return {
      body: {
        statusCode: status,
        code:
          status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : 'VALIDATION_FAILED',
        message: fe.message,
        ...(status === 400 ? { field: 'body', rule: 'format' } : {}),
      },
    };
  }
  return {
    body: {
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Internal error / 服务器内部错误',
    },
  };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { body, retryAfter } = toErrorBody(bodyTooLarge(error, request) ?? error);
  if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  void reply.status(body.statusCode).send(body);
}

/** Fastify's 413 for a body over the route's limit, as ours: it says what the limit is. */
function bodyTooLarge(error: unknown, request: FastifyRequest): AppError | null {
  if ((error as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return null;
  const limit = request.routeOptions.bodyLimit ?? 0;
  const size =
    limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return new AppError(
    ErrorCode.payloadTooLarge,
    `body: this request takes at most ${size} / 请求内容不能超过 ${size}`,
    { field: 'body', rule: 'maxSize' },
  );
}
