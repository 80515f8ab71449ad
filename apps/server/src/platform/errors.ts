import { ErrorCode, type RowProblem } from '@cc/contracts';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** The one error type of the server. Services throw it; the HTTP layer maps it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  /** Seconds, for 429 and 503. */
  readonly retryAfter: number | undefined;
  /** A file's bad rows. */
  readonly rows: RowProblem[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { field?: string; rule?: string; retryAfter?: number; rows?: RowProblem[] } = {},
  ) {
    super(message);
    this.code = code;
    this.field = extra.field;
    this.rule = extra.rule;
    this.retryAfter = extra.retryAfter;
    this.rows = extra.rows;
  }

  get statusCode(): number {
    return STATUS[this.code];
  }

  static invalid(field: string, rule: string, message: string): AppError {
    return new AppError(ErrorCode.validation, message, { field, rule });
  }
  static notFound(message: string): AppError {
    return new AppError(ErrorCode.notFound, message);
  }
  static forbidden(message: string): AppError {
    return new AppError(ErrorCode.forbidden, message);
  }
  static unauthenticated(message = 'Sign in first / 请先登录'): AppError {
    return new AppError(ErrorCode.unauthenticated, message);
  }
  static conflict(message: string, field?: string): AppError {
    return new AppError(ErrorCode.conflict, message, field ? { field, rule: 'unique' } : {});
  }
}
