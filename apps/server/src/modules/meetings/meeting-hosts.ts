import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * Who else may hold meetings besides a residents' committee (host_type 'committee', this
 * module's own): a module registers its host type at start (councils: 'council', host_code the
 * council's id), saying who runs its meetings (their staff), who they are for (their audience)
 * and what the host is called. A meeting of an unregistered host type is nobody's (404).
 */

/** The reader's place toward a host's meetings. */
export type HostStanding = 'staff' | 'member' | 'outsider';

export interface MeetingHostType {
  /** staff: schedule, run, publish the minutes; member: read, register, check in; else 404 */
  standing(ctx: Ctx, hostCode: string): Promise<HostStanding>;
  /** the hosts' names as the meeting lists show them */
  names(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, string>>;
}

const hosts = new Map<string, MeetingHostType>();

/** Register (or replace) a host type; 'committee' is the meetings module's own. */
export function registerMeetingHost(type: string, host: MeetingHostType): void {
  if (type === 'committee') throw new Error('the committee host is the meetings module’s own');
  hosts.set(type, host);
}

export const meetingHostType = (type: string): MeetingHostType | undefined => hosts.get(type);
