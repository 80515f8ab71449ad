import {
  DECLARATION_STATUSES,
  REVEAL_REASON_MIN,
  type DeclarationCounts,
  type DeclarationDetail,
  type DeclarationPage,
  type DeclarationRevealAnswer,
  type DeclarationRevealBody,
  type DeclarationReviewBody,
  type DeclarationRow,
  type DeclarationsQuery,
  type DeclarationStatus,
  type MyDeclarationList,
  type Symptom,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { districtOf } from '../../platform/district.js';
import { AppError } from '../../platform/errors.js';
import { requireCalendarDay, shanghaiDate } from '../../platform/shanghai-time.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { announceTopicFigures, feedTopicFigures } from '../dashboards/index.js';
import { selectDeclarations, type DeclarationRecord } from './declarations.repo.js';
import type { StoredReview } from './declarations.tables.js';
import {
  DECLARATION_NOT_FOUND,
  mayHandle,
  NO_SUCH_COMMITTEE,
  requireHandler,
} from './declarations.policy.js';
import { declarationFigures, EPIDEMIC_TOPIC } from './declare.service.js';
import { declarationMarkedDuplicate } from './declaration-events.js';
import { findRegion } from './regions.js';

/**
 * Committee staff's side of declarations: the committee's list with its counts, one
 * declaration with its reviews, a review (accept, ask for more, mark as duplicate of another)
 * and a reveal of one field for a reason. Personal fields leave masked; the reveal is audited.
 * A resident reads the declarations they made for guests, masked as well.
 */

type Row = DeclarationRecord;

const STATUS_OF = { accept: 'accepted', more_info: 'more_info', duplicate: 'duplicate' } as const;

/** The observations opened for these declarations (the observations module shares the table). */
async function observationsOf(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('observations')
    .select(['id', 'declaration_id'])
    .where('declaration_id', 'in', ids)
    .execute();
  return new Map(rows.map((o) => [o.declaration_id!, o.id]));
}

/** Stored rows as staff and residents see them, in their order. */
async function toRows(db: Kysely<DB>, rows: readonly Row[]): Promise<DeclarationRow[]> {
  const observations = await observationsOf(
    db,
    rows.filter((r) => r.key_region_level).map((r) => r.id),
  );
  return Promise.all(rows.map((r) => toRow(db, r, observations.get(r.id) ?? null)));
}

/** One stored row as staff and residents see it: masked, with names for codes. */
async function toRow(
  db: Kysely<DB>,
  r: Row,
  observationId: string | null,
): Promise<DeclarationRow> {
  const region = findRegion(r.origin_code);
  const compound = await findAreaCached(db, r.compound_code);
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    name: r.name_masked,
    phone: r.phone_masked,
    document: { kind: r.document_kind, number: r.document_masked },
    origin: {
      code: r.origin_code,
      name: region?.name ?? r.origin_code,
      path: region?.path ?? region?.name ?? r.origin_code,
    },
    arrivalDate: r.arrival_date,
    arrivalMeans: r.arrival_means as DeclarationRow['arrivalMeans'],
    room: { id: r.room_id, label: r.room_label },
    compound: { code: r.compound_code, name: compound?.name ?? r.compound_code },
    purpose: r.purpose as DeclarationRow['purpose'],
    stayDays: r.stay_days,
    health: { temperature: r.temperature, symptoms: r.symptoms as Symptom[] },
    keyRegion:
      r.key_region_name && r.key_region_level
        ? { name: r.key_region_name, level: r.key_region_level }
        : null,
    possibleDuplicateOf: r.possible_duplicate_of,
    registryResident: r.registry_resident,
    observationId,
    createdAt: r.created_at.toISOString(),
    declaredBy: r.declared_by ? 'resident' : 'self',
  };
}

/** The committee the staff member handles, by code; anything else 404. */
async function handledCommittee(ctx: Ctx, code: string) {
  const area = await findAreaCached(ctx.db, code);
  if (!area || area.level !== 'committee' || !mayHandle(ctx.actor, area.path))
    throw AppError.notFound(NO_SUCH_COMMITTEE);
  return area;
}

