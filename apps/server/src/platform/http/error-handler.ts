import type { ErrorBody } from '@cc/contracts';
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

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
]);

function isDatabaseDown(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    (!!err.code && CONNECTION_ERRORS.has(err.code)) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      err.message ?? '',
    )
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
  if (isDatabaseDown(error)) {
    return {
      body: {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database does not answer; try again shortly / 数据库暂不可用，请稍后重试',
      },
      retryAfter: 5,
    };
  }
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
  const { body, retryAfter } = toErrorBody(error);
  if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  void reply.status(body.statusCode).send(body);
}
