import type { EmergencyContactBody, Resident } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit } from '../audit/index.js';
import { checkPhone } from './documents.js';
import { contactColumns, type ContactPlain } from './records.js';
import { recordChange } from './registry.repo.js';
import { mayEditRegistry, maySeePeople } from './registry.policy.js';
import { getResident, NOT_FOUND } from './residents.service.js';

/**
 * A resident's emergency contact (紧急联系人): set or removed by the committee staff who may
 * change the resident, sealed like the resident's own phone (records.ts, contactColumns), named
 * in the history without its values. Shown masked with the resident; a reveal opens it.
 */

const NAME_MAX = 40;

/** The contact's fields checked: the name trimmed, the phone a mobile or a landline. */
export function checkContact(body: EmergencyContactBody): ContactPlain {
  const name = body.name.trim();
  if (!name || [...name].length > NAME_MAX)
    throw AppError.invalid(
      'name',
      'length',
      `name: the contact's name must be 1-${NAME_MAX} characters / 紧急联系人姓名须为 1-${NAME_MAX} 个字符`,
    );
  const phone = checkPhone(body.phone);
  if (!phone.ok) throw AppError.invalid('phone', 'format', `phone: ${phone.reason}`);
  return { name, relation: body.relation, phone: phone.normalized };
}

/** The resident if the actor may change them: 404 outside their scope, 403 (audited) to look only. */
async function editable(ctx: Ctx, id: string) {
  const r = await ctx.db
    .selectFrom('residents')
    .select(['id', 'area_path', 'committee_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r || !maySeePeople(ctx.actor, r.area_path)) throw AppError.notFound(NOT_FOUND);
  if (!mayEditRegistry(ctx.actor, r.area_path))
    await denyAndAudit(
      ctx,
      {
        action: 'registry.resident.update',
        objectType: 'resident',
        objectId: id,
        areaPath: r.area_path,
      },
      'Only committee staff change the registry / 仅居委工作人员可修改登记信息',
    );
  return r;
}

async function writeContact(
  ctx: Ctx,
  r: { id: string; committee_code: string },
  contact: ContactPlain | null,
): Promise<Resident> {
  const id = r.id;
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx
      .updateTable('residents')
      .set({
        ...contactColumns(ctx.cipher, contact),
        contact_updated_at: contact ? now : null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    // named, never its values: true for set or changed (the page says 已修改), null for removed
    await recordChange(trx, ctx, 'resident', id, r.committee_code, 'update', {
      emergencyContact: contact ? true : null,
    });
  });
  return getResident(ctx, id);
}

export async function setEmergencyContact(
  ctx: Ctx,
  id: string,
  body: EmergencyContactBody,
): Promise<Resident> {
  // scope first: a caller outside it learns nothing from the checks
  const r = await editable(ctx, id);
  return writeContact(ctx, r, checkContact(body));
}

export async function clearEmergencyContact(ctx: Ctx, id: string): Promise<Resident> {
  return writeContact(ctx, await editable(ctx, id), null);
}