async function findDeclaration(db: Kysely<DB>, id: string): Promise<Row | undefined> {
  return selectDeclarations(db).where('id', '=', id).executeTakeFirst();
}

/** The declaration the staff member handles, or 404 (never saying it exists). */
async function handledDeclaration(ctx: Ctx, id: string): Promise<Row> {
  const row = await findDeclaration(ctx.db, id);
  if (!row) throw AppError.notFound(DECLARATION_NOT_FOUND);
  requireHandler(ctx.actor, row);
  return row;
}

const LIST = 'declarations.list';

export async function listDeclarations(ctx: Ctx, q: DeclarationsQuery): Promise<DeclarationPage> {
  const committee = await handledCommittee(ctx, q.committee);
  const limit = q.limit ?? 50;
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, LIST, ctx.actor?.id, q.cursor) as [string, string])
    : null;
  let query = selectDeclarations(ctx.db)
    .where('district_code', '=', districtOf(committee.path))
    .where('committee_code', '=', committee.code);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.keyRegion !== undefined)
    query = query.where('key_region_level', q.keyRegion ? 'is not' : 'is', null);
  if (q.from) query = query.where('arrival_date', '>=', requireCalendarDay('from', q.from));
  if (q.to) query = query.where('arrival_date', '<=', requireCalendarDay('to', q.to));
  if (after) {
    const [at, id] = after;
    query = query.where(
      sql<boolean>`(created_at, id) < (${new Date(at)}::timestamptz, ${id}::uuid)`,
    );
  }
  const [rows, counts] = await Promise.all([
    query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute(),
    // the counts once, with the first page ("load more" keeps them)
    after ? undefined : committeeCounts(ctx.db, committee),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await toRows(ctx.db, page),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, LIST, ctx.actor?.id, [last.created_at.toISOString(), last.id])
        : null,
    ...(counts ? { counts } : {}),
  };
}

async function committeeCounts(
  db: Kysely<DB>,
  committee: { code: string; path: string },
): Promise<DeclarationCounts> {
  const rows = await db
    .selectFrom('declarations')
    .select((eb) => [
      'status',
      eb.fn.countAll<string>().as('n'),
      eb.fn.count<string>('key_region_level').as('key'),
    ])
    .where('district_code', '=', districtOf(committee.path))
    .where('committee_code', '=', committee.code)
    .groupBy('status')
    .execute();
  const counts: DeclarationCounts = {
    submitted: 0,
    accepted: 0,
    more_info: 0,
    duplicate: 0,
    keyRegion: 0,
  };
  for (const r of rows) {
    if ((DECLARATION_STATUSES as readonly string[]).includes(r.status))
      counts[r.status as DeclarationStatus] = Number(r.n);
    // a duplicate is not another arrival from a key region
    if (r.status !== 'duplicate') counts.keyRegion += Number(r.key);
  }
  return counts;
}

function toDetail(row: DeclarationRow, r: Row): DeclarationDetail {
  return {
    ...row,
    reviews: r.reviews.map((v) => ({ decision: v.decision, note: v.note, by: v.byName, at: v.at })),
  };
}

export async function getDeclaration(ctx: Ctx, id: string): Promise<DeclarationDetail> {
  const r = await handledDeclaration(ctx, id);
  return toDetail((await toRows(ctx.db, [r]))[0]!, r);
}

/**
 * Accept, ask for more, or mark as a duplicate of another declaration of the committee. Marking
 * a duplicate takes its arrival off the board (−1 on the day it was stored); undoing it puts
 * it back. Audited.
 */
