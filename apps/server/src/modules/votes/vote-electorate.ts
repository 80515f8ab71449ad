import {
  VOTE_STAFF_ROLES,
  type ElectorateInput,
  type ElectorateKind,
  type ElectoratePreview,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isWithin } from '../../platform/policy.js';
import { findAreaCached, staffCommittee } from '../areas/index.js';
import {
  buildingRefs,
  electorateRooms,
  type ElectorateRoomRow,
  type ElectorateScope,
} from '../registry/index.js';
import { groupOwners, type OwnerGroup } from './vote-arithmetic.js';
import { mayRun } from './votes.policy.js';

/**
 * A vote's electorate: the committee it is for, the rooms the input names (a staircase, a
 * building, a compound, a list) checked to lie within it, their label and area, and the heads
 * the owners register makes of them (groupOwners). Read from the registry, never written.
 */

export interface Committee {
  code: string;
  name: string;
  path: string;
}

const NOT_STAFF = "Only the committee's staff run an owners' vote / 仅居委会工作人员可组织业主表决";

/** The committee a vote is for: the one named (in the actor's reach), or their only one. */
export async function voteCommittee(ctx: Ctx, code: string | undefined): Promise<Committee> {
  if (bindingsWith(ctx.actor, VOTE_STAFF_ROLES).length === 0) throw AppError.forbidden(NOT_STAFF);
  const area = await staffCommittee(ctx, code, {
    roles: VOTE_STAFF_ROLES,
    mayAct: (path) => mayRun(ctx.actor, { area_path: path }),
    required: 'committeeCode: name the committee holding the vote / 请选择组织表决的居委会',
  });
  return { code: area.code, name: area.name, path: area.path };
}

/** The electorate as stored on the vote (`electorate_ref`) and what it says of the rooms. */
export interface ResolvedElectorate {
  kind: ElectorateKind;
  ref: Record<string, unknown>;
  scope: ElectorateScope;
  label: string;
  /** the compound's path (a list across compounds: the committee's) */
  areaPath: string;
  rooms: ElectorateRoomRow[];
}

const notInCommittee = (field: string, what: string) =>
  AppError.invalid(
    `electorate.${field}`,
    'exists',
    `electorate.${field}: no such ${what} in the committee / 该居委会没有此${what === 'building' ? '楼栋' : '小区'}`,
  );

const required = (field: string, kind: string) =>
  AppError.invalid(
    `electorate.${field}`,
    'required',
    `electorate.${field}: a vote over a ${kind} needs it / 请填写表决范围（${field}）`,
  );

/** The rooms the input names, checked to lie within the committee; a 400 naming the field else. */
export async function resolveElectorate(
  ctx: Ctx,
  committee: Committee,
  input: ElectorateInput,
): Promise<ResolvedElectorate> {
  switch (input.kind) {
    case 'unit':
    case 'building': {
      if (!input.buildingId) throw required('buildingId', input.kind);
      const unit = input.unit?.trim() ?? '';
      if (input.kind === 'unit' && !unit) throw required('unit', 'staircase');
      const b = (await buildingRefs(ctx.db, [input.buildingId])).get(input.buildingId);
      if (!b || b.committeeCode !== committee.code) throw notInCommittee('buildingId', 'building');
      const scope: ElectorateScope =
        input.kind === 'unit'
          ? { kind: 'unit', buildingId: b.id, unit }
          : { kind: 'building', buildingId: b.id };
      const ref = input.kind === 'unit' ? { buildingId: b.id, unit } : { buildingId: b.id };
      return {
        kind: input.kind,
        ref,
        scope,
        label: input.kind === 'unit' ? `${b.name} ${unit}` : b.name,
        areaPath: b.areaPath,
        rooms: await electorateRooms(ctx.db, scope),
      };
    }
    case 'compound': {
      if (!input.compoundCode) throw required('compoundCode', 'compound');
      const area = await findAreaCached(ctx.db, input.compoundCode);
      if (!area || area.level !== 'compound' || !isWithin(area.path, committee.path))
        throw notInCommittee('compoundCode', 'compound');
      const scope: ElectorateScope = { kind: 'compound', compoundCode: area.code };
      return {
        kind: 'compound',
        ref: { compoundCode: area.code },
        scope,
        label: area.name,
        areaPath: area.path,
        rooms: await electorateRooms(ctx.db, scope),
      };
    }
    case 'list': {
      const ids = [...new Set((input.roomIds ?? []).map((id) => id.toLowerCase()))];
      if (ids.length === 0) throw required('roomIds', 'list');
      const scope: ElectorateScope = { kind: 'list', roomIds: ids };
      const rooms = (await electorateRooms(ctx.db, scope)).filter(
        (r) => r.committeeCode === committee.code,
      );
      if (rooms.length < ids.length)
        throw AppError.invalid(
          'electorate.roomIds',
          'exists',
          `electorate.roomIds: ${ids.length - rooms.length} of the rooms are not rooms of the committee / 有 ${ids.length - rooms.length} 套房屋不属于该居委会`,
        );
      const paths = new Set(rooms.map((r) => r.areaPath));
      return {
        kind: 'list',
        ref: { roomIds: ids },
        scope,
        label: `${rooms.length} 套指定房屋 / ${rooms.length} listed rooms`,
        areaPath: paths.size === 1 ? [...paths][0]! : committee.path,
        rooms,
      };
    }
  }
}

