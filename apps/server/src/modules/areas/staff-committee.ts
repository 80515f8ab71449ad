import type { Role } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { findAreaCached } from './areas.service.js';

/**
 * The committee a staff member means when they make something for one (a meeting, a vote, an
 * elevator project): the one they name, or — left out — their only committee among `roles`'
 * bindings (400 `committeeCode` `required` with `required` as the message when they have none
 * or several). A code that is not a committee the caller's policy lets them act in is a 404.
 */
export async function staffCommittee(
  ctx: Ctx,
  code: string | undefined,
  o: { roles: readonly Role[]; mayAct: (path: string) => boolean; required: string },
) {
  if (code === undefined) {
    const own = [
      ...new Set(
        bindingsWith(ctx.actor, o.roles)
          .filter((b) => b.areaLevel === 'committee')
          .map((b) => b.areaCode),
      ),
    ];
    if (own.length !== 1) throw AppError.invalid('committeeCode', 'required', o.required);
    code = own[0]!;
  }
  const area = await findAreaCached(ctx.db, code);
  if (!area || area.level !== 'committee' || !o.mayAct(area.path))
    throw AppError.notFound(
      'No such committee in your area: committeeCode / 您的辖区内没有该居委会（committeeCode）',
    );
  return area;
}
