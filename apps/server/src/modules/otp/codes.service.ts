import crypto from 'node:crypto';
import {
  CODE_MAX_TRIES,
  CODE_TTL_SECONDS,
  maskPhone,
  normalizeMainlandMobile,
  type CodePurpose,
  type CodeRequestAnswer,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DataCipher } from '../../platform/crypto.js';
import { executeTogether, type Statement } from '../../platform/db/execute-together.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { accountByPhone, addressKey } from '../identity/index.js';
import { smsToPhoneWrites } from '../notifications/index.js';

/**
 * One-time SMS codes (decision 013): six digits, stored only as a keyed hash, good for
 * CODE_TTL_SECONDS and CODE_MAX_TRIES tries, one live code per phone and purpose (a newer one
 * replaces it). Sending is limited per phone (one a minute, PHONE_DAILY_CAP a day) and per
 * client address (ADDRESS_CAP in ADDRESS_WINDOW_MS), and phone-change codes per signed-in
 * account (ACCOUNT_PHONE_CAP a day: a session cannot text number after number), counted in the
 * database in single statements so that the limits hold across app processes. A request
 * answers the same whether the number has an account or not.
 */
export const PHONE_INTERVAL_MS = 60_000;
export const PHONE_DAILY_CAP = 10;
export const PHONE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const ADDRESS_CAP = 20;
export const ADDRESS_WINDOW_MS = 10 * 60 * 1000;
/** Phone-change codes ('phone') one signed-in account may ask for in PHONE_WINDOW_MS. */
export const ACCOUNT_PHONE_CAP = 5;

/** The city at the root of the area tree: texts to a number without an account are read there. */
const CITY_CODE = '310000000000';

const interval = (ms: number) => sql`${`${ms} milliseconds`}::interval`;

/** The codes' own HMAC key, derived from the data key (so a code hash is useless without it). */
const codeKeys = new WeakMap<Buffer, Buffer>();
function codeKey(cipher: DataCipher): Buffer {
  let key = codeKeys.get(cipher.key);
  if (!key) {
    key = crypto.createHmac('sha256', cipher.key).update('cc:otp:v1').digest();
    codeKeys.set(cipher.key, key);
  }
  return key;
}

function codeHash(cipher: DataCipher, phoneHmac: string, purpose: string, code: string): string {
  return crypto
    .createHmac('sha256', codeKey(cipher))
    .update(`${purpose}\n${phoneHmac}\n${code}`)
    .digest('base64url');
}

/** The phone as typed → its 11 digits, or a 400 that names `field`. */
export function requireMobile(value: string, field = 'phone'): string {
  const phone = normalizeMainlandMobile(value);
  if (!phone) {
    throw AppError.invalid(
      field,
      'mainland-mobile',
      `${field}: must be a mainland China mobile number, 11 digits starting with 13 to 19 / 手机号应为13至19开头的11位中国大陆手机号码`,
    );
  }
  return phone;
}

const tooMany = (seconds: number, en: string, zh: string) =>
  new AppError(
    'TOO_MANY_REQUESTS',
    `${en}; try again in ${seconds} s / ${zh}，请 ${seconds} 秒后再试`,
    {
      retryAfter: seconds,
    },
  );

/**
 * Claim one send under `key`: refused (with the seconds to wait) when `cap` sends lie in the
 * window, or when the last send is less than `gapMs` old. One statement: concurrent requests
 * and other processes cannot slip past.
 */
async function claimSend(
  db: Kysely<DB>,
  key: string,
  cap: number,
  windowMs: number,
  gapMs: number,
): Promise<number | null> {
  const { rows } = await sql<{ sent: number }>`
    insert into code_send_limits as l (key, sent, window_ends_at, last_sent_at)
    values (${key}, 1, now() + ${interval(windowMs)}, now())
    on conflict (key) do update set
      sent = case when l.window_ends_at <= now() then 1 else l.sent + 1 end,
      window_ends_at = case when l.window_ends_at <= now()
        then now() + ${interval(windowMs)} else l.window_ends_at end,
      last_sent_at = now()
    where (l.window_ends_at <= now() or l.sent < ${cap})
      and l.last_sent_at <= now() - ${interval(gapMs)}
    returning sent`.execute(db);
  if (rows.length > 0) return null;
  const { rows: left } = await sql<{ wait_ms: number }>`
    select greatest(
      case when l.window_ends_at > now() and l.sent >= ${cap}
        then extract(epoch from (l.window_ends_at - now())) * 1000 else 0 end,
      extract(epoch from (l.last_sent_at + ${interval(gapMs)} - now())) * 1000,
      1000) as wait_ms
    from code_send_limits l where l.key = ${key}`.execute(db);
  return Math.max(1, Math.ceil(Number(left[0]?.wait_ms ?? 1000) / 1000));
}

