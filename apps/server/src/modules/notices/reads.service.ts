import type { NoticeReads, NoticeStatus } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { buildingRefs } from '../registry/index.js';
import { managedNotice, NOT_FOUND } from './notices.service.js';

/**
 * Who has read a notice: the whole target and each building (name, targeted, read, share),
 * from the per-building counters kept with the receipts (never a count over the receipts); the
 * totals are their sums, read in the same statement. For the notice's area's staff; 404 for
 * anyone else.
 */
export async function noticeReads(ctx: Ctx, id: string): Promise<NoticeReads> {
  const n = await managedNotice(ctx, id);
  if (!n) throw AppError.notFound(NOT_FOUND);
  const rows = await ctx.db
    .selectFrom('notice_building_counts')
    .select(['building_id', 'targeted', 'read'])
    .where('notice_id', '=', id)
    .execute();
  const buildings = await buildingRefs(
    ctx.db,
    rows.map((r) => r.building_id),
  );
  const compoundNames = new Map<string, string>();
  for (const b of buildings.values()) {
    if (!compoundNames.has(b.compoundCode)) {
      compoundNames.set(b.compoundCode, (await findAreaCached(ctx.db, b.compoundCode))?.name ?? '');
    }
  }
  const items = rows
    .map((r) => {
      const b = buildings.get(r.building_id);
      return {
        buildingId: r.building_id,
        name: b?.name ?? '—',
        compoundName: (b && compoundNames.get(b.compoundCode)) ?? '',
        targeted: r.targeted,
        read: r.read,
        share: r.targeted > 0 ? r.read / r.targeted : 0,
      };
    })
    .sort(
      (a, b) =>
        a.compoundName.localeCompare(b.compoundName, 'zh') ||
        a.name.length - b.name.length ||
        a.name.localeCompare(b.name, 'zh'),
    );
  let targeted = 0;
  let read = 0;
  for (const r of rows) {
    targeted += r.targeted;
    read += r.read;
  }
  return {
    noticeId: n.id,
    title: n.title,
    status: n.status as NoticeStatus,
    delivering: n.fanout === 'running',
    targeted,
    read,
    share: targeted > 0 ? read / targeted : 0,
    buildings: items,
  };
}
