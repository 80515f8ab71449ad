import crypto from 'node:crypto';
import type {
  CompoundPropertyDetail,
  FeeAmount,
  OwnersCommitteeBody,
  PropertyCompanyBody,
  RecordFeesBody,
} from '@cc/contracts';
import { FEE_USE_LABELS } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { checkUscc } from '../registry/index.js';
import { mayEditCompound, NO_SUCH_COMPOUND } from './property.policy.js';
import { ensureCompound, feeHistory, findCompound, type CompoundArea } from './property.repo.js';
import { compoundDetail } from './property.service.js';

/**
 * Committee staff edit their compounds' "1 + 3": the property company and its contract, the
 * owners' committee, and the fee on record where there is none yet (any later change goes to
 * the owners: fee-changes.ts). Every change audited; bad input a 400 naming the field.
 */

/** A compound the actor edits as committee staff, or a 404 that names nothing. */
export async function editableCompound(ctx: Ctx, code: string): Promise<CompoundArea> {
  const compound = await findCompound(ctx.db, code);
  if (!compound || !mayEditCompound(ctx.actor, compound.path))
    throw AppError.notFound(NO_SUCH_COMPOUND);
  return compound;
}

/** A real calendar day 'YYYY-MM-DD', or 400 naming the field. */
export function checkDay(value: string, field: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw AppError.invalid(field, 'date', `${field}: not a date (YYYY-MM-DD) / 日期无效`);
  return value;
}

function checkSpan(start: string, end: string, startField: string, endField: string): void {
  checkDay(start, startField);
  checkDay(end, endField);
  if (end < start)
    throw AppError.invalid(
      endField,
      'afterStart',
      `${endField}: must not be before ${startField} / 结束日期不能早于开始日期`,
    );
}

/** The uses of a fee list, each at most once. */
export function checkFees(fees: FeeAmount[]): void {
  const seen = new Set<string>();
  fees.forEach((f, i) => {
    if (seen.has(f.use))
      throw AppError.invalid(
        `fees/${i}/use`,
        'unique',
        `fees/${i}/use: ${f.use} is listed twice / ${FEE_USE_LABELS[f.use].zh}物业费重复`,
      );
    seen.add(f.use);
  });
}

