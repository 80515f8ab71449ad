import { maskName, normalizeMainlandMobile, type AccountPick } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountByPhone, accountNames, smsContacts } from '../identity/index.js';

/**
 * The active account that holds a mobile, its name and number masked — for those who may pick
 * it (a council's managers adding a representative, staff giving a shop to its owner). Audited
 * under `areaPath` either way, since it tells who holds a number. 400 `phone` `mobile`; 404
 * when no active account holds it.
 */
export async function pickAccountHoldingPhone(
  ctx: Ctx,
  rawPhone: string,
  audit: { areaPath: string; detail: Record<string, unknown> },
): Promise<AccountPick> {
  const phone = normalizeMainlandMobile(rawPhone);
  if (!phone)
    throw AppError.invalid(
      'phone',
      'mobile',
      'phone: must be a mainland China mobile number, 11 digits starting with 13 to 19 / 手机号应为13至19开头的11位中国大陆手机号码',
    );
  const holder = await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone));
  const found = !!holder && !holder.disabled;
  await recordAudit(ctx, {
    action: 'councils.account_pick',
    objectType: 'account',
    objectId: found ? holder.id : null,
    areaPath: audit.areaPath,
    detail: { ...audit.detail, found },
  });
  if (!found) throw AppError.notFound('No account holds this mobile / 没有使用该手机号的账号');
  const [names, contacts] = await Promise.all([
    accountNames(ctx.db, [holder.id]),
    smsContacts(ctx.db, [holder.id]),
  ]);
  return {
    accountId: holder.id,
    name: maskName(names.get(holder.id) ?? ''),
    phone: contacts.get(holder.id)?.phoneMasked ?? '',
  };
}
