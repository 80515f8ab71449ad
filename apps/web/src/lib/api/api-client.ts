import { ErrorCode, type ErrorBody } from '@cc/contracts';
import i18next from 'i18next';

/** Codes the client itself produces when there is no server error body to show. */
export const ClientErrorCode = {
  network: 'NETWORK_ERROR',
  badResponse: 'BAD_RESPONSE',
} as const;

/** A failed API call. `body` is the server's error body, or one made up from the status. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  /** Seconds from the `Retry-After` header (429, 503), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ErrorBody, retryAfterSeconds?: number) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get code(): string {
    return this.body.code;
  }

  get field(): string | undefined {
    return this.body.field;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A body sent as it is (a CSV file) with its content type, instead of `body` as JSON. */
  rawBody?: { text: string; contentType: string };
  signal?: AbortSignal;
  /** false for calls whose 401 is an answer, not an expired session (login, the first /me). */
  isAuthRedirect?: boolean;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

type UnauthorizedListener = () => void;
let unauthorizedListener: UnauthorizedListener | undefined;

/** The app registers one listener that sends the user to the login page on any 401. */
export function onUnauthorized(listener: UnauthorizedListener | undefined): void {
  unauthorizedListener = listener;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === 'string' &&
    (typeof v.code === 'string' || typeof v.statusCode === 'number')
  );
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function fallbackCode(status: number): string {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode.validation;
    case 401:
      return ErrorCode.unauthenticated;
    case 403:
      return ErrorCode.forbidden;
    case 404:
      return ErrorCode.notFound;
    case 409:
      return ErrorCode.conflict;
    case 429:
      return ErrorCode.tooManyRequests;
    case 503:
      return ErrorCode.unavailable;
    default:
      return ErrorCode.internal;
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's error body, or one made up from the status when there is none. */
function toErrorBody(parsed: unknown, status: number, statusText: string): ErrorBody {
  return isErrorBody(parsed)
    ? {
        ...parsed,
        statusCode: parsed.statusCode ?? status,
        code: parsed.code ?? fallbackCode(status),
      }
    : {
        statusCode: status,
        // A gateway answering for a server that is down: say "cannot reach the server".
        code: [502, 504].includes(status) ? ClientErrorCode.network : fallbackCode(status),
        message: statusText || `HTTP ${status}`,
      };
}

/**
 * Calls the API with JSON in and out and the session cookie. Resolves with the parsed
 * body (undefined for 204); rejects with an {@link ApiError} carrying the server's error body.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, rawBody, signal, isAuthRedirect = true } = options;
  // The server may answer in the person's language (its messages are bilingual today).
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'application/json',
    'Accept-Language': i18next.language || 'zh-CN',
  };
  if (rawBody) headers['Content-Type'] = rawBody.contentType;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: rawBody ? rawBody.text : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError({ statusCode: 0, code: ClientErrorCode.network, message: String(cause) });
  }

  const text = response.status === 204 ? '' : await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    const errorBody = toErrorBody(parsed, response.status, response.statusText);
    const error = new ApiError(errorBody, parseRetryAfter(response.headers.get('Retry-After')));
    if (response.status === 401 && isAuthRedirect) unauthorizedListener?.();
    throw error;
  }

  if (text && parsed === undefined) {
    throw new ApiError({
      statusCode: response.status,
      code: ClientErrorCode.badResponse,
      message: 'Response is not JSON',
    });
  }
  return parsed as T;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Called with the share of the body sent so far, 0–1. */
  onProgress?: (fraction: number) => void;
}

/**
 * POSTs a multipart form (a photo) with upload progress, which fetch cannot report.
 * Answers and errors as {@link apiRequest}: the parsed JSON body, or an {@link ApiError}.
 */
export function apiUpload<T>(
  path: string,
  form: FormData,
  options: UploadOptions = {},
): Promise<T> {
  const { signal, onProgress } = options;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18next.language || 'zh-CN');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const networkError = () =>
      new ApiError({ statusCode: 0, code: ClientErrorCode.network, message: 'upload failed' });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.onload = () => {
      signal?.removeEventListener('abort', onAbort);
      const parsed = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        if (parsed === undefined) {
          reject(
            new ApiError({
              statusCode: xhr.status,
              code: ClientErrorCode.badResponse,
              message: 'Response is not JSON',
            }),
          );
        } else {
          resolve(parsed as T);
        }
        return;
      }
      if (xhr.status === 0) {
        reject(networkError());
        return;
      }
      const error = new ApiError(
        toErrorBody(parsed, xhr.status, xhr.statusText),
        parseRetryAfter(xhr.getResponseHeader('Retry-After')),
      );
      if (xhr.status === 401) unauthorizedListener?.();
      reject(error);
    };
    if (signal?.aborted) {
      reject(new DOMException('Upload aborted', 'AbortError'));
      return;
    }
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};
