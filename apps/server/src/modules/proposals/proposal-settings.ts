import {
  PROPOSAL_DEFAULTS,
  type CommitteeProposalSettings,
  type CommitteeProposalSettingsView,
  type StreetProposalSettings,
  type StreetProposalSettingsView,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { findAreaCached, normalizeAreaCode } from '../areas/index.js';
import { canSetCommittee, canSetStreet, isViewerStaff } from './proposals.policy.js';
import { streetOf } from './proposals.repo.js';

/**
 * Thresholds: a committee sets the larger-of rule (min supports, % of verified households)
 * within the bounds its street sets; nothing set means the platform's defaults, held inside
 * the street's bounds. A proposal keeps the threshold it was submitted under.
 */

const AREA_NOT_FOUND = 'No such area / 没有这个区域';

export async function streetBounds(
  db: Kysely<DB>,
  streetCode: string | null,
): Promise<StreetProposalSettings & { isDefault: boolean }> {
  const row = streetCode
    ? await db
        .selectFrom('proposal_street_settings')
        .selectAll()
        .where('street_code', '=', streetCode)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    const d = PROPOSAL_DEFAULTS;
    return {
      minSupportsFloor: d.minSupportsFloor,
      minSupportsCeiling: d.minSupportsCeiling,
      percentFloor: d.percentFloor,
      percentCeiling: d.percentCeiling,
      answerDays: d.answerDays,
      isDefault: true,
    };
  }
  return {
    minSupportsFloor: row.min_supports_floor,
    minSupportsCeiling: row.min_supports_ceiling,
    percentFloor: Number(row.percent_floor),
    percentCeiling: Number(row.percent_ceiling),
    answerDays: row.answer_days,
    isDefault: false,
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The committee's rule as it applies now (a setting the street's new bounds left outside is held to them). */
export async function committeeRule(
  db: Kysely<DB>,
  committeeCode: string,
  streetCode: string | null,
) {
  const [bounds, row] = await Promise.all([
    streetBounds(db, streetCode),
    db
      .selectFrom('proposal_committee_settings')
      .selectAll()
      .where('committee_code', '=', committeeCode)
      .executeTakeFirst(),
  ]);
  const minSupports = clamp(
    row?.min_supports ?? PROPOSAL_DEFAULTS.minSupports,
    bounds.minSupportsFloor,
    bounds.minSupportsCeiling,
  );
  const householdPercent = clamp(
    Number(row?.household_percent ?? PROPOSAL_DEFAULTS.householdPercent),
    bounds.percentFloor,
    bounds.percentCeiling,
  );
  return { bounds, minSupports, householdPercent, isDefault: !row };
}

/** Verified households of the committee (a tenant without a household counts by room). */
export async function verifiedHouseholds(db: Kysely<DB>, committeePath: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`
    select count(distinct coalesce(household_id, room_id)) as n from resident_links
    where status = 'verified' and (area_path = ${committeePath} or area_path like ${`${committeePath}/%`})`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

export const thresholdOf = (minSupports: number, percent: number, households: number) =>
  Math.max(minSupports, Math.ceil((percent / 100) * households - 1e-9));

/** The threshold and answer days a proposal submitted now takes. */
export async function thresholdNow(
  db: Kysely<DB>,
  committeeCode: string,
  committeePath: string,
): Promise<{ threshold: number; answerDays: number }> {
  const [rule, households] = await Promise.all([
    committeeRule(db, committeeCode, streetOf(committeePath)),
    verifiedHouseholds(db, committeePath),
  ]);
  return {
    threshold: thresholdOf(rule.minSupports, rule.householdPercent, households),
    answerDays: rule.bounds.answerDays,
  };
}

async function requireLevel(ctx: Ctx, raw: string, level: 'committee' | 'street', field: string) {
  const code = normalizeAreaCode(raw, field);
  const area = await findAreaCached(ctx.db, code);
  if (!area || area.level !== level) throw AppError.notFound(AREA_NOT_FOUND);
  return area;
}

export async function getCommitteeSettings(
  ctx: Ctx,
  rawCode: string,
): Promise<CommitteeProposalSettingsView> {
  const area = await requireLevel(ctx, rawCode, 'committee', 'code');
  if (!isViewerStaff(ctx.actor, { area_path: area.path })) throw AppError.notFound(AREA_NOT_FOUND);
  const [rule, households] = await Promise.all([
    committeeRule(ctx.db, area.code, streetOf(area.path)),
    verifiedHouseholds(ctx.db, area.path),
  ]);
  const { isDefault: _d, ...bounds } = rule.bounds;
  return {
    committeeCode: area.code,
    minSupports: rule.minSupports,
    householdPercent: rule.householdPercent,
    isDefault: rule.isDefault,
    verifiedHouseholds: households,
    threshold: thresholdOf(rule.minSupports, rule.householdPercent, households),
    bounds,
    canEdit: canSetCommittee(ctx.actor, area.path),
  };
}

/**
 * Set a committee's threshold (its staff, or the street above). A number outside the street's
 * bounds is a 400 naming the bound. Proposals already submitted keep their threshold.
 */
export async function setCommitteeThreshold(
  ctx: Ctx,
  rawCode: string,
  body: CommitteeProposalSettings,
): Promise<CommitteeProposalSettingsView> {
  const area = await requireLevel(ctx, rawCode, 'committee', 'code');
  if (!isViewerStaff(ctx.actor, { area_path: area.path })) throw AppError.notFound(AREA_NOT_FOUND);
  if (!canSetCommittee(ctx.actor, area.path))
    throw AppError.forbidden(
      "Only the committee's staff or the street's operators set its threshold / 仅居委会或街道工作人员可设置门槛",
    );
  const b = await streetBounds(ctx.db, streetOf(area.path));
  if (body.minSupports < b.minSupportsFloor || body.minSupports > b.minSupportsCeiling)
    throw AppError.invalid(
      'minSupports',
      body.minSupports < b.minSupportsFloor ? 'minSupportsFloor' : 'minSupportsCeiling',
      `minSupports must lie within the street's bounds ${b.minSupportsFloor}–${b.minSupportsCeiling} (${body.minSupports < b.minSupportsFloor ? 'minSupportsFloor' : 'minSupportsCeiling'}) / 最低支持数须在街道规定的 ${b.minSupportsFloor}–${b.minSupportsCeiling} 之间`,
    );
  if (body.householdPercent < b.percentFloor || body.householdPercent > b.percentCeiling)
    throw AppError.invalid(
      'householdPercent',
      body.householdPercent < b.percentFloor ? 'percentFloor' : 'percentCeiling',
      `householdPercent must lie within the street's bounds ${b.percentFloor}–${b.percentCeiling} % (${body.householdPercent < b.percentFloor ? 'percentFloor' : 'percentCeiling'}) / 户数比例须在街道规定的 ${b.percentFloor}%–${b.percentCeiling}% 之间`,
    );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('proposal_committee_settings')
      .values({
        committee_code: area.code,
        min_supports: body.minSupports,
        household_percent: body.householdPercent,
        updated_by: ctx.actor!.id,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.column('committee_code').doUpdateSet({
          min_supports: body.minSupports,
          household_percent: body.householdPercent,
          updated_by: ctx.actor!.id,
          updated_at: new Date(),
        }),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'proposals.set-threshold',
        objectType: 'area',
        objectId: area.code,
        areaPath: area.path,
        detail: { ...body },
      },
      trx,
    );
  });
  return getCommitteeSettings(ctx, area.code);
}

