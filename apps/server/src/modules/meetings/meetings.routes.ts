import {
  AgendaItemInput,
  AttendanceBody,
  AttendeeListQuery,
  AttendeeReveal,
  CancelMeetingBody,
  CheckInBody,
  MeetingAttendee,
  MeetingAttendeeList,
  MeetingDetail,
  MeetingList,
  MeetingListQuery,
  PublishMinutesBody,
  RevealAttendeeBody,
  ScheduleMeetingBody,
  WalkInBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { cancelRegistration, checkIn, registerForMeeting } from './attendance.service.js';
import { addWalkIn, listAttendees, markAttendance, revealAttendee } from './attendee-list.js';
import { addWrittenAgendaItem, scheduleMeeting } from './meeting-schedule.js';
import { getMeeting, listMeetings } from './meetings.service.js';
import { cancelMeeting, publishMinutes } from './minutes.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AttendeeParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  attendeeId: Type.String({ format: 'uuid' }),
});
const tags = ['meetings'];
const detail = { 200: MeetingDetail, ...errorResponses };
/** Tries at the door code per account: enough for typos, too few to guess six digits. */
const CHECK_INS_PER_10_MIN = 10;

export async function meetingRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/meetings',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff schedule a meeting (议事会) of their committee',
        description:
          'A start to come (in the past → 400 naming `startsAt`), an end after it, a place or an ' +
          'https link (or both), an optional capacity and written agenda items. Proposals join ' +
          'the agenda later, when the committee answers them "put to a meeting".',
        body: ScheduleMeetingBody,
        response: { 201: MeetingDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleMeeting(req.ctx, req.body)),
  );
  r.get(
    '/api/meetings',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Meetings: staff’s in their area, a verified resident’s committee’s',
        description: '`upcoming=1`: only meetings still to come, soonest first. Keyset pages.',
        querystring: MeetingListQuery,
        response: { 200: MeetingList, ...errorResponses },
      },
    },
    (req) => listMeetings(req.ctx, req.query),
  );
  r.get(
    '/api/meetings/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One meeting: agenda, outcomes, minutes',
        params: IdParams,
        response: detail,
      },
    },
    (req) => getMeeting(req.ctx, req.params.id),
  );
  r.post(
    '/api/meetings/:id/agenda',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff add a written item to the agenda',
        params: IdParams,
        body: AgendaItemInput,
        response: detail,
      },
    },
    (req) => addWrittenAgendaItem(req.ctx, req.params.id, req.body),
  );
  r.put(
    '/api/meetings/:id/registration',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A verified resident registers (idempotent; full → 409)',
        params: IdParams,
        response: detail,
      },
    },
    (req) => registerForMeeting(req.ctx, req.params.id),
  );
  r.delete(
    '/api/meetings/:id/registration',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The resident cancels their registration',
        params: IdParams,
        response: detail,
      },
    },
    (req) => cancelRegistration(req.ctx, req.params.id),
  );
  r.post(
    '/api/meetings/:id/check-in',
    {
      preHandler: requireSignIn,
      config: { rateLimit: perAccountLimit(CHECK_INS_PER_10_MIN, 600_000, 'check-in attempts') },
      schema: {
        tags,
        summary: 'A resident checks in at the door with the 6-digit code',
        description:
          'Open from an hour before the start to the end. A wrong code is a 400 that says no more; ' +
          'tries are limited per account.',
        params: IdParams,
        body: CheckInBody,
        response: detail,
      },
    },
    (req) => checkIn(req.ctx, req.params.id, req.body.code),
  );
  r.get(
    '/api/meetings/:id/attendees',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff: the registration list and who came',
        params: IdParams,
        querystring: AttendeeListQuery,
        response: { 200: MeetingAttendeeList, ...errorResponses },
      },
    },
    (req) => listAttendees(req.ctx, req.params.id, req.query),
  );
  r.put(
    '/api/meetings/:id/attendees/:attendeeId/attendance',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff tick (or untick) someone on the list as present',
        params: AttendeeParams,
        body: AttendanceBody,
        response: { 200: MeetingAttendee, ...errorResponses },
      },
    },
    (req) => markAttendance(req.ctx, req.params.id, req.params.attendeeId, req.body.attended),
  );
  r.post(
    '/api/meetings/:id/attendees/:attendeeId/reveal',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "Committee staff: an attendee's name in clear, for a reason (audited)",
        params: AttendeeParams,
        body: RevealAttendeeBody,
        response: { 200: AttendeeReveal, ...errorResponses },
      },
    },
    (req) => revealAttendee(req.ctx, req.params.id, req.params.attendeeId, req.body.reason),
  );
  r.post(
    '/api/meetings/:id/walk-ins',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff add someone who came without registering, by name',
        params: IdParams,
        body: WalkInBody,
        response: { 201: MeetingAttendee, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addWalkIn(req.ctx, req.params.id, req.body.name)),
  );
  r.post(
    '/api/meetings/:id/minutes',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff publish the minutes and an outcome for every agenda item (once)',
        params: IdParams,
        body: PublishMinutesBody,
        response: detail,
      },
    },
    (req) => publishMinutes(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/meetings/:id/cancel',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff call the meeting off; registrants are told',
        params: IdParams,
        body: CancelMeetingBody,
        response: detail,
      },
    },
    (req) => cancelMeeting(req.ctx, req.params.id, req.body),
  );
}
