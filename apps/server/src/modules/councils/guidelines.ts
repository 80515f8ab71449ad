import crypto from 'node:crypto';
import {
  maskName,
  type CreateGuidelineBody,
  type Guideline,
  type GuidelineList,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { requireActiveAccount } from '../identity/index.js';
import { attachAttachments, attachmentRefs, type OwnedFileRef } from '../media/index.js';
import {
  canManage,
  canRead,
  requireCouncilReader,
  requireThat,
  standingIn,
  type Standing,
} from './councils.policy.js';
import { findCouncil, type CouncilRecord } from './councils.repo.js';

/**
 * Guidelines (店招店牌 renewal …) a council publishes, with the expert reviewers (守门人:
 * greening bureau staff, planners) who apply them to members' applications and how many of
 * them must approve one. A guideline is read by whoever reads its council, and by its own
 * reviewers, who need not belong to the council.
 */

export const GUIDELINE_NOT_FOUND = 'No such guideline / 未找到该导则';
/** owner types of the attachments: a guideline's documents, an application's photos and design */
export const GUIDELINE_FILES = 'council_guideline';
export const APPLICATION_FILES = 'council_application';

export type GuidelineRecord = NonNullable<Awaited<ReturnType<typeof findGuideline>>>;

export function findGuideline(db: Kysely<DB>, id: string) {
  return db.selectFrom('council_guidelines').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Is the account one of the guideline's reviewers? */
export async function isReviewerOf(
  db: Kysely<DB>,
  guidelineId: string,
  accountId: string | undefined,
): Promise<boolean> {
  if (!accountId) return false;
  const row = await db
    .selectFrom('council_guideline_reviewers')
    .select('account_id')
    .where('guideline_id', '=', guidelineId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return !!row;
}

/** What a reader of a guideline is to it: the council's standing and whether they review it. */
export interface GuidelineAccess {
  guideline: GuidelineRecord;
  council: CouncilRecord;
  standing: Standing;
  reviewer: boolean;
}

/** The guideline and the reader's place, or null unless they read its council or review it. */
async function guidelineAccess(ctx: Ctx, id: string): Promise<GuidelineAccess | null> {
  const guideline = await findGuideline(ctx.db, id);
  if (!guideline) return null;
  const council = await findCouncil(ctx.db, guideline.council_id);
  if (!council) return null;
  const standing = await standingIn(ctx, council);
  const reviewer = await isReviewerOf(ctx.db, guideline.id, ctx.actor?.id);
  return canRead(standing) || reviewer ? { guideline, council, standing, reviewer } : null;
}

/** The guideline and the reader's place; 404 unless they read its council or review it. */
export async function requireGuidelineReader(ctx: Ctx, id: string): Promise<GuidelineAccess> {
  const access = await guidelineAccess(ctx, id);
  if (!access) throw AppError.notFound(GUIDELINE_NOT_FOUND);
  return access;
}

async function toGuidelines(ctx: Ctx, rows: readonly GuidelineRecord[]): Promise<Guideline[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [reviewers, documents] = await Promise.all([
    ctx.db
      .selectFrom('council_guideline_reviewers')
      .select(['guideline_id', 'account_id', 'organisation', 'name_masked'])
      .where('guideline_id', 'in', ids)
      .orderBy('organisation')
      .orderBy('account_id')
      .execute(),
    attachmentRefs(ctx.db, GUIDELINE_FILES, ids),
  ]);
  const now = Date.now();
  return rows.map((g) => {
    const mine = reviewers.filter((r) => r.guideline_id === g.id);
    return {
      id: g.id,
      councilId: g.council_id,
      title: g.title,
      body: g.body,
      documents: documents.get(g.id) ?? [],
      reviewers: mine.map((r) => ({
        accountId: r.account_id,
        name: r.name_masked,
        organisation: r.organisation,
      })),
      approvalsRequired: g.approvals_required,
      closesAt: new Date(g.closes_at).toISOString(),
      open: new Date(g.closes_at).getTime() > now,
      progress: { applications: g.applications, approved: g.approved, done: g.done },
      iReview: mine.some((r) => r.account_id === ctx.actor?.id),
      createdAt: new Date(g.created_at).toISOString(),
    };
  });
}

/**
 * Staff, the chair or the secretary publish a guideline with its reviewers (accounts, each
 * with the body they speak for, names kept masked) and how many must approve; its documents
 * are the reader's uploads. Audited.
 */
export async function createGuideline(
  ctx: Ctx,
  councilId: string,
  body: CreateGuidelineBody,
): Promise<Guideline> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  requireThat(
    canManage(standing),
    'Only street staff, the chair or the secretary publish guidelines / 仅街道工作人员、主任或秘书可发布导则',
  );
  // the title is shown on the public map: a number typed in it is masked
  const title = maskPersonalNumbers(body.title.trim());
  if (!title) throw AppError.invalid('title', 'required', 'title: required / 标题必填');
  const text = body.body.trim();
  if (!text) throw AppError.invalid('body', 'required', 'body: required / 导则内容必填');
  const closesAt = new Date(body.closesAt);
  if (!(closesAt.getTime() > Date.now()))
    throw AppError.invalid(
      'closesAt',
      'future',
      'closesAt: must lie in the future / 截止时间须晚于现在',
    );
  // ids that differ only in letter case are the same id (the table's key would refuse them)
  const documentIds = (body.documentIds ?? []).map((d) => d.toLowerCase());
  const twice = documentIds.findIndex((d, i) => documentIds.indexOf(d) !== i);
  if (twice >= 0)
    throw AppError.invalid(
      `documentIds.${twice}`,
      'duplicate',
      `documentIds.${twice}: this document is listed twice / 文件重复`,
    );
  const reviewers: { accountId: string; organisation: string; nameMasked: string }[] = [];
  for (const [i, r] of body.reviewers.entries()) {
    const field = `reviewers.${i}.accountId`;
    const accountId = r.accountId.toLowerCase();
    if (reviewers.some((x) => x.accountId === accountId))
      throw AppError.invalid(field, 'duplicate', `${field}: named twice / 评审专家重复`);
    const organisation = r.organisation.trim();
    if (!organisation)
      throw AppError.invalid(
        `reviewers.${i}.organisation`,
        'required',
        `reviewers.${i}.organisation: required / 专家所在单位必填`,
      );
    let name: string;
    try {
      name = await requireActiveAccount(ctx.db, accountId, field);
    } catch {
      throw AppError.invalid(field, 'unknown', `${field}: no such account / 账号不存在或已停用`);
    }
    reviewers.push({ accountId, organisation, nameMasked: maskName(name) });
  }
  if (body.approvalsRequired > reviewers.length)
    throw AppError.invalid(
      'approvalsRequired',
      'atMostReviewers',
      `approvalsRequired: at most the ${reviewers.length} reviewers named / 所需同意人数不能超过评审专家人数（${reviewers.length}）`,
    );
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('council_guidelines')
      .values({
        id,
        council_id: council.id,
        title,
        body: text,
        document_ids: documentIds,
        approvals_required: body.approvalsRequired,
        closes_at: closesAt,
        created_by: ctx.actor!.id,
      })
      .execute();
    await trx
      .insertInto('council_guideline_reviewers')
      .values(
        reviewers.map((r) => ({
          guideline_id: id,
          account_id: r.accountId,
          organisation: r.organisation,
          name_masked: r.nameMasked,
        })),
      )
      .execute();
    if (documentIds.length)
      await attachAttachments(trx, {
        ids: documentIds,
        ownerType: GUIDELINE_FILES,
        ownerId: id,
        uploadedBy: ctx.actor!.id,
        field: 'documentIds',
      });
    await recordAudit(
      ctx,
      {
        action: 'councils.guideline.create',
        objectType: 'council_guideline',
        objectId: id,
        areaPath: council.area_path,
        detail: {
          councilId: council.id,
          title,
          reviewers: reviewers.length,
          approvalsRequired: body.approvalsRequired,
        },
      },
      trx,
    );
  });
  return getGuideline(ctx, id);
}

