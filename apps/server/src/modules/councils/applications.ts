import crypto from 'node:crypto';
import {
  ErrorCode,
  type Application,
  type ApplicationList,
  type ApplicationState,
  type ApplyBody,
  type AttachmentRef,
  type ExpertReviewDecision,
} from '@cc/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { attachAttachments, attachmentRefs, setAttachments } from '../media/index.js';
import { canManage, standingIn, type Standing } from './councils.policy.js';
import { findCouncil } from './councils.repo.js';
import { APPLICATION_FILES, requireGuidelineReader, type GuidelineAccess } from './guidelines.js';

/**
 * Members' applications under a guideline (a shop's new sign: photos of the place now and the
 * design): a representative of the member applies before the guideline closes; the reviewers
 * decide (expert-reviews.ts); after "changes" the member's representatives resubmit, which
 * starts a new round; an approved project is marked done. The guideline's counters
 * (applications, approved, done) move in the same transaction as the application.
 */

export const APPLICATION_NOT_FOUND = 'No such application / 未找到该申请';
const MAX_LIST = 200;

export type ApplicationRecord = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export function findApplication(db: Kysely<DB>, id: string) {
  return db.selectFrom('council_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * `check` (a reader check of the council or guideline an item belongs to), with any 404 it
 * throws worded as `message`: a route answers one "not found" whether the item is missing or
 * its council hidden from the reader, so the answer never tells that it exists.
 */
export async function notFoundAs<T>(message: string, check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (e) {
    if (e instanceof AppError && e.code === ErrorCode.notFound) throw AppError.notFound(message);
    throw e;
  }
}

/** The application and the reader's access to its guideline; 404 unless they may read it. */
export async function requireApplicationReader(
  ctx: Ctx,
  id: string,
): Promise<{ app: ApplicationRecord; access: GuidelineAccess }> {
  const app = await findApplication(ctx.db, id);
  if (!app) throw AppError.notFound(APPLICATION_NOT_FOUND);
  const access = await notFoundAs(
    APPLICATION_NOT_FOUND,
    requireGuidelineReader(ctx, app.guideline_id),
  );
  return { app, access };
}

/** 403 with a field and a rule (the client shows it on the form). */
export function forbiddenField(field: string, rule: string, message: string): AppError {
  return new AppError(ErrorCode.forbidden, message, { field, rule });
}

/** 409 with a field and a rule other than `unique`. */
export function conflictField(field: string, rule: string, message: string): AppError {
  return new AppError(ErrorCode.conflict, message, { field, rule });
}

const NOT_REPRESENTATIVE = (memberField: string) =>
  forbiddenField(
    memberField,
    'representative',
    `${memberField}: only a representative of the applying member may do this / 仅申请成员的代表可以操作`,
  );

/** The reader's standing in each council of `councilIds` (staff, representative). */
async function standingsOf(ctx: Ctx, councilIds: readonly string[]) {
  const out = new Map<string, Standing>();
  for (const id of new Set(councilIds)) {
    const council = await findCouncil(ctx.db, id);
    if (council) out.set(id, await standingIn(ctx, council));
  }
  return out;
}

/** The applications as the reader sees them, in the given order. */
export async function toApplications(
  ctx: Ctx,
  rows: readonly ApplicationRecord[],
): Promise<Application[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const guidelineIds = [...new Set(rows.map((r) => r.guideline_id))];
  const me = ctx.actor?.id;
  const [guidelines, members, reviews, reviewing, files, standings] = await Promise.all([
    ctx.db
      .selectFrom('council_guidelines')
      .select(['id', 'title', 'approvals_required', 'closes_at'])
      .where('id', 'in', guidelineIds)
      .execute(),
    ctx.db
      .selectFrom('council_members')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.member_id))])
      .execute(),
    ctx.db
      .selectFrom('council_application_reviews as r')
      .innerJoin('council_applications as a', 'a.id', 'r.application_id')
      .leftJoin('council_guideline_reviewers as rv', (j) =>
        j
          .onRef('rv.guideline_id', '=', 'a.guideline_id')
          .onRef('rv.account_id', '=', 'r.reviewer_id'),
      )
      .select([
        'r.application_id',
        'r.reviewer_id',
        'r.round',
        'r.decision',
        'r.reason',
        'r.reviewed_at',
        'rv.name_masked',
        'rv.organisation',
      ])
      .where('r.application_id', 'in', ids)
      .orderBy('r.reviewed_at')
      .orderBy('r.reviewer_id')
      .execute(),
    me
      ? ctx.db
          .selectFrom('council_guideline_reviewers')
          .select('guideline_id')
          .where('account_id', '=', me)
          .where('guideline_id', 'in', guidelineIds)
          .execute()
      : Promise.resolve([]),
    attachmentRefs(ctx.db, APPLICATION_FILES, ids),
    standingsOf(
      ctx,
      rows.map((r) => r.council_id),
    ),
  ]);
  const guideline = new Map(guidelines.map((g) => [g.id, g]));
  const memberName = new Map(members.map((m) => [m.id, m.name]));
  const reviews_ = new Set(reviewing.map((r) => r.guideline_id));
  const now = Date.now();
  return rows.map((a) => {
    const g = guideline.get(a.guideline_id)!;
    const open = new Date(g.closes_at).getTime() > now;
    const standing = standings.get(a.council_id) ?? { staff: false, rep: null };
    const ownMember = standing.rep?.memberId === a.member_id;
    const mine = reviews.filter((r) => r.application_id === a.id);
    const reviewedThisRound = mine.some((r) => r.reviewer_id === me && r.round === a.round);
    const refs = files.get(a.id) ?? [];
    const ref = (id: string): AttachmentRef =>
      refs.find((f) => f.id === id) ?? {
        id,
        name: '',
        kind: 'pdf',
        bytes: 1,
        url: `/api/attachments/${id}`,
      };
    const state = a.state as ApplicationState;
    return {
      id: a.id,
      guidelineId: a.guideline_id,
      guidelineTitle: g.title,
      member: { id: a.member_id, name: memberName.get(a.member_id) ?? '' },
      title: a.title,
      description: a.description,
      lat: a.lat,
      lng: a.lng,
      photos: a.photo_ids.map(ref),
      design: ref(a.design_id),
      state,
      approvals: a.approvals,
      approvalsRequired: g.approvals_required,
      reviews: mine.map((r) => ({
        reviewer: r.name_masked ?? '',
        organisation: r.organisation ?? '',
        decision: r.decision as ExpertReviewDecision,
        reason: r.reason,
        at: new Date(r.reviewed_at).toISOString(),
      })),
      canReview:
        reviews_.has(a.guideline_id) && state === 'submitted' && !reviewedThisRound && !ownMember,
      canResubmit: ownMember && state === 'changes_requested' && open,
      canComplete: state === 'approved' && (ownMember || canManage(standing)),
      submittedAt: new Date(a.submitted_at).toISOString(),
    };
  });
}

