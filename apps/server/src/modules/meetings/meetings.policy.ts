import { MEETING_STAFF_ROLES } from '@cc/contracts';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isStaff, reaches, scopeRoots } from '../../platform/policy.js';
import { residentHome, type ResidentHome } from '../residents/index.js';
import { meetingHostType } from './meeting-hosts.js';
import { MEETING_NOT_FOUND } from './meetings.repo.js';

/** What a policy needs of a meeting: its host. */
export interface MeetingHost {
  host_type: string;
  host_code: string;
  area_path: string;
}

/** Staff who run the host's meetings: its committee's staff, the street's operators above. */
export const canRun = (actor: Actor | null, m: { area_path: string }): boolean =>
  reaches(actor, m.area_path, MEETING_STAFF_ROLES);

/** The area paths whose meetings the actor runs (none for a resident). */
export const staffScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, MEETING_STAFF_ROLES));

export const UNVERIFIED =
  'Meetings are for verified residents: verify your home first / 请先完成住户认证后再参加议事会';

/**
 * Who the meeting is for, as the reader stands: its staff; a member of its audience (for a
 * committee: a verified resident of it, `home` theirs; for a registered host type, as the host
 * says, `home` null); someone unverified (403, saying why); or anyone else (404: never say it
 * exists). A host type other than 'committee' answers through its registration
 * (meeting-hosts.ts): a co-governance council's staff and its representatives.
 */
export type Audience =
  | { kind: 'staff' }
  | { kind: 'member'; home: ResidentHome | null }
  | { kind: 'unverified' }
  | { kind: 'outsider' };

export async function audienceOf(ctx: Ctx, m: MeetingHost): Promise<Audience> {
  if (m.host_type !== 'committee') {
    const host = meetingHostType(m.host_type);
    const standing = host ? await host.standing(ctx, m.host_code) : 'outsider';
    return standing === 'member' ? { kind: 'member', home: null } : { kind: standing };
  }
  if (canRun(ctx.actor, m)) return { kind: 'staff' };
  if (!ctx.actor) return { kind: 'outsider' };
  switch (m.host_type) {
    case 'committee': {
      const home = await residentHome(ctx.db, ctx.actor.id);
      // staff of another area are not asked to verify a home: they are simply elsewhere
      if (!home) return isStaff(ctx.actor) ? { kind: 'outsider' } : { kind: 'unverified' };
      return home.committeeCode === m.host_code ? { kind: 'member', home } : { kind: 'outsider' };
    }
    default:
      return { kind: 'outsider' };
  }
}

/** The audience, or the refusal: 404 for outsiders, 403 saying why for the unverified. */
export async function requireAudience(
  ctx: Ctx,
  m: MeetingHost,
): Promise<Exclude<Audience, { kind: 'unverified' | 'outsider' }>> {
  const a = await audienceOf(ctx, m);
  if (a.kind === 'outsider') throw AppError.notFound(MEETING_NOT_FOUND);
  if (a.kind === 'unverified') throw AppError.forbidden(UNVERIFIED);
  return a;
}

/** The host's staff may do it; a member is refused (403), anyone else does not see it (404). */
export async function requireStaff(ctx: Ctx, m: MeetingHost): Promise<void> {
  const a = await audienceOf(ctx, m);
  if (a.kind === 'staff') return;
  if (a.kind === 'member') {
    throw AppError.forbidden(
      m.host_type === 'committee'
        ? "Only the host's staff do this / 仅居委会工作人员或街道工作人员可进行此操作"
        : "Only those who run the host's meetings do this / 仅会议主办方的负责人可进行此操作",
    );
  }
  if (a.kind === 'unverified') throw AppError.forbidden(UNVERIFIED);
  throw AppError.notFound(MEETING_NOT_FOUND);
}

/**
 * The reader's verified home when they belong to the meeting's audience as a resident (to
 * register or check in); null for a member of a registered host's audience (a council's
 * representative: no home needed); 403 saying why for staff with no home there and for the
 * unverified, 404 for anyone else.
 */
export async function requireMember(ctx: Ctx, m: MeetingHost): Promise<ResidentHome | null> {
  if (m.host_type !== 'committee') {
    const a = await audienceOf(ctx, m);
    if (a.kind === 'member') return null;
    if (a.kind === 'staff')
      throw AppError.forbidden(
        'Those who run the meeting record attendance on the list / 会议负责人请在签到名单中登记出席',
      );
    throw AppError.notFound(MEETING_NOT_FOUND);
  }
  const home = ctx.actor ? await residentHome(ctx.db, ctx.actor.id) : null;
  if (m.host_type === 'committee' && home?.committeeCode === m.host_code) return home;
  if (canRun(ctx.actor, m)) {
    throw AppError.forbidden(
      'Residents register for meetings; staff record attendance on the list / 住户报名参会，工作人员请在签到名单中登记',
    );
  }
  if (!home && !isStaff(ctx.actor)) throw AppError.forbidden(UNVERIFIED);
  throw AppError.notFound(MEETING_NOT_FOUND);
}
