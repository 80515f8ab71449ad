import crypto from 'node:crypto';
import type {
  CouncilProject,
  CouncilProjectList,
  MatchBody,
  ProjectStatusBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { notFoundAs } from './applications.js';
import { canManage, requireCouncilReader, requireThat } from './councils.policy.js';
import { findCouncil } from './councils.repo.js';
import { offersByIds } from './offers.js';

/**
 * The council's projects (项目清单): a need met by one or more offers of its members — the
 * greenery a compound asked for, with the money a shop gave and the planner's hours. Those
 * who run the council match them; the need and offers become `matched`, all at once or not
 * at all (their rows locked, so one offer is never matched twice).
 */

const PROJECT_NOT_FOUND = 'No such project / 未找到该项目';
const MANAGERS_ONLY =
  'Only street staff, the chair or the secretary run projects / 仅街道工作人员、主任或秘书可管理项目';

type ProjectRow = {
  id: string;
  council_id: string;
  title: string;
  need_id: string;
  status: string;
  created_at: Date;
};

async function toProjects(db: Kysely<DB>, rows: readonly ProjectRow[]): Promise<CouncilProject[]> {
  if (rows.length === 0) return [];
  const linked = await db
    .selectFrom('council_offers')
    .select(['id', 'project_id'])
    .where(
      'project_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('side', '=', 'offer')
    .execute();
  const offers = await offersByIds(db, [...rows.map((r) => r.need_id), ...linked.map((o) => o.id)]);
  const byId = new Map(offers.map((o) => [o.id, o]));
  return rows.map((p) => ({
    id: p.id,
    councilId: p.council_id,
    title: p.title,
    need: byId.get(p.need_id)!,
    offers: linked
      .filter((o) => o.project_id === p.id)
      .map((o) => byId.get(o.id)!)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    status: p.status as CouncilProject['status'],
    createdAt: new Date(p.created_at).toISOString(),
  }));
}

/**
 * Match a need with offers into a project: the need a `need`, the offers `offer`s, all open
 * and of this council (else 400 naming the field), none listed twice (ids that differ only in
 * letter case are the same: 400 `offerIds.N` `duplicate`). Audited.
 */
export async function matchIntoProject(
  ctx: Ctx,
  councilId: string,
  body: MatchBody,
): Promise<CouncilProject> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  requireThat(canManage(standing), MANAGERS_ONLY);
  const title = body.title.trim();
  if (!title) throw AppError.invalid('title', 'required', 'title: required / 项目名称必填');
  const needId = body.needId.toLowerCase();
  const offerIds = body.offerIds.map((o) => o.toLowerCase());
  const twice = offerIds.findIndex((o, i) => offerIds.indexOf(o) !== i);
  if (twice >= 0)
    throw AppError.invalid(
      `offerIds.${twice}`,
      'duplicate',
      `offerIds.${twice}: this offer is listed twice / 资源重复`,
    );
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('council_offers')
      .select(['id', 'council_id', 'side', 'status'])
      .where('id', 'in', [needId, ...offerIds])
      .orderBy('id')
      .forUpdate()
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const check = (field: string, want: 'offer' | 'need', rowId: string) => {
      const r = byId.get(rowId);
      if (!r || r.council_id !== council.id)
        throw AppError.invalid(
          field,
          'exists',
          `${field}: no such ${want} in this council / 本组织没有该${want === 'need' ? '需求' : '资源'}`,
        );
      if (r.side !== want)
        throw AppError.invalid(
          field,
          'side',
          `${field}: this is ${want === 'need' ? 'an offer, not a need' : 'a need, not an offer'} / ${want === 'need' ? '该条目是资源，不是需求' : '该条目是需求，不是资源'}`,
        );
      if (r.status !== 'open')
        throw AppError.invalid(
          field,
          'open',
          `${field}: ${r.status} already, not open / 该条目已${r.status === 'matched' ? '对接' : '关闭'}`,
        );
    };
    check('needId', 'need', needId);
    offerIds.forEach((o, i) => check(`offerIds.${i}`, 'offer', o));
    await trx
      .insertInto('council_projects')
      .values({
        id,
        council_id: council.id,
        title,
        need_id: needId,
        created_by: ctx.actor!.id,
      })
      .execute();
    await trx
      .updateTable('council_offers')
      .set({ status: 'matched', project_id: id })
      .where('id', 'in', [needId, ...offerIds])
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.project.match',
        objectType: 'council_project',
        objectId: id,
        areaPath: council.area_path,
        detail: { councilId: council.id, needId, offerIds, title },
      },
      trx,
    );
  });
  return (await toProjects(ctx.db, await projectsWhere(ctx.db, { id })))[0]!;
}

function projectsWhere(db: Kysely<DB>, o: { id?: string; councilId?: string }) {
  return db
    .selectFrom('council_projects')
    .select(['id', 'council_id', 'title', 'need_id', 'status', 'created_at'])
    .$if(!!o.id, (q) => q.where('id', '=', o.id!))
    .$if(!!o.councilId, (q) => q.where('council_id', '=', o.councilId!))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
}

/** The council's projects, newest first: its readers. */
export async function listProjects(ctx: Ctx, councilId: string): Promise<CouncilProjectList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  return {
    items: await toProjects(ctx.db, await projectsWhere(ctx.db, { councilId: council.id })),
  };
}

/** Move a project along (planned, in progress, done): those who run the council. Audited. */
export async function setProjectStatus(
  ctx: Ctx,
  id: string,
  body: ProjectStatusBody,
): Promise<CouncilProject> {
  const [project] = await projectsWhere(ctx.db, { id });
  if (!project) throw AppError.notFound(PROJECT_NOT_FOUND);
  const { council, standing } = await notFoundAs(
    PROJECT_NOT_FOUND,
    requireCouncilReader(ctx, await findCouncil(ctx.db, project.council_id)),
  );
  requireThat(canManage(standing), MANAGERS_ONLY);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('council_projects')
      .set({ status: body.status })
      .where('id', '=', project.id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.project.status',
        objectType: 'council_project',
        objectId: project.id,
        areaPath: council.area_path,
        detail: { from: project.status, to: body.status },
      },
      trx,
    );
  });
  return (await toProjects(ctx.db, await projectsWhere(ctx.db, { id })))[0]!;
}
