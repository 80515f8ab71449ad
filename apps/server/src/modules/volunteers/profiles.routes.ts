import {
  CreateVolunteerSkillBody,
  CreateVolunteerTeamBody,
  JoinVolunteerBody,
  RegisterVolunteerBody,
  UpdateVolunteerBody,
  VolunteerCertificate,
  VolunteerCertificateBody,
  VolunteerHoursLedger,
  VolunteerHoursQuery,
  VolunteerList,
  VolunteerListQuery,
  VolunteerNearbyList,
  VolunteerNearbyQuery,
  VolunteerParams,
  VolunteerProfile,
  VolunteerRanking,
  VolunteerRankingQuery,
  VolunteerSkill,
  VolunteerSkillList,
  VolunteerTeam,
  VolunteerTeamDetail,
  VolunteerTeamList,
  VolunteerTeamMemberBody,
  VolunteerTeamMemberParams,
  VolunteerTeamQuery,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { hoursLedger } from './hours-ledger.js';
import { issueHoursCertificate } from './volunteer-certificates.js';
import { volunteersNearby } from './volunteer-nearby.js';
import {
  getMyProfile,
  getVolunteer,
  joinAsVolunteer,
  leaveVolunteering,
  listVolunteers,
  myVolunteerRow,
  registerVolunteer,
  requireVolunteerForStaff,
  updateVolunteer,
} from './volunteer-profiles.js';
import { volunteerRanking } from './volunteer-rankings.js';
import { addSkill, listSkills } from './volunteer-skills.js';
import {
  createTeam,
  getTeam,
  listTeams,
  putTeamMember,
  removeTeamMember,
} from './volunteer-teams.js';

const tags = ['volunteers'];
const pre = { preHandler: requireSignIn };

/** Profiles, skills, teams, hours and their certificate, rankings, and "near here". */
export async function profilesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- skills ----
  r.get(
    '/api/volunteer-skills',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The skills dictionary (anyone signed in)',
        response: { 200: VolunteerSkillList, ...errorResponses },
      },
    },
    (req) => listSkills(req.ctx),
  );
  r.post(
    '/api/volunteer-skills',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a skill to the dictionary (volunteer staff; a taken code is a 409; audited)',
        body: CreateVolunteerSkillBody,
        response: { 201: VolunteerSkill, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await addSkill(req.ctx, req.body)),
  );

  // ---- the volunteer themselves ----
  r.put(
    '/api/volunteers/me',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Join as a volunteer (201) or edit my profile (200): verified residents of the committee',
        body: JoinVolunteerBody,
        response: { 200: VolunteerProfile, 201: VolunteerProfile, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { profile, created } = await joinAsVolunteer(req.ctx, req.body);
      return reply.status(created ? 201 : 200).send(profile);
    },
  );
  r.get(
    '/api/volunteers/me',
    {
      ...pre,
      schema: {
        tags,
        summary: 'My volunteer profile (404 when I am not a volunteer)',
        response: { 200: VolunteerProfile, ...errorResponses },
      },
    },
    (req) => getMyProfile(req.ctx),
  );
  r.delete(
    '/api/volunteers/me',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Leave volunteering (the hours stay in the ledger; audited)',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await leaveVolunteering(req.ctx);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/volunteers/me/hours',
    {
      ...pre,
      schema: {
        tags,
        summary: 'My hours: totals by year and kind, badges, and the ledger newest first',
        querystring: VolunteerHoursQuery,
        response: { 200: VolunteerHoursLedger, ...errorResponses },
      },
    },
    async (req) => {
      const me = await myVolunteerRow(req.ctx);
      return hoursLedger(req.ctx.db, req.ctx.cipher.key, req.ctx.actor!.id, me.id, req.query);
    },
  );
  r.post(
    '/api/volunteers/me/certificates',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A verifiable certificate of my confirmed hours (a year, or all time)',
        body: VolunteerCertificateBody,
        response: { 201: VolunteerCertificate, ...errorResponses },
      },
    },
    async (req, reply) => {
      const me = await myVolunteerRow(req.ctx);
      return reply.status(201).send(await issueHoursCertificate(req.ctx, me, req.body.year));
    },
  );

  // ---- "near here" (before /:id) ----
  r.get(
    '/api/volunteers/nearby',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Volunteers near a point, with a skill, available now, nearest first (dispatchers)',
        description:
          'Only volunteers registered within the dispatcher’s areas. availableNow (default true) ' +
          'keeps those whose week has the current Shanghai slot and who are not on duty.',
        querystring: VolunteerNearbyQuery,
        response: { 200: VolunteerNearbyList, ...errorResponses },
      },
    },
    (req) => volunteersNearby(req.ctx, req.query),
  );

  // ---- staff ----
  r.post(
    '/api/volunteers',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register a volunteer without an account (staff of the committee; audited)',
        body: RegisterVolunteerBody,
        response: { 201: VolunteerProfile, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await registerVolunteer(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteers',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The volunteers of an area, newest first (staff reaching the area)',
        querystring: VolunteerListQuery,
        response: { 200: VolunteerList, ...errorResponses },
      },
    },
    (req) => listVolunteers(req.ctx, req.query),
  );
  r.get(
    '/api/volunteers/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A volunteer’s profile (staff reaching them, or the volunteer)',
        params: VolunteerParams,
        response: { 200: VolunteerProfile, ...errorResponses },
      },
    },
    (req) => getVolunteer(req.ctx, req.params.id),
  );
  r.patch(
    '/api/volunteers/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Edit a volunteer (staff reaching them; audited)',
        params: VolunteerParams,
        body: UpdateVolunteerBody,
        response: { 200: VolunteerProfile, ...errorResponses },
      },
    },
    (req) => updateVolunteer(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/volunteers/:id/hours',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A volunteer’s hours and ledger (staff reaching them)',
        params: VolunteerParams,
        querystring: VolunteerHoursQuery,
        response: { 200: VolunteerHoursLedger, ...errorResponses },
      },
    },
    async (req) => {
      const v = await requireVolunteerForStaff(req.ctx, req.params.id);
      return hoursLedger(req.ctx.db, req.ctx.cipher.key, req.ctx.actor!.id, v.id, req.query);
    },
  );
  r.post(
    '/api/volunteers/:id/certificates',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A verifiable certificate of a volunteer’s confirmed hours (staff reaching them)',
        params: VolunteerParams,
        body: VolunteerCertificateBody,
        response: { 201: VolunteerCertificate, ...errorResponses },
      },
    },
    async (req, reply) => {
      const v = await requireVolunteerForStaff(req.ctx, req.params.id);
      return reply.status(201).send(await issueHoursCertificate(req.ctx, v, req.body.year));
    },
  );

  // ---- rankings ----
  r.get(
    '/api/volunteer-rankings',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'A year’s hours ranked by volunteer, team or committee (staff; a volunteer or resident: their committee)',
        querystring: VolunteerRankingQuery,
        response: { 200: VolunteerRanking, ...errorResponses },
      },
    },
    (req) => volunteerRanking(req.ctx, req.query),
  );

  // ---- teams ----
  r.get(
    '/api/volunteer-teams',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The teams of an area (staff reaching it)',
        querystring: VolunteerTeamQuery,
        response: { 200: VolunteerTeamList, ...errorResponses },
      },
    },
    (req) => listTeams(req.ctx, req.query.area),
  );
  r.post(
    '/api/volunteer-teams',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Form a team in a committee (its staff; a name in use is a 409; audited)',
        body: CreateVolunteerTeamBody,
        response: { 201: VolunteerTeam, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createTeam(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer-teams/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A team with its members, leaders first (staff reaching it)',
        params: VolunteerParams,
        response: { 200: VolunteerTeamDetail, ...errorResponses },
      },
    },
    (req) => getTeam(req.ctx, req.params.id),
  );
  r.put(
    '/api/volunteer-teams/:id/members/:volunteerId',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Put a volunteer in a team as leader or member (staff; audited)',
        params: VolunteerTeamMemberParams,
        body: VolunteerTeamMemberBody,
        response: { 200: VolunteerTeamDetail, ...errorResponses },
      },
    },
    (req) => putTeamMember(req.ctx, req.params.id, req.params.volunteerId, req.body.role),
  );
  r.delete(
    '/api/volunteer-teams/:id/members/:volunteerId',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Take a volunteer out of a team (staff; audited)',
        params: VolunteerTeamMemberParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeTeamMember(req.ctx, req.params.id, req.params.volunteerId);
      return reply.status(204).send(null);
    },
  );
}