export interface IssueInput {
  phone: string;
  purpose: CodePurpose;
  ip: string | null;
}

/**
 * Send a code for `purpose` to `phone` when the purpose allows it for this number: a sign-up
 * code to a number without an account (one with an account is told so instead); a sign-in or
 * reset code only to an enabled account without staff roles (staff have no SMS way in: their
 * password is reset by an administrator); a phone-change code to the signed-in account's new
 * number. Otherwise nothing is sent, and the answer is the same.
 */
export async function issueCode(ctx: Ctx, input: IssueInput): Promise<CodeRequestAnswer> {
  const phone = requireMobile(input.phone);
  if (input.purpose === 'phone' && !ctx.actor) throw AppError.unauthenticated();
  const address = addressKey(input.ip);
  const addressWait = await claimSend(
    ctx.db,
    `address:${address}`,
    ADDRESS_CAP,
    ADDRESS_WINDOW_MS,
    0,
  );
  if (addressWait !== null) {
    throw tooMany(
      addressWait,
      `Too many code requests from your address (at most ${ADDRESS_CAP} in ${ADDRESS_WINDOW_MS / 60_000} min)`,
      '验证码请求过于频繁',
    );
  }
  if (input.purpose === 'phone') {
    const accountWait = await claimSend(
      ctx.db,
      `account:${ctx.actor!.id}`,
      ACCOUNT_PHONE_CAP,
      PHONE_WINDOW_MS,
      0,
    );
    if (accountWait !== null) {
      throw tooMany(
        accountWait,
        `At most ${ACCOUNT_PHONE_CAP} phone-change codes a day for one account`,
        `每个账号每天最多获取 ${ACCOUNT_PHONE_CAP} 次更换手机号验证码`,
      );
    }
  }
  const phoneHmac = ctx.cipher.lookupHash(phone);
  const phoneWait = await claimSend(
    ctx.db,
    `phone:${phoneHmac}`,
    PHONE_DAILY_CAP,
    PHONE_WINDOW_MS,
    PHONE_INTERVAL_MS,
  );
  if (phoneWait !== null) {
    throw tooMany(
      phoneWait,
      `phone: at most one code a minute and ${PHONE_DAILY_CAP} a day to one number`,
      '同一手机号每分钟最多发送 1 条、每天最多 10 条验证码',
    );
  }

  const holder = await accountByPhone(ctx.db, phoneHmac);
  let sends: 'code' | 'notice' | 'none';
  switch (input.purpose) {
    case 'sign-up':
      sends = holder ? 'notice' : 'code';
      break;
    case 'sign-in':
    case 'reset':
      sends = holder && !holder.disabled && !holder.isStaff ? 'code' : 'none';
      break;
    case 'phone':
    case 'declare':
      sends = 'code';
      break;
  }
  const audit = {
    action: 'otp.code.request',
    objectType: 'phone',
    objectId: null,
    detail: { purpose: input.purpose, phone: maskPhone(phone), sends },
  };
  if (sends === 'none') {
    await recordAudit(ctx, audit);
    return { sent: true, expiresInSeconds: CODE_TTL_SECONDS };
  }
  const city = await findAreaCached(ctx.db, CITY_CODE);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const text =
    sends === 'notice'
      ? '【社区云】该手机号已注册社区云账号，请直接登录；如忘记密码，可通过“忘记密码”重设。'
      : `【社区云】验证码 ${code}，${CODE_TTL_SECONDS / 60} 分钟内有效，仅用于${PURPOSE_TEXT[input.purpose]}。请勿告诉他人。`;
  await ctx.db.transaction().execute(async (trx) => {
    const statements: (Statement | null)[] = [
      sends === 'code'
        ? trx
            .insertInto('one_time_codes')
            .values({
              phone_hmac: phoneHmac,
              purpose: input.purpose,
              code_hmac: codeHash(ctx.cipher, phoneHmac, input.purpose, code),
              account_id: input.purpose === 'phone' ? ctx.actor!.id : null,
              tries: 0,
              created_at: new Date(),
              expires_at: new Date(Date.now() + CODE_TTL_SECONDS * 1000),
            })
            .onConflict((oc) =>
              oc.columns(['phone_hmac', 'purpose']).doUpdateSet((eb) => ({
                code_hmac: eb.ref('excluded.code_hmac'),
                account_id: eb.ref('excluded.account_id'),
                tries: 0,
                created_at: eb.ref('excluded.created_at'),
                expires_at: eb.ref('excluded.expires_at'),
              })),
            )
        : null,
      ...smsToPhoneWrites(trx, ctx, {
        phone,
        text,
        areaPath: city?.path ?? null,
        recipientId: holder?.id ?? null,
      }),
    ];
    await executeTogether<DB>(trx, statements);
    await recordAudit(ctx, audit, trx);
  });
  ctx.jobs.kick();
  return { sent: true, expiresInSeconds: CODE_TTL_SECONDS };
}

