import type { VoteDetail, VoteRuleView } from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { executeTogether } from '../../platform/db/execute-together.js';
import type { DB } from '../../platform/db/schema.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { electorateRooms } from '../registry/index.js';
import { CLOSE_VOTE_JOB } from './vote-close.js';
import {
  electorateHeads,
  emptyElectorate,
  scopeOfRef,
  unregisteredRooms,
} from './vote-electorate.js';
import { getVote } from './vote-read.js';
import { checkSubject, subjectTaken } from './vote-subjects.js';
import { requireRunner } from './votes.policy.js';
import { pendingVoteOn, requireTransition, requireVote } from './votes.repo.js';

/** The 400 when listed rooms left the committee (or the registry) after the draft. */
const roomsLeft = (ids: readonly string[]) =>
  AppError.invalid(
    'electorate.roomIds',
    'exists',
    `electorate.roomIds: ${ids.length} of the listed rooms are no longer rooms of the committee: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ' …' : ''}; cancel this draft and draft the vote again / 有 ${ids.length} 套指定房屋已不属于该居委会，请取消后重新发起`,
  );

/**
 * Opening a vote freezes its electorate (decision 019): the rooms read from the owners
 * register now, grouped into heads, written to vote_units / vote_heads / vote_voters in three
 * multi-row statements (a 10,000-unit compound in one round trip), the vote's heads, units and
 * area set, and its close queued at closes_at. A room without owners or registered area stops
 * it, and the 400 lists the rooms to fix; so do listed rooms that left the committee; and a
 * subject is asked again, inside the transaction, whether it may still be put to the owners
 * (and whether another vote on it is under way). Nothing is stored then.
 */

export async function openVote(ctx: Ctx, id: string): Promise<VoteDetail> {
  const v = await requireVote(ctx.db, id);
  await requireRunner(ctx, v);
  requireTransition(v.state, 'open');
  const now = new Date();
  if (v.closes_at <= now)
    throw AppError.invalid(
      'closesAt',
      'future',
      'closesAt: the closing time has passed; cancel this draft and draft the vote again / 表决截止时间已过，请取消后重新发起',
    );
  const rooms = await electorateRooms(ctx.db, scopeOfRef(v.electorate_kind, v.electorate_ref));
  const inCommittee = rooms.filter((r) => r.committeeCode === v.committee_code);
  if (v.electorate_kind === 'list') {
    // listed rooms that left the committee (or the registry) since the draft: refused, as at create
    const listed = scopeOfRef(v.electorate_kind, v.electorate_ref);
    const kept = new Set(inCommittee.map((r) => r.roomId));
    const gone = listed.kind === 'list' ? listed.roomIds.filter((id) => !kept.has(id)) : [];
    if (gone.length > 0) throw roomsLeft(gone);
  }
  if (inCommittee.length === 0) throw emptyElectorate();
  const { groups, problems } = electorateHeads(inCommittee);
  if (problems.length > 0) throw unregisteredRooms(problems);
  const byRoom = new Map(inCommittee.map((r, i) => [r.roomId, { r, position: i + 1 }]));
  const units = groups.flatMap((g) =>
    g.roomIds.map((roomId) => {
      const { r, position } = byRoom.get(roomId)!;
      return {
        vote_id: id,
        room_id: roomId,
        head_no: g.headNo,
        label: r.label,
        building_id: r.buildingId,
        unit: r.unit,
        floor: r.floor,
        area: r.area!,
        position,
      };
    }),
  );
  const heads = groups.map((g) => ({
    vote_id: id,
    head_no: g.headNo,
    developer: g.developer,
    units: g.roomIds.length,
    area: g.area,
  }));
  const voters = groups.flatMap((g) =>
    g.keys.map((key) => ({ owner_key: key, vote_id: id, head_no: g.headNo })),
  );
  const area = groups.reduce((n, g) => n + g.area, 0);
  await ctx.db.transaction().execute(async (trx) => {
    // a conditional update: of two staff opening at once, one opens it
    const opened = await trx
      .updateTable('votes')
      .set({ state: 'open', heads: groups.length, units: units.length, area, opened_at: now })
      .where('id', '=', id)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(opened.numUpdatedRows) !== 1) {
      const state = (
        await trx.selectFrom('votes').select('state').where('id', '=', id).executeTakeFirst()
      )?.state;
      requireTransition(state ?? 'gone', 'open');
      throw AppError.conflict('The vote changed meanwhile; reload it / 表决状态已变化，请刷新');
    }
    // the subject may have moved on since the draft: ask its module again, under this lock
    const subject =
      v.subject_type && v.subject_id ? { type: v.subject_type, id: v.subject_id } : null;
    if (subject) {
      const other = await pendingVoteOn(trx, subject, id);
      if (other) throw subjectTaken(subject, other);
      const ref = v.electorate_ref as { buildingId?: string; unit?: string; compoundCode?: string };
      await checkSubject(trx, subject, {
        committeeCode: v.committee_code,
        electorateKind: v.electorate_kind,
        buildingId: ref.buildingId ?? null,
        unit: ref.unit ?? null,
        compoundCode: ref.compoundCode ?? null,
        rule: v.rule as VoteRuleView,
      });
    }
    await executeTogether<DB>(trx, [
      insertRows('vote_units', units),
      insertRows('vote_heads', heads),
      insertRows('vote_voters', voters, sql`on conflict do nothing`),
      enqueueJobsQuery([
        CLOSE_VOTE_JOB.spec({ voteId: id }, { runAt: v.closes_at, dedupeKey: `votes.close:${id}` }),
      ]),
    ]);
    await recordAudit(
      ctx,
      {
        action: 'votes.open',
        objectType: 'vote',
        objectId: id,
        areaPath: v.area_path,
        detail: { heads: groups.length, units: units.length, area },
      },
      trx,
    );
  });
  return getVote(ctx, id);
}
