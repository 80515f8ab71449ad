import type { MeetingDetail, MeetingList, ScheduleCouncilMeetingBody } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import {
  listHostMeetings,
  scheduleHostedMeeting,
  type HostStanding,
  type MeetingHostType,
} from '../meetings/index.js';
import { canManage, requireCouncilReader, requireThat, standingIn } from './councils.policy.js';
import { findCouncil } from './councils.repo.js';

/**
 * Council meetings (decision 022): meetings of the meetings module whose host is the council
 * (host_type 'council', host_code its id, area_path its street's). Registered with the meetings
 * module at start: those who run the council (staff over its street, its chair and secretary)
 * run its meetings; its members' representatives are their audience; nobody else sees them.
 * Motions are put to them by `meetingId`.
 */

export const COUNCIL_HOST = 'council';
const MANAGE_ONLY =
  "Only the council's staff, chair or secretary call its meetings / 仅街道工作人员、主任或秘书可召集会议";

/** The council as a meeting host, for `registerMeetingHost('council', …)`. */
export const councilMeetingHost: MeetingHostType = {
  async standing(ctx: Ctx, councilId: string): Promise<HostStanding> {
    const council = await findCouncil(ctx.db, councilId);
    if (!council) return 'outsider';
    const s = await standingIn(ctx, council);
    return canManage(s) ? 'staff' : s.rep ? 'member' : 'outsider';
  },
  async names(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('councils')
      .select(['id', 'name'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },
};

const hostOf = (c: { id: string; area_path: string }) => ({
  type: COUNCIL_HOST,
  code: c.id,
  areaPath: c.area_path,
});

/** Those who run the council schedule one of its meetings (the meetings module's checks). */
export async function scheduleCouncilMeeting(
  ctx: Ctx,
  councilId: string,
  body: ScheduleCouncilMeetingBody,
): Promise<MeetingDetail> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  requireThat(canManage(standing), MANAGE_ONLY);
  return scheduleHostedMeeting(ctx, hostOf(council), body);
}

/** The council's meetings, the newest first (its readers). */
export async function listCouncilMeetings(
  ctx: Ctx,
  councilId: string,
  q: { cursor?: string; limit?: number },
): Promise<MeetingList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  return listHostMeetings(ctx, hostOf(council), q);
}