/** The council's guidelines, newest first (its readers). */
export async function listGuidelines(ctx: Ctx, councilId: string): Promise<GuidelineList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  const rows = await ctx.db
    .selectFrom('council_guidelines')
    .selectAll()
    .where('council_id', '=', council.id)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  return { items: await toGuidelines(ctx, rows) };
}

/** One guideline: for readers of its council and for its reviewers (anyone else: 404). */
export async function getGuideline(ctx: Ctx, id: string): Promise<Guideline> {
  const { guideline } = await requireGuidelineReader(ctx, id);
  return (await toGuidelines(ctx, [guideline]))[0]!;
}

/**
 * Who besides the uploader reads a guideline's documents or an application's photos and
 * design: readers of the council (its members' representatives, staff over its street) and
 * the guideline's reviewers. Registered with media at start.
 */
export async function canReadCouncilFile(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  let guidelineId: string | undefined;
  if (file.ownerType === GUIDELINE_FILES) guidelineId = file.ownerId;
  else if (file.ownerType === APPLICATION_FILES) {
    const app = await ctx.db
      .selectFrom('council_applications')
      .select('guideline_id')
      .where('id', '=', file.ownerId)
      .executeTakeFirst();
    guidelineId = app?.guideline_id;
  }
  return !!guidelineId && (await guidelineAccess(ctx, guidelineId)) !== null;
}
