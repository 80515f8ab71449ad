import {
  COMPLAINT_DAYS_DEFAULT,
  maskName,
  type ComplaintQuery,
  type ComplaintRate,
  type ComplaintRates,
  type CompoundProperty,
  type CompoundPropertyDetail,
  type CompoundPropertyList,
  type FeeChangeView,
  type PropertyCompanyView,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { findAreaCached } from '../areas/index.js';
import { caseCountsByCompound } from '../cases/index.js';
import { householdsByCompound } from '../registry/index.js';
import { requireVerifiedHome } from '../residents/index.js';
import { complaintScenarios } from './complaint-scenarios.js';
import {
  mayEditCompound,
  mayReadArea,
  NO_SUCH_COMPOUND,
  viewerBindings,
} from './property.policy.js';
import {
  changesOf,
  companiesOf,
  compoundsWithin,
  feeHistory,
  feesInForce,
  findCompound,
  membersOf,
  type CompoundArea,
  type FeeChangeRow,
} from './property.repo.js';

/**
 * Reading the "1 + 3" (物业): the compounds of an area with company, owners' committee, fee
 * and complaints per 1,000 households; one compound in full; the resident's own compound;
 * the complaint figures by compound and by company. A fixed handful of grouped queries per
 * request, whatever the number of compounds.
 */

/** Today in Shanghai ('YYYY-MM-DD'): fees take effect by the local calendar. */
export const today = (): string => shanghaiDate();

/** cases ÷ households × 1000, rounded half up to hundredths, in integers. */
export function complaintRate(cases: number, households: number): ComplaintRate {
  if (households <= 0) return { cases, households, per1000: null };
  const hundredths = Math.floor((2 * cases * 100_000 + households) / (2 * households));
  return { cases, households, per1000: hundredths / 100 };
}

/** The area the reader asks about (default their first), or 403/404. */
async function readableArea(ctx: Ctx, code: string | undefined) {
  const own = viewerBindings(ctx.actor);
  if (own.length === 0)
    throw AppError.forbidden(
      'Only committee staff and operators read property management / 仅居委会及街道、区、市工作人员可查看物业管理',
    );
  const area = await findAreaCached(ctx.db, code ?? own[0]!.areaCode);
  if (!area || !mayReadArea(ctx.actor, area.path))
    throw AppError.notFound('area: no such area in your scope / 您的范围内没有这个区域');
  return area;
}

interface Figures {
  companies: Map<string, PropertyCompanyView>;
  cases: Map<string, number>;
  households: Map<string, number>;
}

async function figuresOf(
  db: Kysely<DB>,
  compounds: CompoundArea[],
  days: number,
): Promise<Figures> {
  const codes = compounds.map((c) => c.code);
  const since = new Date(Date.now() - days * 86_400_000);
  const [companies, cases, households] = await Promise.all([
    companiesOf(db, codes),
    caseCountsByCompound(db, {
      scenarioCodes: complaintScenarios().map((s) => s.code),
      compounds: compounds.map((c) => ({ code: c.code, path: c.path })),
      since,
    }),
    householdsByCompound(db, [...new Set(compounds.map((c) => c.committeeCode))]),
  ]);
  return { companies, cases, households };
}

const withName = (c: FeeChangeRow, compound: CompoundArea): FeeChangeView => {
  const { areaPath: _, ...rest } = c;
  return { ...rest, compoundName: compound.name };
};

async function compoundViews(
  db: Kysely<DB>,
  compounds: CompoundArea[],
  days: number,
  maskMembers: boolean,
): Promise<{ items: CompoundProperty[]; figures: Figures }> {
  const codes = compounds.map((c) => c.code);
  const [figures, members, history, pending] = await Promise.all([
    figuresOf(db, compounds, days),
    membersOf(db, codes),
    feeHistory(db, codes),
    changesOf(db, codes, true),
  ]);
  const on = today();
  const items = compounds.map((c) => {
    const change = pending.find((p) => p.compoundCode === c.code);
    return {
      compoundCode: c.code,
      compoundName: c.name,
      committeeCode: c.committeeCode,
      committeeName: c.committeeName,
      company: figures.companies.get(c.code) ?? null,
      ownersCommittee: (members.get(c.code) ?? []).map((m) =>
        maskMembers ? { ...m, name: maskName(m.name) } : m,
      ),
      fees: feesInForce(history.get(c.code) ?? [], on),
      pendingChange: change ? withName(change, c) : null,
      complaints: complaintRate(
        figures.cases.get(c.code) ?? 0,
        figures.households.get(c.code) ?? 0,
      ),
    };
  });
  return { items, figures };
}

const daysOf = (q: ComplaintQuery) => q.days ?? COMPLAINT_DAYS_DEFAULT;

/** GET /api/property/compounds: the area's compounds with their "1 + 3". */
export async function listCompounds(ctx: Ctx, q: ComplaintQuery): Promise<CompoundPropertyList> {
  const area = await readableArea(ctx, q.area);
  const compounds = await compoundsWithin(ctx.db, area.path);
  const { items } = await compoundViews(ctx.db, compounds, daysOf(q), false);
  return {
    areaCode: area.code,
    areaName: area.name,
    days: daysOf(q),
    items,
    canEdit: compounds.some((c) => mayEditCompound(ctx.actor, c.path)),
  };
}

/**
 * A compound staff of its area may read, or one the signed-in resident lives in (names of the
 * owners' committee masked for them); 404 for anyone else.
 */
export async function readableCompound(
  ctx: Ctx,
  code: string,
): Promise<{ compound: CompoundArea; staff: boolean }> {
  const compound = await findCompound(ctx.db, code);
  if (compound && mayReadArea(ctx.actor, compound.path)) return { compound, staff: true };
  if (compound && viewerBindings(ctx.actor).length === 0) {
    const home = await requireVerifiedHome(ctx);
    if (home.compoundCode === compound.code) return { compound, staff: false };
  }
  throw AppError.notFound(NO_SUCH_COMPOUND);
}

/** GET /api/property/compounds/:code: one compound in full (fee history, changes). */
export async function getCompound(
  ctx: Ctx,
  code: string,
  q: ComplaintQuery = {},
): Promise<CompoundPropertyDetail> {
  const { compound, staff } = await readableCompound(ctx, code);
  return compoundDetail(ctx, compound, staff, daysOf(q));
}

export async function compoundDetail(
  ctx: Ctx,
  compound: CompoundArea,
  staff: boolean,
  days = COMPLAINT_DAYS_DEFAULT,
): Promise<CompoundPropertyDetail> {
  const [{ items }, history, changes] = await Promise.all([
    compoundViews(ctx.db, [compound], days, !staff),
    feeHistory(ctx.db, [compound.code]),
    changesOf(ctx.db, [compound.code], false),
  ]);
  return {
    ...items[0]!,
    feeHistory: history.get(compound.code) ?? [],
    changes: changes.map((c) => withName(c, compound)),
    canEdit: mayEditCompound(ctx.actor, compound.path),
  };
}

/** GET /api/property/my-compound: the verified resident's own compound. */
export async function getMyCompound(ctx: Ctx): Promise<CompoundPropertyDetail> {
  const home = await requireVerifiedHome(ctx);
  const compound = await findCompound(ctx.db, home.compoundCode);
  if (!compound) throw AppError.notFound('Your compound is not on record / 您的小区尚未登记');
  return compoundDetail(ctx, compound, false);
}

/** GET /api/property/complaints: per 1,000 households, by compound and by company. */
export async function complaintRates(ctx: Ctx, q: ComplaintQuery): Promise<ComplaintRates> {
  const area = await readableArea(ctx, q.area);
  const days = daysOf(q);
  const compounds = await compoundsWithin(ctx.db, area.path);
  const f = await figuresOf(ctx.db, compounds, days);
  const byCompound = compounds.map((c) => {
    const company = f.companies.get(c.code);
    return {
      compoundCode: c.code,
      compoundName: c.name,
      companyId: company?.id ?? null,
      companyName: company?.name ?? null,
      ...complaintRate(f.cases.get(c.code) ?? 0, f.households.get(c.code) ?? 0),
    };
  });
  const companies = new Map<string, { company: PropertyCompanyView; codes: string[] }>();
  for (const c of compounds) {
    const company = f.companies.get(c.code);
    if (!company) continue;
    const entry = companies.get(company.id) ?? { company, codes: [] };
    entry.codes.push(c.code);
    companies.set(company.id, entry);
  }
  const sum = (m: Map<string, number>, codes: string[]) =>
    codes.reduce((s, code) => s + (m.get(code) ?? 0), 0);
  const byCompany = [...companies.values()].map(({ company, codes }) => ({
    companyId: company.id,
    companyName: company.name,
    uscc: company.uscc,
    compounds: codes.length,
    ...complaintRate(sum(f.cases, codes), sum(f.households, codes)),
  }));
  const all = compounds.map((c) => c.code);
  return {
    areaCode: area.code,
    areaName: area.name,
    days,
    since: new Date(Date.now() - days * 86_400_000).toISOString(),
    scenarios: complaintScenarios(),
    total: complaintRate(sum(f.cases, all), sum(f.households, all)),
    byCompound,
    byCompany: byCompany.sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1)),
  };
}
