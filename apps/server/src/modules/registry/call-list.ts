import { CALL_LIST_MAX, type CallList, type CallListBody } from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { appendAudits, auditEntry } from '../audit/index.js';
import { requireRegistryArea } from './registry.repo.js';
import { mayReveal } from './registry.policy.js';
import {
  ageThisYear,
  inArea,
  inListOrder,
  openContact,
  requirePeopleLevel,
  residentQuery,
} from './residents.service.js';

/**
 * The call list of a care group (独居老人, 高龄老人, …): committee staff reveal, for one stated
 * reason, a page (at most CALL_LIST_MAX) of the group's present members in an area — name,
 * phone, room and emergency contact — instead of one reveal per person. The same rule as one
 * reveal: only the roles that may reveal, only within their area (else 403, audited). Each
 * person on the page is one audit entry (registry.resident.reveal with the reason and the
 * group), all appended in one transaction and one statement before anything is opened.
 */

const CALL_LIST = 'registry.call-list';
const ACTION = 'registry.resident.reveal';

function afterCursor(ctx: Ctx, cursor: string): [string, string] {
  const v = openCursor(ctx.cipher.key, CALL_LIST, ctx.actor?.id, cursor);
  if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  throw AppError.invalid('cursor', 'format', 'cursor is not one this list gave out / 分页游标无效');
}

export async function revealCallList(ctx: Ctx, body: CallListBody): Promise<CallList> {
  const area = await requireRegistryArea(ctx, body.area, mayReveal, ACTION);
  requirePeopleLevel(area);
  const group = await ctx.db
    .selectFrom('registry_tags')
    .select(['code', 'care'])
    .where('code', '=', body.tag)
    .executeTakeFirst();
  if (!group?.care)
    throw AppError.invalid(
      'tag',
      'care',
      'tag: a call list is made for a care group of the tag dictionary / 拨打名单须选择关爱对象类别',
    );
  const limit = Math.min(body.limit ?? CALL_LIST_MAX, CALL_LIST_MAX);
  let query = inArea(residentQuery(ctx.db), area)
    .where(sql<boolean>`${body.tag} = any(r.tags)`)
    .where('r.status', '=', 'present');
  if (body.cursor) {
    const [name, id] = afterCursor(ctx, body.cursor);
    query = query.where(
      sql<boolean>`(r.name ~>~ ${name} or (r.name = ${name} and r.id > ${id}::uuid))`,
    );
  }
  const rows = await inListOrder(query)
    .select(['r.phone_enc', 'r.contact_name_enc', 'r.contact_phone_enc'])
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  await appendAudits(
    ctx.db,
    ctx,
    page.map((r) =>
      auditEntry(ctx, {
        action: ACTION,
        objectType: 'resident',
        objectId: r.id,
        areaPath: r.area_path,
        detail: {
          reason: body.reason,
          committee: r.committee_code,
          callList: body.tag,
          listSize: page.length,
        },
      }),
    ),
  );
  const last = page[page.length - 1];
  return {
    tag: body.tag,
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone_enc ? ctx.cipher.decrypt(r.phone_enc) : null,
      roomLabel: r.room_label,
      age: ageThisYear(r.birth_date),
      sex: r.sex as CallList['items'][number]['sex'],
      emergencyContact: openContact(ctx, r),
    })),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, CALL_LIST, ctx.actor?.id, [last.name, last.id])
        : null,
  };
}
