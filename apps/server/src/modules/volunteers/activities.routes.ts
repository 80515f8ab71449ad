import {
  ActivityCheckInCode,
  ActivityRoster,
  CancelVolunteerActivityBody,
  ConfirmVolunteerHoursBody,
  CorrectVolunteerHoursBody,
  CreateVolunteerActivityBody,
  CreateVolunteerSignupBody,
  MyVolunteerSignup,
  MyVolunteerSignupList,
  MyVolunteerSignupQuery,
  SignupAttendanceBody,
  VolunteerActivity,
  VolunteerActivityList,
  VolunteerActivityParams,
  VolunteerActivityQuery,
  VolunteerSignup,
  VolunteerSignupParams,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  activityCode,
  activityRoster,
  cancelActivity,
  createActivity,
  getActivity,
  listActivities,
  listOpenActivities,
} from './activities.js';
import { checkIn, checkOut, confirmSignupHours, correctSignupHours } from './attendance.js';
import { cancelSignup, createSignup, getSignup, listMySignups } from './signups.js';

const tags = ['volunteers'];
const pre = { preHandler: requireSignIn };
/** a code is six digits: a person gets a few tries a minute, not a search */
const attendanceLimit = { rateLimit: perAccountLimit(20, 60_000, 'check-ins and check-outs') };
const OpenQuery = Type.Omit(VolunteerActivityQuery, ['area']);

export async function activitiesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/volunteer-activities',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Publish an activity with shifts and roles (volunteer staff of its committee or street; audited)',
        body: CreateVolunteerActivityBody,
        response: { 201: VolunteerActivity, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createActivity(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer-activities',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The activities run within an area (its volunteer staff)',
        querystring: VolunteerActivityQuery,
        response: { 200: VolunteerActivityList, ...errorResponses },
      },
    },
    (req) => listActivities(req.ctx, req.query),
  );
  r.get(
    '/api/volunteer-activities/open',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The activities the signed-in person may sign up for',
        querystring: OpenQuery,
        response: { 200: VolunteerActivityList, ...errorResponses },
      },
    },
    (req) => listOpenActivities(req.ctx, req.query),
  );
  r.get(
    '/api/volunteer-activities/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One activity (its organisers, whom it is open to, whoever signed up)',
        params: VolunteerActivityParams,
        response: { 200: VolunteerActivity, ...errorResponses },
      },
    },
    (req) => getActivity(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer-activities/:id/cancel',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Call an activity off; everyone signed up is told (organisers; audited)',
        params: VolunteerActivityParams,
        body: CancelVolunteerActivityBody,
        response: { 200: VolunteerActivity, ...errorResponses },
      },
    },
    (req) => cancelActivity(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/volunteer-activities/:id/code',
    {
      ...pre,
      schema: {
        tags,
        summary: "The check-in code for the organiser's screen (a new one every minute)",
        params: VolunteerActivityParams,
        response: { 200: ActivityCheckInCode, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.header('cache-control', 'no-store').send(await activityCode(req.ctx, req.params.id)),
  );
  r.get(
    '/api/volunteer-activities/:id/roster',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Every sign-up of every shift, names and phones masked (organisers)',
        params: VolunteerActivityParams,
        response: { 200: ActivityRoster, ...errorResponses },
      },
    },
    (req) => activityRoster(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer-signups',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(60, 60_000, 'sign-ups') },
      schema: {
        tags,
        summary: 'Sign up for a role of a shift: confirmed, or waitlisted when it is full',
        body: CreateVolunteerSignupBody,
        response: { 201: VolunteerSignup, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createSignup(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer-signups/mine',
    {
      ...pre,
      schema: {
        tags,
        summary: "The signed-in person's sign-ups",
        querystring: MyVolunteerSignupQuery,
        response: { 200: MyVolunteerSignupList, ...errorResponses },
      },
    },
    (req) => listMySignups(req.ctx, req.query),
  );
  r.get(
    '/api/volunteer-signups/:id',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'One sign-up as its person sees it: for the person or the organisers (anyone else: 404)',
        params: VolunteerSignupParams,
        response: { 200: MyVolunteerSignup, ...errorResponses },
      },
    },
    (req) => getSignup(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer-signups/:id/cancel',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Cancel a sign-up (the person or the organisers); the first waitlisted is promoted',
        params: VolunteerSignupParams,
        response: { 200: VolunteerSignup, ...errorResponses },
      },
    },
    (req) => cancelSignup(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer-signups/:id/check-in',
    {
      ...pre,
      config: attendanceLimit,
      schema: {
        tags,
        summary: "Check in by the organiser's code or by position (the organiser: empty body)",
        params: VolunteerSignupParams,
        body: SignupAttendanceBody,
        response: { 200: VolunteerSignup, ...errorResponses },
      },
    },
    (req) => checkIn(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer-signups/:id/check-out',
    {
      ...pre,
      config: attendanceLimit,
      schema: {
        tags,
        summary: "Check out by the organiser's code or by position (the organiser: empty body)",
        params: VolunteerSignupParams,
        body: SignupAttendanceBody,
        response: { 200: VolunteerSignup, ...errorResponses },
      },
    },
    (req) => checkOut(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer-signups/:id/confirm',
    {
      ...pre,
      schema: {
        tags,
        summary: "Confirm a sign-up's hours into the ledger (organisers; audited)",
        params: VolunteerSignupParams,
        body: ConfirmVolunteerHoursBody,
        response: { 200: VolunteerSignup, ...errorResponses },
      },
    },
    (req) => confirmSignupHours(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer-signups/:id/correct',
    {
      ...pre,
      schema: {
        tags,
        summary: "Correct a sign-up's confirmed hours: a correction entry (organisers; audited)",
        params: VolunteerSignupParams,
        body: CorrectVolunteerHoursBody,
        response: { 200: VolunteerSignup, ...errorResponses },
      },
    },
    (req) => correctSignupHours(req.ctx, req.params.id, req.body),
  );
}
