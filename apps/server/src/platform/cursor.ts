import crypto from 'node:crypto';
import { AppError } from './errors.js';

/**
 * Opaque paging cursors: the position in a list (which may hold a person's name) sealed with
 * AES-256-GCM under a key derived from the data key, bound to the list and the account it was
 * given to. A client sees random bytes; a cursor altered, forged, from another list or another
 * account, or older than a day is a 400 naming `cursor`, never a 500.
 */

const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const keys = new WeakMap<Buffer, Buffer>();
function cursorKey(dataKey: Buffer): Buffer {
  let k = keys.get(dataKey);
  if (!k)
    keys.set(dataKey, (k = crypto.createHmac('sha256', dataKey).update('cc:cursor').digest()));
  return k;
}
const binding = (list: string, accountId: string | null | undefined) =>
  Buffer.from(`cc:cursor:${list}:${accountId ?? '-'}`);

/** The cursor of `position` in `list` (e.g. 'registry.residents'), for one account. */
export function sealCursor(
  dataKey: Buffer,
  list: string,
  accountId: string | null | undefined,
  position: unknown,
): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', cursorKey(dataKey), iv);
  c.setAAD(binding(list, accountId));
  const body = Buffer.concat([c.update(JSON.stringify([Date.now(), position]), 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

/** The position a cursor of `list` holds; a 400 naming `cursor` for anything it did not give out. */
export function openCursor(
  dataKey: Buffer,
  list: string,
  accountId: string | null | undefined,
  cursor: string,
): unknown {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length > 28) {
      const d = crypto.createDecipheriv('aes-256-gcm', cursorKey(dataKey), raw.subarray(0, 12));
      d.setAAD(binding(list, accountId));
      d.setAuthTag(raw.subarray(12, 28));
      const v: unknown = JSON.parse(
        Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8'),
      );
      if (Array.isArray(v) && typeof v[0] === 'number' && Date.now() - v[0] < MAX_AGE_MS)
        return v[1];
    }
  } catch {
    // falls through to the 400 below
  }
  throw AppError.invalid(
    'cursor',
    'format',
    'cursor is not one this list gave you, or it is older than a day; start from the first page / 分页游标无效或已过期，请从第一页开始',
  );
}
