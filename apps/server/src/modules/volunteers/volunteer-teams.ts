import crypto from 'node:crypto';
import {
  type CreateVolunteerTeamBody,
  type VolunteerTeam,
  type VolunteerTeamDetail,
  type VolunteerTeamKind,
  type VolunteerTeamList,
  type VolunteerTeamRole,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { isVolunteerStaff } from './volunteers.policy.js';
import {
  areaRefs,
  findVolunteer,
  isUuid,
  toVolunteerSummaries,
  type VolunteerRow,
} from './volunteers.repo.js';

/**
 * Teams (楼组志愿者, 平安志愿者, 加装电梯 campaign volunteers …) of a committee, with leaders:
 * its staff (and staff above it) form them and put volunteers in or take them out.
 */

const NOT_FOUND = 'No such team, or not yours / 队伍不存在或不在您的管辖范围';

interface TeamRow {
  id: string;
  committee_code: string;
  area_path: string;
  name: string;
  kind: string;
  created_at: Date;
  member_count: number;
  leaders: string[] | null;
}

async function teamsWhere(db: Kysely<DB>, where: ReturnType<typeof sql>): Promise<TeamRow[]> {
  const r = await sql<TeamRow>`
    select t.id, t.committee_code, t.area_path, t.name, t.kind, t.created_at,
      (select count(*)::int from volunteer_team_members m where m.team_id = t.id) as member_count,
      array(select v.name_masked from volunteer_team_members m
        join volunteers v on v.id = m.volunteer_id
        where m.team_id = t.id and m.role = 'leader' order by m.joined_at, v.id) as leaders
    from volunteer_teams t
    where ${where}
    order by t.committee_code, t.created_at, t.id`.execute(db);
  return r.rows;
}

async function toTeams(db: Kysely<DB>, rows: readonly TeamRow[]): Promise<VolunteerTeam[]> {
  const refs = await areaRefs(
    db,
    rows.map((r) => r.committee_code),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as VolunteerTeamKind,
    committee: refs.get(r.committee_code)!,
    memberCount: Number(r.member_count),
    leaders: r.leaders ?? [],
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The teams of an area staff reach. */
export async function listTeams(ctx: Ctx, areaCode: string): Promise<VolunteerTeamList> {
  const area = await findAreaCached(ctx.db, areaCode);
  if (!area || !isVolunteerStaff(ctx.actor, area.path))
    throw AppError.notFound('area: no such area, or not yours / 区域不存在或不在您的管辖范围');
  const rows = await teamsWhere(ctx.db, sql`${pathWithin('t.area_path', [area.path])}`);
  return { items: await toTeams(ctx.db, rows) };
}

/** Staff of the committee form a team; a name the committee uses already is a 409. Audited. */
export async function createTeam(ctx: Ctx, body: CreateVolunteerTeamBody): Promise<VolunteerTeam> {
  const committee = await findAreaCached(ctx.db, body.committeeCode);
  if (!committee || committee.level !== 'committee' || !isVolunteerStaff(ctx.actor, committee.path))
    throw AppError.notFound(
      'committeeCode: no such committee, or not in your area / 居委会不存在或不在您的管辖范围',
    );
  const name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 队伍名称必填');
  const id = crypto.randomUUID();
  const taken = () =>
    AppError.conflict(
      `name: the committee has a team ${name} already / 本居委会已有同名队伍`,
      'name',
    );
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('volunteer_teams')
      .values({
        id,
        committee_code: committee.code,
        area_path: committee.path,
        name,
        kind: body.kind,
        created_by: ctx.actor!.id,
      })
      .onConflict((oc) => oc.columns(['committee_code', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw taken();
    await recordAudit(
      ctx,
      {
        action: 'volunteers.team.create',
        objectType: 'volunteer_team',
        objectId: id,
        areaPath: committee.path,
        detail: { name, kind: body.kind },
      },
      trx,
    );
  });
  const rows = await teamsWhere(ctx.db, sql`t.id = ${id}::uuid`);
  return (await toTeams(ctx.db, rows))[0]!;
}

async function requireTeam(ctx: Ctx, id: string): Promise<TeamRow> {
  if (!isUuid(id)) throw AppError.notFound(NOT_FOUND);
  const [row] = await teamsWhere(ctx.db, sql`t.id = ${id}::uuid`);
  if (!row || !isVolunteerStaff(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  return row;
}

async function detailOf(ctx: Ctx, team: TeamRow): Promise<VolunteerTeamDetail> {
  const [t] = await toTeams(ctx.db, [team]);
  const members = await sql<VolunteerRow & { member_role: string; member_joined_at: Date }>`
    select v.*, m.role as member_role, m.joined_at as member_joined_at
    from volunteer_team_members m join volunteers v on v.id = m.volunteer_id
    where m.team_id = ${team.id}::uuid
    order by (m.role = 'leader') desc, m.joined_at, v.id`.execute(ctx.db);
  const summaries = await toVolunteerSummaries(ctx.db, members.rows);
  return {
    ...t!,
    members: members.rows.map((m, i) => ({
      volunteer: summaries[i]!,
      role: m.member_role as VolunteerTeamRole,
      joinedAt: new Date(m.member_joined_at).toISOString(),
    })),
  };
}

export async function getTeam(ctx: Ctx, id: string): Promise<VolunteerTeamDetail> {
  return detailOf(ctx, await requireTeam(ctx, id));
}

/**
 * Put a volunteer in a team as leader or member (or change their role): an active volunteer of
 * the team's committee, or one who serves there. Audited.
 */
export async function putTeamMember(
  ctx: Ctx,
  teamId: string,
  volunteerId: string,
  role: VolunteerTeamRole,
): Promise<VolunteerTeamDetail> {
  const team = await requireTeam(ctx, teamId);
  const v = await findVolunteer(ctx.db, volunteerId);
  if (!v || !isVolunteerStaff(ctx.actor, v.area_path))
    throw AppError.notFound('No such volunteer, or not yours / 志愿者不存在或不在您的管辖范围');
  if (v.status !== 'active')
    throw AppError.conflict('This volunteer has left / 该志愿者已退出', 'volunteerId');
  const serves =
    v.committee_code === team.committee_code ||
    v.serve_codes.some((c) => c === team.committee_code || c.startsWith(`${team.committee_code}-`));
  if (!serves)
    throw AppError.invalid(
      'volunteerId',
      'committee',
      'volunteerId: the volunteer neither lives nor serves in this committee / 该志愿者不属于也不服务于本居委会',
    );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('volunteer_team_members')
      .values({ team_id: team.id, volunteer_id: v.id, role })
      .onConflict((oc) => oc.columns(['team_id', 'volunteer_id']).doUpdateSet({ role }))
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'volunteers.team.member.put',
        objectType: 'volunteer_team',
        objectId: team.id,
        areaPath: team.area_path,
        detail: { volunteer: v.id, role },
      },
      trx,
    );
  });
  return getTeam(ctx, team.id);
}

/** Take a volunteer out of a team (404 when not in it). Audited. */
export async function removeTeamMember(
  ctx: Ctx,
  teamId: string,
  volunteerId: string,
): Promise<void> {
  const team = await requireTeam(ctx, teamId);
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('volunteer_team_members')
      .where('team_id', '=', team.id)
      .where('volunteer_id', '=', volunteerId)
      .returning('volunteer_id')
      .executeTakeFirst();
    if (!gone) throw AppError.notFound('Not a member of this team / 该志愿者不在此队伍中');
    await recordAudit(
      ctx,
      {
        action: 'volunteers.team.member.remove',
        objectType: 'volunteer_team',
        objectId: team.id,
        areaPath: team.area_path,
        detail: { volunteer: volunteerId },
      },
      trx,
    );
  });
}