export async function reviewDeclaration(
  ctx: Ctx,
  id: string,
  body: DeclarationReviewBody,
): Promise<DeclarationDetail> {
  await handledDeclaration(ctx, id);
  const note = (body.note ?? '').trim();
  if (body.decision === 'duplicate' && !body.duplicateOf)
    throw AppError.invalid(
      'duplicateOf',
      'required',
      'duplicateOf: name the declaration this one repeats / 标记重复时须指明与哪一份申报重复',
    );
  if (body.decision !== 'duplicate' && body.duplicateOf)
    throw AppError.invalid(
      'duplicateOf',
      'unexpected',
      'duplicateOf: only with the decision duplicate / 仅在标记重复时填写',
    );
  const status = STATUS_OF[body.decision];
  const { row, areaPath } = await ctx.db.transaction().execute(async (trx) => {
    const r = await selectDeclarations(trx).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw AppError.notFound(DECLARATION_NOT_FOUND);
    if (body.duplicateOf) {
      const other = await trx
        .selectFrom('declarations')
        .select(['id', 'committee_code'])
        .where('id', '=', body.duplicateOf)
        .executeTakeFirst();
      if (!other || other.id === r.id || other.committee_code !== r.committee_code)
        throw AppError.invalid(
          'duplicateOf',
          'sameCommittee',
          'duplicateOf: another declaration of this committee / 应为本居委会的另一份申报',
        );
    }
    const review: StoredReview = {
      decision: body.decision,
      note,
      by: ctx.actor!.id,
      byName: ctx.actor!.displayName,
      at: new Date().toISOString(),
    };
    await trx
      .updateTable('declarations')
      .set({
        status,
        duplicate_of: body.duplicateOf ?? null,
        reviews: sql<string>`reviews || ${JSON.stringify([review])}::jsonb`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const updated = await selectDeclarations(trx).where('id', '=', id).executeTakeFirstOrThrow();
    const wasDuplicate = r.status === 'duplicate';
    const isDuplicate = status === 'duplicate';
    if (wasDuplicate !== isDuplicate) {
      await feedTopicFigures(
        trx,
        EPIDEMIC_TOPIC,
        declarationFigures(
          {
            areaPath: r.area_path,
            originCode: r.origin_code,
            keyRegionLevel: r.key_region_level,
          },
          shanghaiDate(r.created_at),
          isDuplicate ? -1 : 1,
        ),
      );
    }
    if (isDuplicate && !wasDuplicate)
      await ctx.events.publish(trx, declarationMarkedDuplicate, {
        declarationId: id,
        duplicateOf: body.duplicateOf!,
        by: ctx.actor!.id,
        note,
      });
    await recordAudit(
      ctx,
      {
        action: 'declarations.review',
        objectType: 'declaration',
        objectId: id,
        areaPath: r.area_path,
        detail: {
          decision: body.decision,
          from: r.status,
          ...(body.duplicateOf ? { duplicateOf: body.duplicateOf } : {}),
        },
      },
      trx,
    );
    return { row: updated, areaPath: r.area_path };
  });
  announceTopicFigures(ctx.live, EPIDEMIC_TOPIC, [areaPath]);
  return toDetail((await toRows(ctx.db, [row]))[0]!, row);
}

/** One field in clear, for a reason written to the audit log with it. */
export async function revealDeclaration(
  ctx: Ctx,
  id: string,
  body: DeclarationRevealBody,
): Promise<DeclarationRevealAnswer> {
  const r = await handledDeclaration(ctx, id);
  const reason = body.reason.trim();
  if ([...reason].length < REVEAL_REASON_MIN)
    throw AppError.invalid(
      'reason',
      'minLength',
      `reason: at least ${REVEAL_REASON_MIN} characters / 查看原因至少${REVEAL_REASON_MIN}个字`,
    );
  await recordAudit(ctx, {
    action: 'declarations.reveal',
    objectType: 'declaration',
    objectId: id,
    areaPath: r.area_path,
    detail: { field: body.field, reason, committee: r.committee_code },
  });
  const enc =
    body.field === 'name' ? r.name_enc : body.field === 'phone' ? r.phone_enc : r.document_enc;
  return { value: ctx.cipher.decrypt(enc) };
}

/** The declarations a resident made for guests, newest first (the last 100). */
export async function myDeclarations(ctx: Ctx): Promise<MyDeclarationList> {
  if (!ctx.actor) throw AppError.unauthenticated();
  const rows = await selectDeclarations(ctx.db)
    .where('declared_by', '=', ctx.actor.id)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return { items: await toRows(ctx.db, rows) };
}