export async function getStreetSettings(
  ctx: Ctx,
  rawCode: string,
): Promise<StreetProposalSettingsView> {
  const area = await requireLevel(ctx, rawCode, 'street', 'code');
  if (!isViewerStaff(ctx.actor, { area_path: area.path }) && !canSetStreet(ctx.actor, area.path))
    throw AppError.notFound(AREA_NOT_FOUND);
  const b = await streetBounds(ctx.db, area.code);
  return { streetCode: area.code, ...b, canEdit: canSetStreet(ctx.actor, area.path) };
}

/** Set a street's bounds (its operators, or the district's above them). */
export async function setStreetBounds(
  ctx: Ctx,
  rawCode: string,
  body: StreetProposalSettings,
): Promise<StreetProposalSettingsView> {
  const area = await requireLevel(ctx, rawCode, 'street', 'code');
  if (!isViewerStaff(ctx.actor, { area_path: area.path }) && !canSetStreet(ctx.actor, area.path))
    throw AppError.notFound(AREA_NOT_FOUND);
  if (!canSetStreet(ctx.actor, area.path))
    throw AppError.forbidden(
      "Only the street's operators set its bounds / 仅街道工作人员可设置门槛范围",
    );
  if (body.minSupportsFloor > body.minSupportsCeiling)
    throw AppError.invalid(
      'minSupportsCeiling',
      'minimum',
      'minSupportsCeiling must not be below minSupportsFloor / 最低支持数上限不能小于下限',
    );
  if (body.percentFloor > body.percentCeiling)
    throw AppError.invalid(
      'percentCeiling',
      'minimum',
      'percentCeiling must not be below percentFloor / 户数比例上限不能小于下限',
    );
  const values = {
    min_supports_floor: body.minSupportsFloor,
    min_supports_ceiling: body.minSupportsCeiling,
    percent_floor: body.percentFloor,
    percent_ceiling: body.percentCeiling,
    answer_days: body.answerDays,
    updated_by: ctx.actor!.id,
    updated_at: new Date(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('proposal_street_settings')
      .values({ street_code: area.code, ...values })
      .onConflict((oc) => oc.column('street_code').doUpdateSet(values))
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'proposals.set-bounds',
        objectType: 'area',
        objectId: area.code,
        areaPath: area.path,
        detail: { ...body },
      },
      trx,
    );
  });
  return getStreetSettings(ctx, area.code);
}
