import {
  availabilityBits,
  availabilitySlots,
  ErrorCode,
  maskName,
  maskPhone,
  type JoinVolunteerBody,
  type RegisterVolunteerBody,
  type UpdateVolunteerBody,
  type VolunteerList,
  type VolunteerListQuery,
  type VolunteerProfile,
  type VolunteerTeamRole,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import crypto from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { smsContacts } from '../identity/index.js';
import { phoneHmac, registryResidentName } from '../registry/index.js';
import { HOME_NOT_VERIFIED_RULE, residentHome, VERIFY_HOME_FIRST } from '../residents/index.js';
import { gridCell } from './grid.js';
import { activeDelta } from './active-decay.js';
import { hoursTotals } from './hours-ledger.js';
import {
  feedVolunteerFigures,
  volunteerTransaction,
  type VolunteerFigureChange,
} from './volunteer-figures.js';
import { requireSkills } from './volunteer-skills.js';
import { isVolunteerStaff } from './volunteers.policy.js';
import {
  areaRefs,
  findVolunteer,
  summaryOf,
  toVolunteerSummaries,
  volunteerOfAccount,
  type VolunteerRow,
} from './volunteers.repo.js';

/**
 * Volunteer profiles: a verified resident joins (or edits, or leaves) themselves; staff register
 * people without an account, list, read and edit the volunteers of the areas they reach. The
 * (skill, grid square) rows the "near here" query reads move with the skills, the position and
 * the status; the volunteers topic's count moves with joining and leaving.
 */

const NOT_FOUND = 'No such volunteer, or not yours to see / 志愿者不存在或无权查看';
const NO_COMMITTEE =
  'committeeCode: no such committee, or not in your area / 居委会不存在或不在您的管辖范围';

interface Place {
  code: string;
  name: string;
  path: string;
  lat: number;
  lng: number;
}

async function committeeOf(db: Kysely<DB>, code: string): Promise<Place | null> {
  const a = await findAreaCached(db, code);
  if (!a || a.level !== 'committee') return null;
  return { code: a.code, name: a.name, path: a.path, lat: a.centre_lat, lng: a.centre_lng };
}

/** Serve areas: each a committee or a compound, else a 400 naming `serveAreaCodes.N`. */
async function requireServeAreas(db: Kysely<DB>, codes: readonly string[]): Promise<string[]> {
  for (const [i, code] of codes.entries()) {
    const a = await findAreaCached(db, code);
    if (!a || (a.level !== 'committee' && a.level !== 'compound'))
      throw AppError.invalid(
        `serveAreaCodes.${i}`,
        'level',
        `serveAreaCodes.${i}: ${code} is not a committee or a compound / ${code} 不是居委会或小区`,
      );
  }
  return [...codes];
}

/** Latitude and longitude come together. */
function position(body: {
  lat?: number | undefined;
  lng?: number | undefined;
}): { lat: number; lng: number } | null {
  if (body.lat === undefined && body.lng === undefined) return null;
  if (body.lat === undefined)
    throw AppError.invalid(
      'lat',
      'pair',
      'lat: give latitude and longitude together / 经纬度须同时提供',
    );
  if (body.lng === undefined)
    throw AppError.invalid(
      'lng',
      'pair',
      'lng: give latitude and longitude together / 经纬度须同时提供',
    );
  return { lat: body.lat, lng: body.lng };
}

/**
 * The registered and (when they count as active: activeDelta, against the newest day the decay
 * job counted down) active counts a volunteer's joining (+1) or leaving (−1) moves.
 */
async function registered(
  trx: Kysely<DB>,
  areaPath: string,
  served: string | null,
  delta: 1 | -1,
): Promise<VolunteerFigureChange[]> {
  const out: VolunteerFigureChange[] = [{ metric: 'volunteers', areaPath, delta }];
  const on = { status: 'active', lastServedOn: served };
  const off = { status: 'left', lastServedOn: served };
  const active = await activeDelta(trx, delta > 0 ? off : on, delta > 0 ? on : off);
  if (active !== 0) out.push({ metric: 'active_volunteers', areaPath, delta: active });
  return out;
}

/** Checked in at a shift and not out, or on a task they accepted (the on-duty indexes). */
async function isOnDuty(trx: Kysely<DB>, id: string): Promise<boolean> {
  const r = await sql<{ on_duty: boolean }>`
    select exists (select 1 from volunteer_signups where volunteer_id = ${id}
        and checked_in_at is not null and checked_out_at is null)
      or exists (select 1 from volunteer_tasks where volunteer_id = ${id} and status = 'accepted')
      as on_duty`.execute(trx);
  return Boolean(r.rows[0]?.on_duty);
}

/** The newest day of confirmed service, as YYYY-MM-DD. */
async function lastServedOn(trx: Kysely<DB>, id: string): Promise<string | null> {
  const r = await sql<{ d: string | null }>`
    select last_served_on::text as d from volunteers where id = ${id}`.execute(trx);
  return r.rows[0]?.d ?? null;
}

/**
 * The (skill, square) rows of an active volunteer, written from their stored row: one per skill
 * and one with skill '' (searches without a skill), each carrying what the search filters on
 * (position, week, committee) so that it never leaves the index (decision 021); none for one who
 * left. Called after the volunteer's row is written.
 */
async function syncSkillCells(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('volunteer_skill_cells').where('volunteer_id', '=', id).execute();
  await sql`insert into volunteer_skill_cells
      (skill, cell, volunteer_id, lat, lng, availability, area_path)
    select s, v.cell, v.id, v.lat, v.lng, v.availability, v.area_path
    from volunteers v, unnest(v.skills || array['']::text[]) s
    where v.id = ${id} and v.status = 'active'`.execute(trx);
}

/** One person's profile writes at a time, by phone (and account): no two rows for one phone. */
async function lockPerson(trx: Kysely<DB>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`volunteer:${key}`}, 0))`.execute(trx);
}

const phoneTaken = () =>
  AppError.conflict(
    'phone: a volunteer with this mobile is registered already / 该手机号已登记为志愿者',
    'phone',
  );

/** The full profile: the volunteer's own view shows their name in full. */
export async function profileOf(
  ctx: Ctx,
  row: VolunteerRow,
  self = false,
): Promise<VolunteerProfile> {
  const db = ctx.db;
  const [refs, teams, hours] = await Promise.all([
    areaRefs(db, [row.committee_code, ...row.serve_codes]),
    db
      .selectFrom('volunteer_team_members as m')
      .innerJoin('volunteer_teams as t', 't.id', 'm.team_id')
      .select(['t.id', 't.name', 'm.role'])
      .where('m.volunteer_id', '=', row.id)
      .orderBy('t.name')
      .execute(),
    hoursTotals(db, row.id),
  ]);
  const summary = summaryOf(
    row,
    refs.get(row.committee_code)!,
    self ? ctx.cipher.decrypt(row.name_enc) : undefined,
  );
  return {
    ...summary,
    totalMinutes: hours.totalMinutes,
    availability: availabilitySlots(row.availability),
    serveAreas: row.serve_codes.map((c) => refs.get(c)!),
    lat: row.lat,
    lng: row.lng,
    teams: teams.map((t) => ({ id: t.id, name: t.name, role: t.role as VolunteerTeamRole })),
    hours,
  };
}

// ---------------------------------------------------------------------------------------------
// The volunteer themselves

/**
 * A verified resident of `committeeCode` joins, or edits their profile (a volunteer who left
 * joins again; a profile staff registered under the same mobile becomes theirs). 403 for
 * anyone not verified as living in that committee.
 */
export async function joinAsVolunteer(
  ctx: Ctx,
  body: JoinVolunteerBody,
): Promise<{ profile: VolunteerProfile; created: boolean }> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const home = await residentHome(ctx.db, actor.id);
  if (!home || home.committeeCode !== body.committeeCode)
    throw new AppError(ErrorCode.forbidden, VERIFY_HOME_FIRST, { rule: HOME_NOT_VERIFIED_RULE });
  const committee = await committeeOf(ctx.db, body.committeeCode);
  if (!committee) throw AppError.notFound(NO_COMMITTEE);
  const skills = await requireSkills(ctx.db, body.skills);
  const serve = await requireServeAreas(ctx.db, body.serveAreaCodes);
  const at = position(body) ?? { lat: committee.lat, lng: committee.lng };
  const availability = availabilityBits(body.availability);
  const cell = gridCell(at.lat, at.lng);
  const name = (await registryResidentName(ctx.db, home.residentId)) ?? actor.displayName;
  const contact = (await smsContacts(ctx.db, [actor.id])).get(actor.id);
  const phone = contact?.phoneEnc ? ctx.cipher.decrypt(contact.phoneEnc) : null;
  const hmac = phone ? phoneHmac(ctx.cipher, phone) : null;

  const { id, created } = await volunteerTransaction(ctx, async (trx) => {
    await lockPerson(trx, `account:${actor.id}`);
    if (hmac) await lockPerson(trx, `phone:${hmac}`);
    let existing = await volunteerOfAccount(trx, actor.id);
    // a profile staff registered under this mobile, without an account: it becomes theirs
    if (!existing && hmac) {
      existing = await trx
        .selectFrom('volunteers')
        .selectAll()
        .where('phone_hmac', '=', hmac)
        .where('account_id', 'is', null)
        .orderBy('joined_at')
        .executeTakeFirst();
    }
    const fields = {
      account_id: actor.id,
      name_enc: ctx.cipher.encrypt(name),
      name_masked: maskName(name),
      phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
      phone_hmac: hmac,
      phone_masked: phone ? maskPhone(phone) : null,
      committee_code: committee.code,
      area_path: committee.path,
      serve_codes: serve,
      skills,
      availability,
      lat: at.lat,
      lng: at.lng,
      cell,
      status: 'active',
    };
    const changes: VolunteerFigureChange[] = [];
    let volunteerId: string;
    let joined: boolean;
    if (existing) {
      // their row locked: a check-in or a task accepted meanwhile reads the committee after us
      existing = await trx
        .selectFrom('volunteers')
        .selectAll()
        .where('id', '=', existing.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      volunteerId = existing.id;
      // on duty: its −1 must land at the committee its +1 went to
      if (existing.area_path !== committee.path && (await isOnDuty(trx, existing.id)))
        throw new AppError(
          ErrorCode.conflict,
          'committeeCode: you are on duty (checked in, or on a task you accepted); change your committee once it is over / 您正在执勤（已签到或已接受任务），请结束后再更换居委会',
          { field: 'committeeCode', rule: 'onDuty' },
        );
      const wasActive = existing.status === 'active';
      joined = !wasActive || existing.account_id === null;
      const served = await lastServedOn(trx, existing.id);
      if (wasActive && existing.area_path !== committee.path) {
        changes.push(...(await registered(trx, existing.area_path, served, -1)));
        changes.push(...(await registered(trx, committee.path, served, 1)));
      } else if (!wasActive) {
        changes.push(...(await registered(trx, committee.path, served, 1)));
      }
      await trx.updateTable('volunteers').set(fields).where('id', '=', existing.id).execute();
    } else {
      volunteerId = crypto.randomUUID();
      joined = true;
      await trx
        .insertInto('volunteers')
        .values({ id: volunteerId, ...fields, registered_by: null })
        .execute();
      changes.push({ metric: 'volunteers', areaPath: committee.path, delta: 1 });
    }
    await syncSkillCells(trx, volunteerId);
    await feedVolunteerFigures(trx, changes);
    if (joined)
      await recordAudit(
        ctx,
        {
          action: 'volunteers.join',
          objectType: 'volunteer',
          objectId: volunteerId,
          areaPath: committee.path,
          detail: { committee: committee.code, skills, claimed: !!existing },
        },
        trx,
      );
    return { id: volunteerId, created: joined };
  });
  const row = (await findVolunteer(ctx.db, id))!;
  return { profile: await profileOf(ctx, row, true), created };
}

/** The signed-in person's volunteer profile (404 when they are not a volunteer). */
export async function myVolunteerRow(ctx: Ctx): Promise<VolunteerRow> {
  if (!ctx.actor) throw AppError.unauthenticated();
  const row = await volunteerOfAccount(ctx.db, ctx.actor.id);
  if (!row) throw AppError.notFound('You are not a volunteer / 您还不是志愿者');
  return row;
}

export async function getMyProfile(ctx: Ctx): Promise<VolunteerProfile> {
  return profileOf(ctx, await myVolunteerRow(ctx), true);
}

/** Status `left`, out of their teams and the "near here" squares; audited. */
export async function leaveVolunteering(ctx: Ctx): Promise<void> {
  const row = await myVolunteerRow(ctx);
  await volunteerTransaction(ctx, async (trx) => {
    const left = await setLeft(trx, row.id);
    if (!left) return;
    await recordAudit(
      ctx,
      {
        action: 'volunteers.leave',
        objectType: 'volunteer',
        objectId: row.id,
        areaPath: row.area_path,
      },
      trx,
    );
  });
}

/** Make an active volunteer leave (false when they had left already). */
async function setLeft(trx: Kysely<DB>, id: string): Promise<boolean> {
  const r = await trx
    .updateTable('volunteers')
    .set({ status: 'left' })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returning('area_path')
    .executeTakeFirst();
  if (!r) return false;
  await trx.deleteFrom('volunteer_skill_cells').where('volunteer_id', '=', id).execute();
  await trx.deleteFrom('volunteer_team_members').where('volunteer_id', '=', id).execute();
  await feedVolunteerFigures(
    trx,
    await registered(trx, r.area_path, await lastServedOn(trx, id), -1),
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// Staff

/** Staff of the committee register a person without an account; a mobile already registered is a 409. */
export async function registerVolunteer(
  ctx: Ctx,
  body: RegisterVolunteerBody,
): Promise<VolunteerProfile> {
  const committee = await committeeOf(ctx.db, body.committeeCode);
  if (!committee || !isVolunteerStaff(ctx.actor, committee.path))
    throw AppError.notFound(NO_COMMITTEE);
  const name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 姓名必填');
  const skills = await requireSkills(ctx.db, body.skills);
  const serve = await requireServeAreas(ctx.db, body.serveAreaCodes);
  const at = position(body) ?? { lat: committee.lat, lng: committee.lng };
  const cell = gridCell(at.lat, at.lng);
  const hmac = phoneHmac(ctx.cipher, body.phone);
  const id = crypto.randomUUID();
  await volunteerTransaction(ctx, async (trx) => {
    await lockPerson(trx, `phone:${hmac}`);
    const taken = await trx
      .selectFrom('volunteers')
      .select('id')
      .where('phone_hmac', '=', hmac)
      .executeTakeFirst();
    if (taken) throw phoneTaken();
    await trx
      .insertInto('volunteers')
      .values({
        id,
        account_id: null,
        name_enc: ctx.cipher.encrypt(name),
        name_masked: maskName(name),
        phone_enc: ctx.cipher.encrypt(body.phone),
        phone_hmac: hmac,
        phone_masked: maskPhone(body.phone),
        committee_code: committee.code,
        area_path: committee.path,
        serve_codes: serve,
        skills,
        availability: availabilityBits(body.availability),
        lat: at.lat,
        lng: at.lng,
        cell,
        registered_by: ctx.actor!.id,
      })
      .execute();
    await syncSkillCells(trx, id);
    await feedVolunteerFigures(trx, [{ metric: 'volunteers', areaPath: committee.path, delta: 1 }]);
    await recordAudit(
      ctx,
      {
        action: 'volunteers.register',
        objectType: 'volunteer',
        objectId: id,
        areaPath: committee.path,
        detail: { committee: committee.code, skills },
      },
      trx,
    );
  });
  return profileOf(ctx, (await findVolunteer(ctx.db, id))!);
}

/** A volunteer staff reach (or the volunteer themselves), else 404. */
export async function requireVolunteerForStaff(
  ctx: Ctx,
  id: string,
  allowSelf = false,
): Promise<VolunteerRow> {
  const row = await findVolunteer(ctx.db, id);
  if (!row) throw AppError.notFound(NOT_FOUND);
  const isSelf = allowSelf && !!ctx.actor && row.account_id === ctx.actor.id;
  if (!isSelf && !isVolunteerStaff(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  return row;
}

export async function getVolunteer(ctx: Ctx, id: string): Promise<VolunteerProfile> {
  const row = await requireVolunteerForStaff(ctx, id, true);
  return profileOf(ctx, row, !!ctx.actor && row.account_id === ctx.actor.id);
}

/** Staff edit skills, availability, serve areas, position or status; audited with what changed. */
export async function updateVolunteer(
  ctx: Ctx,
  id: string,
  body: UpdateVolunteerBody,
): Promise<VolunteerProfile> {
  const row = await requireVolunteerForStaff(ctx, id);
  const skills = body.skills ? await requireSkills(ctx.db, body.skills) : row.skills;
  const serve = body.serveAreaCodes
    ? await requireServeAreas(ctx.db, body.serveAreaCodes)
    : row.serve_codes;
  const at = position(body) ?? { lat: row.lat, lng: row.lng };
  const cell = gridCell(at.lat, at.lng);
  const status = body.status ?? row.status;
  const changed = Object.keys(body).sort();
  await volunteerTransaction(ctx, async (trx) => {
    const locked = await trx
      .selectFrom('volunteers')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('volunteers')
      .set({
        skills,
        serve_codes: serve,
        availability: body.availability ? availabilityBits(body.availability) : row.availability,
        lat: at.lat,
        lng: at.lng,
        cell,
      })
      .where('id', '=', id)
      .execute();
    if (status === 'left' && locked.status === 'active') {
      await setLeft(trx, id);
    } else {
      if (status === 'active' && locked.status !== 'active') {
        await trx
          .updateTable('volunteers')
          .set({ status: 'active' })
          .where('id', '=', id)
          .execute();
        await feedVolunteerFigures(
          trx,
          await registered(trx, row.area_path, await lastServedOn(trx, id), 1),
        );
      }
      await syncSkillCells(trx, id);
    }
    await recordAudit(
      ctx,
      {
        action: 'volunteers.update',
        objectType: 'volunteer',
        objectId: id,
        areaPath: row.area_path,
        detail: { fields: changed, ...(body.status ? { status: body.status } : {}) },
      },
      trx,
    );
  });
  return profileOf(ctx, (await findVolunteer(ctx.db, id))!);
}

const LIST = 'volunteers.list';

/** The volunteers registered in an area staff reach, newest first, filtered; keyset cursor. */
export async function listVolunteers(ctx: Ctx, q: VolunteerListQuery): Promise<VolunteerList> {
  const area = await findAreaCached(ctx.db, q.area);
  if (!area || !isVolunteerStaff(ctx.actor, area.path))
    throw AppError.notFound('area: no such area, or not yours / 区域不存在或不在您的管辖范围');
  const limit = q.limit ?? 20;
  const list = `${LIST}:${q.area}:${q.skill ?? ''}:${q.team ?? ''}:${q.status ?? ''}`;
  let after: [string, string] | null = null;
  if (q.cursor) {
    const p = openCursor(ctx.cipher.key, list, ctx.actor?.id, q.cursor);
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string')
      throw AppError.invalid('cursor', 'format', 'cursor is not valid / 分页游标无效');
    after = [p[0], p[1]];
  }
  const filters = sql`${pathWithin('v.area_path', [area.path])}
    ${q.skill ? sql`and ${q.skill} = any(v.skills)` : sql``}
    ${q.status ? sql`and v.status = ${q.status}` : sql``}
    ${
      q.team
        ? sql`and exists (select 1 from volunteer_team_members m
            where m.volunteer_id = v.id and m.team_id = ${q.team}::uuid)`
        : sql``
    }`;
  const [rows, count] = await Promise.all([
    sql<VolunteerRow & { at_key: string }>`
      select v.*, v.joined_at::text as at_key from volunteers v
      where ${filters}
        ${after ? sql`and (v.joined_at, v.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
      order by v.joined_at desc, v.id desc
      limit ${limit + 1}`.execute(ctx.db),
    // counted once, on the first page: the next pages do not count the area again
    after
      ? null
      : sql<{ n: number }>`select count(*)::int as n from volunteers v where ${filters}`.execute(
          ctx.db,
        ),
  ]);
  const page = rows.rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await toVolunteerSummaries(ctx.db, page),
    nextCursor:
      rows.rows.length > limit && last
        ? sealCursor(ctx.cipher.key, list, ctx.actor?.id, [last.at_key, last.id])
        : null,
    total: count ? Number(count.rows[0]?.n ?? 0) : null,
  };
}