/** One application as the reader sees it. */
export async function getApplication(ctx: Ctx, id: string): Promise<Application> {
  const { app } = await requireApplicationReader(ctx, id);
  return (await toApplications(ctx, [app]))[0]!;
}

/** A guideline's applications, newest first: readers of its council and its reviewers. */
export async function listApplications(ctx: Ctx, guidelineId: string): Promise<ApplicationList> {
  const { guideline } = await requireGuidelineReader(ctx, guidelineId);
  const rows = await ctx.db
    .selectFrom('council_applications')
    .selectAll()
    .where('guideline_id', '=', guideline.id)
    .orderBy('submitted_at', 'desc')
    .orderBy('id')
    .limit(MAX_LIST)
    .execute();
  return { items: await toApplications(ctx, rows) };
}

/** What waits for the reader's review: this round not yet reviewed, never their own member's. */
export async function myReviews(ctx: Ctx): Promise<ApplicationList> {
  const me = ctx.actor!.id;
  const rows = await sql<ApplicationRecord>`
    select a.* from council_guideline_reviewers rv
    join council_applications a on a.guideline_id = rv.guideline_id and a.state = 'submitted'
    where rv.account_id = ${me}::uuid
      and not exists (select 1 from council_application_reviews r
        where r.application_id = a.id and r.reviewer_id = ${me}::uuid and r.round = a.round)
      and not exists (select 1 from council_representatives cr
        where cr.council_id = a.council_id and cr.account_id = ${me}::uuid
          and cr.member_id = a.member_id)
    order by a.submitted_at, a.id
    limit ${MAX_LIST}`.execute(ctx.db);
  return { items: await toApplications(ctx, rows.rows) };
}