/** PUT /api/property/compounds/:code/company: the company (by its credit code) and the contract. */
export async function setCompany(
  ctx: Ctx,
  code: string,
  body: PropertyCompanyBody,
): Promise<CompoundPropertyDetail> {
  const compound = await editableCompound(ctx, code);
  const uscc = checkUscc(body.uscc);
  if (!uscc.ok)
    throw AppError.invalid(
      'uscc',
      'checkCharacter',
      `uscc: ${uscc.reason} — GB 32100-2015: 18 characters, the last the check character computed from the first 17 / 统一社会信用代码须为18位，末位为按 GB 32100-2015 由前17位计算的校验码`,
    );
  const name = body.name.trim();
  if (name.length < 2)
    throw AppError.invalid(
      'name',
      'minLength',
      'name: 2 to 80 characters / 企业名称须为 2–80 个字',
    );
  checkSpan(body.contractStart, body.contractEnd, 'contractStart', 'contractEnd');
  await ctx.db.transaction().execute(async (trx) => {
    const company = await trx
      .insertInto('property_companies')
      .values({
        id: crypto.randomUUID(),
        uscc: uscc.normalized,
        name,
        service_phone: body.servicePhone.trim(),
      })
      .onConflict((oc) =>
        oc.column('uscc').doUpdateSet({
          name,
          service_phone: body.servicePhone.trim(),
          updated_at: new Date(),
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await ensureCompound(trx, compound, ctx.actor!.id);
    await trx
      .updateTable('property_compounds')
      .set({
        company_id: company.id,
        contract_start: body.contractStart,
        contract_end: body.contractEnd,
        updated_by: ctx.actor!.id,
        updated_at: new Date(),
      })
      .where('compound_code', '=', compound.code)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'property.company.set',
        objectType: 'compound',
        objectId: compound.code,
        areaPath: compound.path,
        detail: {
          companyId: company.id,
          uscc: uscc.normalized,
          contractStart: body.contractStart,
          contractEnd: body.contractEnd,
        },
      },
      trx,
    );
  });
  return compoundDetail(ctx, compound, true);
}

/** PUT /api/property/compounds/:code/owners-committee: the members replace those on record. */
export async function setOwnersCommittee(
  ctx: Ctx,
  code: string,
  body: OwnersCommitteeBody,
): Promise<CompoundPropertyDetail> {
  const compound = await editableCompound(ctx, code);
  const members = body.members.map((m, i) => {
    const name = m.name.trim();
    if (name.length === 0)
      throw AppError.invalid(
        `members/${i}/name`,
        'required',
        `members/${i}/name: required / 请填写姓名`,
      );
    checkSpan(m.termStart, m.termEnd, `members/${i}/termStart`, `members/${i}/termEnd`);
    return { ...m, name };
  });
  if (members.filter((m) => m.role === 'director').length > 1)
    throw AppError.invalid(
      'members',
      'oneDirector',
      "members: an owners' committee has one chair (主任) / 业委会只能有一名主任",
    );
  await ctx.db.transaction().execute(async (trx) => {
    await ensureCompound(trx, compound, ctx.actor!.id);
    await trx
      .deleteFrom('owners_committee_members')
      .where('compound_code', '=', compound.code)
      .execute();
    if (members.length > 0)
      await trx
        .insertInto('owners_committee_members')
        .values(
          members.map((m, i) => ({
            compound_code: compound.code,
            position: i,
            name: m.name,
            role: m.role,
            term_start: m.termStart,
            term_end: m.termEnd,
          })),
        )
        .execute();
    await recordAudit(
      ctx,
      {
        action: 'property.owners-committee.set',
        objectType: 'compound',
        objectId: compound.code,
        areaPath: compound.path,
        detail: { members: members.length, roles: members.map((m) => m.role) },
      },
      trx,
    );
  });
  return compoundDetail(ctx, compound, true);
}

/**
 * PUT /api/property/compounds/:code/fees: the fee on record before the platform, for a use that
 * has none yet; a use with a fee is changed only by an owners' vote (409).
 */
export async function recordFees(
  ctx: Ctx,
  code: string,
  body: RecordFeesBody,
): Promise<CompoundPropertyDetail> {
  const compound = await editableCompound(ctx, code);
  checkFees(body.fees);
  checkDay(body.effectiveFrom, 'effectiveFrom');
  await ctx.db.transaction().execute(async (trx) => {
    await ensureCompound(trx, compound, ctx.actor!.id);
    // the compound's record locked: two recordings of the same use wait for each other
    await trx
      .selectFrom('property_compounds')
      .select('compound_code')
      .where('compound_code', '=', compound.code)
      .forUpdate()
      .execute();
    const history = (await feeHistory(trx, [compound.code])).get(compound.code) ?? [];
    body.fees.forEach((f, i) => {
      if (history.some((h) => h.use === f.use))
        throw AppError.conflict(
          `fees/${i}: the ${f.use} fee is on record; a change needs an owners' vote (POST /api/property/fee-changes) / ${FEE_USE_LABELS[f.use].zh}物业费已登记，调整须经业主表决`,
          `fees/${i}/use`,
        );
    });
    await trx
      .insertInto('property_fees')
      .values(
        body.fees.map((f) => ({
          compound_code: compound.code,
          use: f.use,
          effective_from: body.effectiveFrom,
          fen: f.fen,
        })),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'property.fees.record',
        objectType: 'compound',
        objectId: compound.code,
        areaPath: compound.path,
        detail: { fees: body.fees, effectiveFrom: body.effectiveFrom },
      },
      trx,
    );
  });
  return compoundDetail(ctx, compound, true);
}
