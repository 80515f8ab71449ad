import crypto from 'node:crypto';
import type { CreateVoteBody, VoteDetail } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { attachAttachments } from '../media/index.js';
import { emptyElectorate, resolveElectorate, voteCommittee } from './vote-electorate.js';
import { getVote } from './vote-read.js';
import { resolveRule } from './vote-rules.js';
import { checkSubject, subjectTaken } from './vote-subjects.js';
import { pendingVoteOn, VOTE_DOCUMENTS } from './votes.repo.js';

/**
 * Committee staff draft an owners' vote: the question, the electorate (checked to lie within
 * the committee), the rule (a preset or a rule written out, its shares in (0, 1]), the times,
 * whether ballots may be changed, what it decides (a subject another module owns) and its
 * documents. Nothing is frozen yet: the electorate is read again when the vote opens.
 */

/** A closing time this far ahead is refused (a typo in the year). */
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

function checkTimes(body: CreateVoteBody, now: Date): { opensAt: Date; closesAt: Date } {
  const opensAt = new Date(body.opensAt);
  const closesAt = new Date(body.closesAt);
  if (closesAt <= opensAt)
    throw AppError.invalid(
      'closesAt',
      'afterOpensAt',
      'closesAt must be after opensAt / 表决截止时间须晚于开始时间',
    );
  if (closesAt <= now)
    throw AppError.invalid(
      'closesAt',
      'future',
      'closesAt: the closing time has passed already / 表决截止时间须晚于当前时间',
    );
  if (closesAt.getTime() > now.getTime() + MAX_AHEAD_MS)
    throw AppError.invalid(
      'closesAt',
      'withinYear',
      'closesAt: a vote closes within a year / 表决截止时间不能晚于一年之后',
    );
  return { opensAt, closesAt };
}

/** Draft a vote (201 with its detail); every check a 4xx that stores nothing. */
export async function createVote(ctx: Ctx, body: CreateVoteBody): Promise<VoteDetail> {
  const actor = ctx.actor!;
  const committee = await voteCommittee(ctx, body.committeeCode);
  const title = maskPersonalNumbers(body.title.trim());
  if (title.length < 2)
    throw AppError.invalid(
      'title',
      'minLength',
      'title: 2 to 80 characters / 表决事项标题须为 2–80 个字',
    );
  const text = maskPersonalNumbers(body.body.trim());
  const now = new Date();
  const { opensAt, closesAt } = checkTimes(body, now);
  const rule = resolveRule(body.rule);
  const e = await resolveElectorate(ctx, committee, body.electorate);
  if (e.rooms.length === 0) throw emptyElectorate();
  const ref = e.ref as { buildingId?: string; unit?: string; compoundCode?: string };
  await checkSubject(ctx.db, body.subject, {
    committeeCode: committee.code,
    electorateKind: e.kind,
    buildingId: ref.buildingId ?? null,
    unit: ref.unit ?? null,
    compoundCode: ref.compoundCode ?? null,
    rule,
  });
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    if (body.subject) {
      const other = await pendingVoteOn(trx, body.subject, id);
      if (other) throw subjectTaken(body.subject, other);
    }
    await trx
      .insertInto('votes')
      .values({
        id,
        committee_code: committee.code,
        area_path: e.areaPath,
        title,
        body: text,
        electorate_kind: e.kind,
        electorate_ref: JSON.stringify(e.ref),
        electorate_label: e.label,
        rule: JSON.stringify(rule),
        rule_code: rule.code,
        opens_at: opensAt,
        closes_at: closesAt,
        allow_change: body.allowChange,
        subject_type: body.subject?.type ?? null,
        subject_id: body.subject?.id ?? null,
        heads: null,
        units: null,
        area: null,
        chain_head: null,
        result: null,
        passed: null,
        created_by: actor.id,
        created_at: now,
        opened_at: null,
        closed_at: null,
        published_at: null,
        cancelled_at: null,
        cancel_reason: null,
      })
      .execute();
    if (body.attachmentIds?.length)
      await attachAttachments(trx, {
        ids: body.attachmentIds,
        ownerType: VOTE_DOCUMENTS,
        ownerId: id,
        uploadedBy: actor.id,
      });
    await recordAudit(
      ctx,
      {
        action: 'votes.create',
        objectType: 'vote',
        objectId: id,
        areaPath: e.areaPath,
        detail: {
          electorate: e.kind,
          label: e.label,
          rule: rule.code,
          rooms: e.rooms.length,
          subject: body.subject ?? null,
        },
      },
      trx,
    );
  });
  return getVote(ctx, id);
}