/**
 * The body with its ids in lower case (ids differing only in case are the same) and its text
 * trimmed; the title, shown on the public map once approved, with any mobile or ID number in
 * it masked. 400 for an empty text, a photo listed twice, or the design among the photos.
 */
function cleanBody(body: ApplyBody): ApplyBody {
  const title = maskPersonalNumbers(body.title.trim());
  if (!title) throw AppError.invalid('title', 'required', 'title: required / 申请标题必填');
  const description = body.description.trim();
  if (!description)
    throw AppError.invalid('description', 'required', 'description: required / 申请说明必填');
  const photoIds = body.photoIds.map((p) => p.toLowerCase());
  const twice = photoIds.findIndex((p, i) => photoIds.indexOf(p) !== i);
  if (twice >= 0)
    throw AppError.invalid(
      `photoIds.${twice}`,
      'duplicate',
      `photoIds.${twice}: this photo is listed twice / 现状照片重复`,
    );
  const designId = body.designId.toLowerCase();
  if (photoIds.includes(designId))
    throw AppError.invalid(
      'designId',
      'duplicate',
      'designId: the design cannot also be one of the photos / 设计方案不能与现状照片为同一文件',
    );
  return { ...body, memberId: body.memberId.toLowerCase(), title, description, photoIds, designId };
}

/** Lock the guideline's row and refuse (409 `closesAt` `closed`) once it has closed. */
async function lockOpenGuideline(trx: Transaction<DB>, id: string): Promise<void> {
  const locked = await trx
    .selectFrom('council_guidelines')
    .select(['closes_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  requireOpen(locked.closes_at);
}

/** 409 `closesAt` `closed` unless the guideline (its row locked by the caller) is still open. */
function requireOpen(closesAt: Date | string): void {
  if (new Date(closesAt).getTime() <= Date.now())
    throw conflictField(
      'closesAt',
      'closed',
      `closesAt: the guideline closed for applications at ${new Date(closesAt).toISOString()} / 该导则已截止申请`,
    );
}

/**
 * Make the application's files exactly its photos and design, each the reader's upload (or
 * already the application's), and check their kinds: photos JPEG or PNG, the design a PDF or
 * an image. Inside the caller's transaction: a 400 leaves nothing attached. `body` is cleaned
 * (`cleanBody`: its ids in lower case).
 */
async function attachFiles(trx: Kysely<DB>, ctx: Ctx, id: string, body: ApplyBody): Promise<void> {
  const common = { ownerType: APPLICATION_FILES, ownerId: id, uploadedBy: ctx.actor!.id };
  await attachAttachments(trx, { ...common, ids: body.photoIds, field: 'photoIds' });
  await attachAttachments(trx, { ...common, ids: [body.designId], field: 'designId' });
  // drops the files of an earlier round that are not listed any more
  await setAttachments(trx, { ...common, ids: [...body.photoIds, body.designId] });
  const refs = (await attachmentRefs(trx, APPLICATION_FILES, [id])).get(id) ?? [];
  const kindOf = new Map(refs.map((r) => [r.id, r.kind]));
  for (const [i, photo] of body.photoIds.entries()) {
    const kind = kindOf.get(photo);
    if (kind !== 'jpeg' && kind !== 'png')
      throw AppError.invalid(
        `photoIds.${i}`,
        'image',
        `photoIds.${i}: a photo must be a JPEG or PNG image / 现状照片须为 JPEG 或 PNG 图片`,
      );
  }
  const design = kindOf.get(body.designId);
  if (design !== 'pdf' && design !== 'jpeg' && design !== 'png')
    throw AppError.invalid(
      'designId',
      'kind',
      'designId: the design must be a PDF or an image / 设计方案须为 PDF 或图片',
    );
}

/**
 * A representative of the member applies under an open guideline (409 `closesAt` `closed`
 * after its close, checked under the guideline's row lock, where its counter moves too).
 */
export async function applyUnderGuideline(
  ctx: Ctx,
  guidelineId: string,
  raw: ApplyBody,
): Promise<Application> {
  const { guideline, council, standing } = await requireGuidelineReader(ctx, guidelineId);
  if (standing.rep?.memberId !== raw.memberId.toLowerCase()) throw NOT_REPRESENTATIVE('memberId');
  const body = cleanBody(raw);
  const { title, description } = body;
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await lockOpenGuideline(trx, guideline.id);
    await trx
      .insertInto('council_applications')
      .values({
        id,
        guideline_id: guideline.id,
        council_id: council.id,
        member_id: body.memberId,
        applicant_id: ctx.actor!.id,
        title,
        description,
        lat: body.lat,
        lng: body.lng,
        photo_ids: body.photoIds,
        design_id: body.designId,
      })
      .execute();
    await attachFiles(trx, ctx, id, body);
    await trx
      .updateTable('council_guidelines')
      .set((eb) => ({ applications: eb('applications', '+', 1) }))
      .where('id', '=', guideline.id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.application.submit',
        objectType: 'council_application',
        objectId: id,
        areaPath: council.area_path,
        detail: { guidelineId: guideline.id, memberId: body.memberId, title },
      },
      trx,
    );
  });
  return getApplication(ctx, id);
}

