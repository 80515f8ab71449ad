import { ErrorCode } from '@cc/contracts';
import { AppError } from '../errors.js';

/**
 * The key a system sends as `Authorization: Bearer <key>` (a department's, a sensor's), or a
 * 401 naming the header and whose key it wants (`what`: "the department's API key / 委办局接口密钥").
 */
export function bearerKey(header: string | undefined, what: { en: string; zh: string }): string {
  const m = typeof header === 'string' ? /^Bearer\s+(\S{1,200})$/i.exec(header) : null;
  if (!m) {
    throw new AppError(
      ErrorCode.unauthenticated,
      `Send ${what.en} as Authorization: Bearer <key> / 请提供${what.zh}`,
      { field: 'authorization', rule: 'required' },
    );
  }
  return m[1]!;
}
