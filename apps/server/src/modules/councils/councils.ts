import {
  COUNCIL_STAFF_ROLES,
  MEMBER_GROUP,
  type Council,
  type CouncilKind,
  type CouncilList,
  type CouncilListQuery,
  type CouncilRole,
  type CreateCouncilBody,
  type MemberKind,
} from '@cc/contracts';
import crypto from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { findBlock, isBlockStaff } from './blocks.js';
import {
  canApproveExpenses,
  canManage,
  canRecordFund,
  requireCouncilReader,
  type Standing,
} from './councils.policy.js';
import { councilRules, findCouncil, type CouncilRecord } from './councils.repo.js';

/**
 * Councils (共管委员会, 商户联盟, 联建平台; decision 022): staff reaching a block's street set
 * one up on the block with its rules. It is read by those staff and by its members'
 * representatives; the answer carries the members in their "1 + 3 + X" groups, the reader's
 * own place and what the reader may do.
 */

const BLOCK_NOT_YOURS =
  'blockId: no such block, or not in your area / 街区不存在或不在您的管辖范围内';

const nameTaken = () =>
  AppError.conflict(
    'name: this block has a council of that name already / 该街区已有同名共治组织',
    'name',
  );

/** The answers for these councils: block and street names, group counts, the reader's place. */
export async function toCouncils(ctx: Ctx, rows: CouncilRecord[]): Promise<Council[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [blocks, streets, counts, reps] = await Promise.all([
    ctx.db
      .selectFrom('council_blocks')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.block_id))])
      .execute(),
    ctx.db
      .selectFrom('areas')
      .select(['code', 'name'])
      .where('code', 'in', [...new Set(rows.map((r) => r.street_code))])
      .execute(),
    ctx.db
      .selectFrom('council_members')
      .select((eb) => ['council_id', 'kind', eb.fn.countAll<number>().as('n')])
      .where('council_id', 'in', ids)
      .where('left_at', 'is', null)
      .groupBy(['council_id', 'kind'])
      .execute(),
    ctx.actor
      ? ctx.db
          .selectFrom('council_representatives')
          .select(['council_id', 'member_id', 'role'])
          .where('council_id', 'in', ids)
          .where('account_id', '=', ctx.actor.id)
          .execute()
      : [],
  ]);
  const blockNames = new Map(blocks.map((b) => [b.id, b.name]));
  const streetNames = new Map(streets.map((s) => [s.code, s.name]));
  return rows.map((r) => {
    const groups = { '1': 0, '3': 0, X: 0 };
    for (const c of counts)
      if (c.council_id === r.id) groups[MEMBER_GROUP[c.kind as MemberKind] ?? 'X'] += Number(c.n);
    const rep = reps.find((x) => x.council_id === r.id);
    const standing: Standing = {
      staff: reaches(ctx.actor, r.area_path, COUNCIL_STAFF_ROLES),
      rep: rep ? { memberId: rep.member_id, role: rep.role as CouncilRole } : null,
    };
    return {
      id: r.id,
      kind: r.kind as CouncilKind,
      name: r.name,
      description: r.description,
      block: { id: r.block_id, name: blockNames.get(r.block_id) ?? '' },
      street: { code: r.street_code, name: streetNames.get(r.street_code) ?? r.street_code },
      rules: councilRules(r),
      memberCount: groups['1'] + groups['3'] + groups.X,
      groups,
      me: standing.rep,
      can: {
        manage: canManage(standing),
        recordFund: canRecordFund(standing),
        approveExpenses: canApproveExpenses(standing),
        runVotes: canManage(standing),
      },
      createdAt: r.created_at.toISOString(),
    };
  });
}

export async function toCouncil(ctx: Ctx, row: CouncilRecord): Promise<Council> {
  return (await toCouncils(ctx, [row]))[0]!;
}

/** POST /api/councils: staff reaching the block's street (404 for a block not theirs). */
export async function createCouncil(ctx: Ctx, body: CreateCouncilBody): Promise<Council> {
  const block = await findBlock(ctx.db, body.blockId);
  if (!block || !isBlockStaff(ctx, block.street_path)) throw AppError.notFound(BLOCK_NOT_YOURS);
  const name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 名称必填');
  const id = crypto.randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('councils')
        .select('id')
        .where('block_id', '=', block.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) throw nameTaken();
      await trx
        .insertInto('councils')
        .values({
          id,
          block_id: block.id,
          kind: body.kind,
          name,
          description: body.description?.trim() ?? '',
          street_code: block.street_code,
          area_path: block.street_path,
          rules: JSON.stringify({ expenseApprovals: body.rules.expenseApprovals }),
          created_by: ctx.actor!.id,
        })
        .execute();
      await recordAudit(
        ctx,
        {
          action: 'councils.create',
          objectType: 'council',
          objectId: id,
          areaPath: block.street_path,
          detail: { blockId: block.id, kind: body.kind, name, rules: body.rules },
        },
        trx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return toCouncil(ctx, (await findCouncil(ctx.db, id))!);
}

/** GET /api/councils/:id: its staff and representatives (404 for anyone else). */
export async function getCouncil(ctx: Ctx, id: string): Promise<Council> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, id));
  return toCouncil(ctx, council);
}

/**
 * GET /api/councils: `street` (an area the staff reach) or `block` (of a street they reach) —
 * its councils, for staff (404 otherwise); neither — the councils the reader represents a
 * member of (staff included). Oldest first.
 */
export async function listCouncils(ctx: Ctx, q: CouncilListQuery): Promise<CouncilList> {
  let query = ctx.db.selectFrom('councils as c').selectAll('c');
  if (q.block !== undefined) {
    const block = await findBlock(ctx.db, q.block);
    if (!block || !isBlockStaff(ctx, block.street_path))
      throw AppError.notFound(
        'block: no such block, or not in your area / 街区不存在或不在您的管辖范围内',
      );
    query = query.where('c.block_id', '=', block.id);
  }
  if (q.street !== undefined) {
    const area = await findAreaCached(ctx.db, q.street);
    if (!area || !reaches(ctx.actor, area.path, COUNCIL_STAFF_ROLES))
      throw AppError.notFound(
        'street: no such street, or not in your area / 街道不存在或不在您的管辖范围内',
      );
    query = query.where(pathWithin('c.area_path', [area.path]));
  }
  if (q.block === undefined && q.street === undefined) {
    if (!ctx.actor) return { items: [] };
    const me = ctx.actor.id;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('council_representatives as r')
          .select('r.account_id')
          .whereRef('r.council_id', '=', 'c.id')
          .where('r.account_id', '=', me),
      ),
    );
  } else {
    // only what the staff reach (the block or street check above already holds; belt and braces)
    query = query.where(
      pathWithin('c.area_path', scopeRoots(bindingsWith(ctx.actor, COUNCIL_STAFF_ROLES))),
    );
  }
  const rows = await query.orderBy('c.created_at').orderBy('c.id').limit(500).execute();
  return { items: await toCouncils(ctx, rows) };
}