/**
 * After reviewers asked for changes, a representative of the applying member sends it again
 * (the member stays the same) before the guideline closes (409 `closesAt` `closed`, like
 * applying): a new round, reviewed afresh; earlier rounds' reviews remain. Locks the
 * application's row, then the guideline's — the order reviews and "done" take them in.
 */
export async function resubmitApplication(
  ctx: Ctx,
  id: string,
  raw: ApplyBody,
): Promise<Application> {
  const { app, access } = await requireApplicationReader(ctx, id);
  if (access.standing.rep?.memberId !== app.member_id) throw NOT_REPRESENTATIVE('memberId');
  if (raw.memberId.toLowerCase() !== app.member_id)
    throw AppError.invalid(
      'memberId',
      'unchanged',
      'memberId: an application stays with the member that made it / 申请成员不可更改',
    );
  const body = cleanBody(raw);
  const { title, description } = body;
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('council_applications')
      .select(['state', 'round'])
      .where('id', '=', app.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.state !== 'changes_requested')
      throw conflictField(
        'state',
        'notChangesRequested',
        'state: only an application the reviewers asked to change is sent again / 仅“需修改”的申请可重新提交',
      );
    await lockOpenGuideline(trx, app.guideline_id);
    await trx
      .updateTable('council_applications')
      .set({
        title,
        description,
        lat: body.lat,
        lng: body.lng,
        photo_ids: body.photoIds,
        design_id: body.designId,
        state: 'submitted',
        round: locked.round + 1,
        approvals: 0,
        submitted_at: new Date(),
        decided_at: null,
      })
      .where('id', '=', app.id)
      .execute();
    await attachFiles(trx, ctx, app.id, body);
    await recordAudit(
      ctx,
      {
        action: 'councils.application.resubmit',
        objectType: 'council_application',
        objectId: app.id,
        areaPath: access.council.area_path,
        detail: { round: locked.round + 1, title },
      },
      trx,
    );
  });
  return getApplication(ctx, app.id);
}

/** An approved project carried out: the applicant member's representatives or those who run the council. */
export async function completeApplication(ctx: Ctx, id: string): Promise<Application> {
  const { app, access } = await requireApplicationReader(ctx, id);
  const own = access.standing.rep?.memberId === app.member_id;
  if (!own && !canManage(access.standing))
    throw AppError.forbidden(
      'Only the applying member’s representatives, staff, the chair or the secretary mark it done / 仅申请成员代表、街道工作人员、主任或秘书可标记完成',
    );
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('council_applications')
      .select(['state'])
      .where('id', '=', app.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.state !== 'approved')
      throw conflictField(
        'state',
        'notApproved',
        'state: only an approved application is marked done / 仅已通过的申请可标记完成',
      );
    await trx
      .updateTable('council_applications')
      .set({ state: 'done', done_at: new Date() })
      .where('id', '=', app.id)
      .execute();
    await trx
      .updateTable('council_guidelines')
      .set((eb) => ({ done: eb('done', '+', 1) }))
      .where('id', '=', app.guideline_id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.application.done',
        objectType: 'council_application',
        objectId: app.id,
        areaPath: access.council.area_path,
        detail: { guidelineId: app.guideline_id },
      },
      trx,
    );
  });
  return getApplication(ctx, app.id);
}
