import type { FastifyInstance } from 'fastify';
import { rekeyColumns, rekeyTable } from '../../platform/key-rotation.js';
import type { PlatformModule } from '../../platform/module.js';
import { phoneHmac } from '../registry/index.js';
import { scheduleActiveDecay } from './active-decay.js';
import { activitiesRoutes } from './activities.routes.js';
import { figuresRoutes } from './figures.routes.js';
import { profilesRoutes } from './profiles.routes.js';
import { tasksRoutes } from './tasks.routes.js';
import { loadShippedSkills } from './volunteer-skills.js';
import { volunteerJobHandlers } from './volunteers.jobs.js';

export type * from './volunteers.tables.js';
// the use cases the demo city (apps/server/src/demo/seed-volunteers.ts) makes its volunteers with
export { joinAsVolunteer, registerVolunteer } from './volunteer-profiles.js';
export { createTeam, putTeamMember } from './volunteer-teams.js';
export { createActivity } from './activities.js';
export { createSignup } from './signups.js';
export { confirmSignupHours } from './attendance.js';
export { answerVolunteerTask, sendVolunteerTasks } from './tasks.js';
// the grid squares of "volunteers near a place" (the bench fills volunteer_skill_cells by them)
export { cellsWithin, gridCell } from './grid.js';

/** Under a new data key: names and phones encrypted again, the phones' keyed hashes made again. */
const rekeyVolunteers = rekeyTable(
  'volunteers',
  ['name_enc', 'phone_enc'],
  { name_enc: 'text', phone_enc: 'text', phone_hmac: 'text' },
  (r, from, to) => {
    const phone = r.phone_enc ? from.decrypt(r.phone_enc as string) : null;
    return {
      name_enc: to.encrypt(from.decrypt(r.name_enc as string)),
      phone_enc: phone === null ? null : to.encrypt(phone),
      phone_hmac: phone === null ? null : phoneHmac(to, phone),
    };
  },
);

async function volunteerRoutes(app: FastifyInstance): Promise<void> {
  await profilesRoutes(app);
  await activitiesRoutes(app);
  await tasksRoutes(app);
  await figuresRoutes(app);
}

/**
 * Volunteers (志愿者): profiles (a verified resident joins, staff register people without an
 * account), skills, teams; activities with shifts and roles, sign-up with a waitlist, check-in
 * and out by a rotating code or by position; the append-only ledger of service hours with
 * badges, rankings and a certificate; tasks sent from a case or a board to volunteers near a
 * place who are available now; the volunteers topic's figures, fed live.
 */
export const manifest: PlatformModule = {
  name: 'volunteers',
  routes: volunteerRoutes,
  jobs: volunteerJobHandlers,
  rekeyers: {
    volunteers: rekeyVolunteers,
    volunteer_activities: rekeyColumns('volunteer_activities', ['code_secret_enc']),
  },
  // the shipped skills dictionary (data/volunteers/skills.json): what it lacks is added; and
  // today's count-down of active volunteers (each day's job queues the next)
  start: async (deps) => {
    await loadShippedSkills(deps.db);
    await scheduleActiveDecay(deps);
  },
};