/** The registry scope of a stored electorate. */
export function scopeOfRef(kind: string, ref: unknown): ElectorateScope {
  const r = ref as {
    buildingId?: string;
    unit?: string;
    compoundCode?: string;
    roomIds?: string[];
  };
  switch (kind) {
    case 'unit':
      return { kind: 'unit', buildingId: r.buildingId!, unit: r.unit! };
    case 'building':
      return { kind: 'building', buildingId: r.buildingId! };
    case 'compound':
      return { kind: 'compound', compoundCode: r.compoundCode! };
    default:
      return { kind: 'list', roomIds: r.roomIds ?? [] };
  }
}

export type ElectorateProblem = ElectoratePreview['problems'][number];

/** The heads of the rooms and the rooms that stop a vote from opening, with their labels. */
export function electorateHeads(rooms: readonly ElectorateRoomRow[]): {
  groups: OwnerGroup[];
  problems: ElectorateProblem[];
} {
  const { groups, problems } = groupOwners(rooms);
  const labels = new Map(rooms.map((r) => [r.roomId, r.label]));
  return {
    groups,
    problems: problems.map((p) => ({ ...p, label: labels.get(p.roomId) ?? p.roomId })),
  };
}

/** The 400 for an electorate without rooms. */
export const emptyElectorate = () =>
  AppError.invalid(
    'electorate',
    'empty',
    'electorate: it holds no rooms; pick a staircase, building, compound or rooms of the registry / 表决范围内没有房屋，请重新选择',
  );

const PROBLEM_WORDS = {
  no_owners: { en: 'no owners on record', zh: '无产权人登记' },
  no_area: { en: 'no registered area', zh: '无登记面积' },
} as const;
const LISTED = 20;

/** The 400 that lists the rooms to fix in the owners register before the vote can open. */
export function unregisteredRooms(problems: readonly ElectorateProblem[]): AppError {
  const shown = problems.slice(0, LISTED);
  const more = problems.length - shown.length;
  const en = shown.map((p) => `${p.label} (${PROBLEM_WORDS[p.problem].en})`).join(', ');
  const zh = shown.map((p) => `${p.label}（${PROBLEM_WORDS[p.problem].zh}）`).join('、');
  return AppError.invalid(
    'electorate',
    'registered',
    `electorate: ${problems.length} room(s) cannot be counted until the owners register has their owners and registered area: ${en}${more > 0 ? ` and ${more} more` : ''} / 有 ${problems.length} 套房屋在业主名册中缺少产权人或登记面积，补全后方可开始表决：${zh}${more > 0 ? ` 等（另有 ${more} 套）` : ''}`,
  );
}

/** What a draft's electorate would freeze to, and the rooms to fix first (committee staff). */
export async function previewElectorate(
  ctx: Ctx,
  body: { committeeCode?: string; electorate: ElectorateInput },
): Promise<ElectoratePreview> {
  const committee = await voteCommittee(ctx, body.committeeCode);
  const e = await resolveElectorate(ctx, committee, body.electorate);
  const { groups, problems } = electorateHeads(e.rooms);
  return {
    electorate: {
      heads: groups.length,
      units: groups.reduce((n, g) => n + g.roomIds.length, 0),
      area: groups.reduce((n, g) => n + g.area, 0),
    },
    problems,
  };
}