const PURPOSE_TEXT: Record<CodePurpose, string> = {
  'sign-up': '注册',
  'sign-in': '登录',
  reset: '重设密码',
  phone: '更换手机号',
  declare: '信息申报',
};

export interface ConsumeInput {
  /** the phone as typed (checked again: a 400 naming `phone`) */
  phone: string;
  purpose: CodePurpose;
  code: string;
  /** purpose 'phone': the account that asked for the code */
  accountId?: string | null;
}

const WRONG_CODE =
  'code: the code is wrong, expired or used already; ask for a new one / 验证码错误、已过期或已使用，请重新获取';
/** The one answer to a code that does not hold, for whatever reason (a 400 naming `code`). */
export const wrongCode = (): AppError => AppError.invalid('code', 'matches', WRONG_CODE);

/**
 * Use a code once: a 400 naming `code` when there is none, it expired, it had its
 * CODE_MAX_TRIES tries, it belongs to another account, or it is wrong (a try counted). Runs
 * on `deps.db` by itself, never inside the caller's transaction, so that a counted try stays
 * counted when the caller's work fails. Returns the phone's 11 digits.
 */
export async function consumeCode(
  deps: Pick<AppDeps, 'db' | 'cipher'>,
  input: ConsumeInput,
): Promise<string> {
  const phone = requireMobile(input.phone);
  if (!/^\d{6}$/.test(input.code.trim())) throw wrongCode();
  const phoneHmac = deps.cipher.lookupHash(phone);
  // the try is claimed first: the sixth is refused whatever the code
  const row = await deps.db
    .updateTable('one_time_codes')
    .set((eb) => ({ tries: eb('tries', '+', 1) }))
    .where('phone_hmac', '=', phoneHmac)
    .where('purpose', '=', input.purpose)
    .where('tries', '<', CODE_MAX_TRIES)
    .where('expires_at', '>', new Date())
    .returning(['code_hmac', 'account_id'])
    .executeTakeFirst();
  if (!row) throw wrongCode();
  const given = codeHash(deps.cipher, phoneHmac, input.purpose, input.code.trim());
  const isRight =
    crypto.timingSafeEqual(Buffer.from(given), Buffer.from(row.code_hmac)) &&
    (input.purpose !== 'phone' || row.account_id === (input.accountId ?? null));
  if (!isRight) throw wrongCode();
  // good once: whoever deletes it first has used it
  const used = await deps.db
    .deleteFrom('one_time_codes')
    .where('phone_hmac', '=', phoneHmac)
    .where('purpose', '=', input.purpose)
    .where('code_hmac', '=', row.code_hmac)
    .executeTakeFirst();
  if (Number(used.numDeletedRows) === 0) throw wrongCode();
  return phone;
}

/** Codes and counters long past: nothing left to check or count. */
export async function purgeCodes(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('one_time_codes').where('expires_at', '<', new Date()).execute();
  await db
    .deleteFrom('code_send_limits')
    .where('window_ends_at', '<', new Date(Date.now() - PHONE_WINDOW_MS))
    .execute();
}

/**
 * A new data key changes every phone's lookup hash and the codes' key: the live codes and the
 * per-phone counters under the old one are dropped (a code lives five minutes anyway).
 */
export async function dropCodesForRekey(trx: Kysely<DB>): Promise<number> {
  const codes = await trx.deleteFrom('one_time_codes').executeTakeFirst();
  await trx.deleteFrom('code_send_limits').where('key', 'like', 'phone:%').execute();
  return Number(codes.numDeletedRows);
}
