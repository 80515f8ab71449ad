import crypto from 'node:crypto';
import {
  maskName,
  type ConsultationResponseAck,
  type ConsultationResponseBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { pointInMultiPolygon, type MultiPolygon } from '../areas/index.js';
import { accountNames } from '../identity/index.js';
import { registryResidentName } from '../registry/index.js';
import type { ResidentHome } from '../residents/index.js';
import { checkAnswers } from './consultation-questions.js';
import { countAnswers } from './consultation-tallies.js';
import { livesIn } from './consultations.policy.js';
import * as repo from './consultations.repo.js';
import { cannotAnswerReason, notFound, requireHome } from './consultations.service.js';

/**
 * Answering a consultation: once per verified resident of its area, all of it in one
 * transaction. Anonymous answers keep nothing that links, orders or times them (decision 018).
 */

/** The respondent's name as the registry has it (else the account's), masked: never stored whole. */
async function maskedRespondentName(ctx: Ctx, home: ResidentHome): Promise<string> {
  const name =
    (await registryResidentName(ctx.db, home.residentId)) ??
    (await accountNames(ctx.db, [ctx.actor!.id])).get(ctx.actor!.id) ??
    ctx.actor!.displayName;
  return maskName(name);
}

/**
 * A verified resident of the area answers, once. Named: the response names the account (masked
 * for export). Anonymous: the response has no account, no name and no time; only the separate
 * participants table knows the account took part.
 */
export async function answerConsultation(
  ctx: Ctx,
  id: string,
  body: ConsultationResponseBody,
): Promise<ConsultationResponseAck> {
  const actor = ctx.actor!;
  const home = await requireHome(ctx);
  const row = await repo.findConsultation(ctx.db, id);
  if (!row || row.state === 'draft' || !livesIn(home.areaPath, row.area_path)) throw notFound();
  const now = new Date();
  const status = repo.statusOf(row, now);
  if (status !== 'open') {
    throw AppError.conflict(cannotAnswerReason(status, false)!, 'state');
  }
  let outline: MultiPolygon | null | undefined;
  if (row.has_map_question) outline = (await repo.nearestBoundary(ctx.db, row.area_path))?.boundary;
  const answers = checkAnswers(row.questions, body.answers, (lng, lat) =>
    outline ? pointInMultiPolygon(lng, lat, outline) : false,
  );
  if (answers.length === 0) {
    throw AppError.invalid(
      'answers',
      'minItems',
      '请至少回答一个问题 / Answer at least one question',
    );
  }
  const respondent = row.is_anonymous ? null : await maskedRespondentName(ctx, home);
  const responseId = crypto.randomUUID();
  const responseCount = await ctx.db.transaction().execute(async (trx) => {
    const joined = await trx
      .insertInto('consultation_participants')
      .values({ consultation_id: id, account_id: actor.id })
      .onConflict((oc) => oc.doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (!joined) {
      throw AppError.conflict('您已参加过此征询 / You have already answered', 'answers');
    }
    await trx
      .insertInto('consultation_responses')
      .values({
        id: responseId,
        consultation_id: id,
        account_id: row.is_anonymous ? null : actor.id,
        respondent_name_masked: respondent,
        submitted_at: row.is_anonymous ? null : now,
      })
      .execute();
    await repo.insertAnswers(trx, id, responseId, answers);
    await countAnswers(trx, id, answers);
    // last in the transaction: the row lock on the counter is held as briefly as it can be
    const counted = await trx
      .updateTable('consultations')
      .set({ response_count: sql`response_count + 1` })
      .where('id', '=', id)
      .returning('response_count')
      .executeTakeFirstOrThrow();
    return counted.response_count;
  });
  return { consultationId: id, hasAnswered: true, responseCount };
}
