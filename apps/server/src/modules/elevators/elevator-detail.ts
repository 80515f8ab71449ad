import {
  ELEVATOR_STAGE_LABELS,
  ELEVATOR_TRANSITIONS,
  ELEVATOR_VOTE_STAGES,
  maskName,
  type ElevatorCostShares,
  type ElevatorDetail,
  type ElevatorStage,
  type ElevatorVolunteer,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { accountNames } from '../identity/index.js';
import { attachmentRefs } from '../media/index.js';
import { staircaseRef } from '../registry/index.js';
import { requirePreset } from './cost-arithmetic.js';
import { ELEVATOR_NOT_FOUND, mayRun, requireReader } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/** One project as its page shows it: stages with documents, the vote, cost shares, volunteers. */

/** The owner type of a stage's documents in the media module (owner id: the stage row's id). */
export const STAGE_DOCUMENTS = 'elevator_stage';

export const NEEDS_PASSED_VOTE =
  "Leaving the owners' vote needs a published owners' vote about this project that passed / 业主表决通过并公布结果后，方可进入方案公示";

/** Why the project may not move on to its next stage now (null: it may, or there is none). */
export function advanceBlock(p: repo.ProjectRow): string | null {
  if (p.stage === 'owners_vote' && !(p.vote_id && p.vote_passed)) return NEEDS_PASSED_VOTE;
  return null;
}

/** The next stage, or null at the last. */
export const nextStage = (stage: ElevatorStage): ElevatorStage | null =>
  ELEVATOR_TRANSITIONS[stage][0] ?? null;

export const stageName = (s: ElevatorStage) =>
  `${ELEVATOR_STAGE_LABELS[s].en} / ${ELEVATOR_STAGE_LABELS[s].zh}`;

export async function costOf(
  db: Kysely<DB>,
  p: repo.ProjectRow,
): Promise<ElevatorCostShares | null> {
  if (!p.cost_preset || p.cost_total_fen === null || !p.cost_set_at) return null;
  const rows = await db
    .selectFrom('elevator_cost_shares')
    .select(['room_id', 'label', 'floor', 'weight', 'share_fen'])
    .where('project_id', '=', p.id)
    .orderBy('position')
    .execute();
  const byFloor = new Map<number, ElevatorCostShares['byFloor'][number]>();
  for (const r of rows) {
    const share = Number(r.share_fen);
    const f = byFloor.get(r.floor);
    if (!f)
      byFloor.set(r.floor, {
        floor: r.floor,
        weight: r.weight,
        rooms: 1,
        minFen: share,
        maxFen: share,
        totalFen: share,
      });
    else {
      f.rooms += 1;
      f.minFen = Math.min(f.minFen, share);
      f.maxFen = Math.max(f.maxFen, share);
      f.totalFen += share;
    }
  }
  let preset: { name: string; nameEn: string };
  try {
    preset = requirePreset(p.cost_preset);
  } catch {
    // a preset since removed from the file: the shares stand as they were computed
    preset = { name: p.cost_preset, nameEn: p.cost_preset };
  }
  return {
    preset: p.cost_preset,
    presetName: preset.name,
    presetNameEn: preset.nameEn,
    floors: p.cost_floors ?? 0,
    totalFen: Number(p.cost_total_fen),
    setAt: p.cost_set_at.toISOString(),
    byFloor: [...byFloor.values()].sort((a, b) => b.floor - a.floor),
    rooms: rows.map((r) => ({
      roomId: r.room_id,
      label: r.label,
      floor: r.floor,
      weight: r.weight,
      shareFen: Number(r.share_fen),
    })),
  };
}

export async function volunteersOf(
  db: Kysely<DB>,
  projectId: string,
): Promise<ElevatorVolunteer[]> {
  const rows = await db
    .selectFrom('elevator_volunteers')
    .select(['account_id', 'kind', 'added_at'])
    .where('project_id', '=', projectId)
    .orderBy('added_at')
    .orderBy('account_id')
    .execute();
  const names = await accountNames(
    db,
    rows.map((r) => r.account_id),
  );
  return rows.map((r) => {
    const name = names.get(r.account_id) ?? '—';
    return {
      accountId: r.account_id,
      name: r.kind === 'resident' ? maskName(name) : name,
      kind: r.kind as ElevatorVolunteer['kind'],
      addedAt: r.added_at.toISOString(),
    };
  });
}

/** The project the reader may see (404 for anyone else). */
export async function visibleProject(ctx: Ctx, id: string): Promise<repo.ProjectRow> {
  const p = await repo.findProject(ctx.db, id);
  if (!p) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  requireReader(ctx.actor, p);
  return p;
}

export async function getProject(ctx: Ctx, id: string): Promise<ElevatorDetail> {
  const p = await visibleProject(ctx, id);
  const stages = await repo.stageRows(ctx.db, id);
  const [docs, cost, volunteers, stair, committee] = await Promise.all([
    attachmentRefs(
      ctx.db,
      STAGE_DOCUMENTS,
      stages.map((s) => s.id),
    ),
    costOf(ctx.db, p),
    volunteersOf(ctx.db, id),
    staircaseRef(ctx.db, p.building_id, p.unit),
    findAreaCached(ctx.db, p.committee_code),
  ]);
  const runs = mayRun(ctx.actor, p);
  const next = nextStage(p.stage);
  const blocked = next ? advanceBlock(p) : null;
  return {
    ...repo.toSummary(p, committee?.name ?? p.committee_code),
    stages: stages.map((s) => ({
      stage: s.stage as ElevatorStage,
      plannedOn: s.planned_on,
      actualOn: s.actual_on,
      note: s.note,
      enteredAt: s.entered_at?.toISOString() ?? null,
      documents: docs.get(s.id) ?? [],
    })),
    votePublishedAt: p.vote_published_at?.toISOString() ?? null,
    cost,
    volunteers,
    rooms: stair?.rooms ?? 0,
    can: {
      edit: runs,
      advanceTo: runs && next && !blocked ? next : null,
      advanceBlocked: runs ? blocked : null,
      openVote: runs && ELEVATOR_VOTE_STAGES.includes(p.stage),
    },
  };
}
