import crypto from 'node:crypto';
import {
  OBSERVATION_SYMPTOM_LABELS,
  OBSERVATION_SYMPTOMS,
  type CheckInResult,
  type CheckInWay,
  type ObservationSymptom,
  type PublicCheckInBody,
  type PublicCheckInView,
  type StaffCheckInBody,
} from '@cc/contracts';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { auditEntry, appendAudits } from '../audit/index.js';
import {
  announceTopicFigures,
  feedTopicFigures,
  type TopicFigureChange,
} from '../dashboards/index.js';
import { fileStepCaseJob, fileStepCaseNow } from './observation-cases.js';
import { isAbnormal, observationRules, toTenths } from './observation-rules.js';
import { requireWorker } from './observations.policy.js';
import * as repo from './observations.repo.js';

/**
 * Daily check-ins (健康打卡): the person's own from the SMS link (no session), or staff's after a
 * call or a visit. The first check-in of a day counts once on the board, the first abnormal one
 * once more; an abnormal one (a fever by the rules' line, or any symptom) records a `case` step
 * and files a `home-observation-fever` case at once — at most one per observation and day.
 */

const ENDED = () => AppError.conflict('This observation has ended / 观察已结束');
const UNKNOWN_TOKEN = () =>
  AppError.notFound('No such check-in link / 打卡链接无效，请以短信中的链接为准');

/** The symptoms as known codes, each once; an unknown one is a 400 naming `symptoms`. */
function knownSymptoms(symptoms: readonly string[]): ObservationSymptom[] {
  const known = new Set<string>(OBSERVATION_SYMPTOMS);
  const bad = symptoms.find((s) => !known.has(s));
  if (bad !== undefined)
    throw AppError.invalid(
      'symptoms',
      'enum',
      `symptoms: "${bad.slice(0, 40)}" is not one of ${OBSERVATION_SYMPTOMS.join(', ')} / 症状不在可选范围内`,
    );
  return OBSERVATION_SYMPTOMS.filter((s) => symptoms.includes(s));
}

export interface CheckInInput {
  temperature: number;
  symptoms: readonly string[];
  way: CheckInWay;
  note: string;
  /** when, if not now (the demo city's past days): the Shanghai day it counts for follows */
  at?: Date;
}

/** What the case's description says: the room, the day and what was reported; no numbers of a person. */
function feverCaseText(
  o: repo.ObservationRecord,
  compoundName: string,
  day: string,
  tenths: number,
  symptoms: readonly ObservationSymptom[],
): string {
  const t = (tenths / 10).toFixed(1);
  const zh = symptoms.map((s) => OBSERVATION_SYMPTOM_LABELS[s].zh).join('、') || '无';
  const en =
    symptoms.map((s) => OBSERVATION_SYMPTOM_LABELS[s].en.toLowerCase()).join(', ') || 'none';
  return (
    `居家健康观察人员（${compoundName} ${o.room_label}）${day} 健康打卡异常：体温 ${t}℃，症状：${zh}。请及时联系并安排就医。` +
    ` / A person under home observation (${compoundName} ${o.room_label}) reported on ${day}: ${t} °C, symptoms: ${en}. Contact them and arrange medical care.`
  );
}

/**
 * Store one check-in for today (Shanghai) under the observation's lock; feeds the board and, for
 * an abnormal one, records the day's fever step with its case job. Returns the day's standing.
 */
export async function recordCheckIn(
  deps: AppDeps,
  by: Pick<Ctx, 'actor' | 'ip'>,
  observationId: string,
  input: CheckInInput,
  authorise: (o: repo.ObservationRecord) => void = () => undefined,
): Promise<CheckInResult> {
  const symptoms = knownSymptoms(input.symptoms);
  const tenths = toTenths(input.temperature);
  const abnormal = isAbnormal(tenths, symptoms);
  const now = input.at ?? new Date();
  const day = shanghaiDate(now);
  let stepId: string | null = null;
  let areaPath = '';
  const result = await deps.db.transaction().execute(async (trx) => {
    const o = await repo.lockObservation(trx, observationId);
    authorise(o);
    if (o.state === 'ended') throw ENDED();
    if (day < o.start_date)
      throw AppError.conflict(
        `This observation starts on ${o.start_date}: check in from that day / 观察自 ${o.start_date} 开始，请从当天起打卡`,
      );
    areaPath = o.area_path;
    const before = await trx
      .selectFrom('observation_check_ins')
      .select(['abnormal'])
      .where('observation_id', '=', o.id)
      .where('day', '=', day)
      .execute();
    await trx
      .insertInto('observation_check_ins')
      .values({
        id: crypto.randomUUID(),
        observation_id: o.id,
        day,
        at: now,
        temperature_dc: tenths,
        symptoms,
        abnormal,
        way: input.way,
        entered_by: by.actor?.id ?? null,
        note: input.note,
      })
      .execute();
    const changes: TopicFigureChange[] = [];
    if (before.length === 0)
      changes.push({ metric: 'observation_checked_in', areaPath, day, delta: 1 });
    if (abnormal && !before.some((b) => b.abnormal))
      changes.push({ metric: 'observation_abnormal', areaPath, day, delta: 1 });
    await feedTopicFigures(trx, 'epidemic', changes);
    if (abnormal) {
      const compound = (await repo.compoundNames(trx, [o.compound_code])).get(o.compound_code)!;
      const step = await trx
        .insertInto('observation_steps')
        .values({
          id: crypto.randomUUID(),
          observation_id: o.id,
          kind: 'case',
          day,
          at: now,
          note: feverCaseText(o, compound, day, tenths, symptoms),
          case_id: null,
          case_number: null,
          actor_id: by.actor?.id ?? null,
        })
        .onConflict((oc) => oc.columns(['observation_id', 'kind', 'day']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (step) {
        stepId = step.id;
        await enqueueJobsQuery([fileStepCaseJob(step.id)])!.execute(trx);
      }
    }
    if (by.actor)
      await appendAudits(trx, deps, [
        auditEntry(by, {
          action: 'observation.check_in',
          objectType: 'observation',
          objectId: o.id,
          areaPath,
          detail: { way: input.way, day, abnormal },
        }),
      ]);
    const isAbnormalToday = abnormal || before.some((b) => b.abnormal);
    return { today: isAbnormalToday ? 'abnormal' : 'checked_in', abnormal } as const;
  });
  announceTopicFigures(deps.live, 'epidemic', [areaPath]);
  if (stepId) {
    deps.jobs.kick();
    // filed at once, so staff see the case now; its job files it should this fail
    await fileStepCaseNow(deps, stepId);
  }
  return result;
}

/** Staff enter a check-in after a call or a visit (audited). */
export async function enterCheckIn(
  ctx: Ctx,
  id: string,
  body: StaffCheckInBody,
): Promise<CheckInResult> {
  return recordCheckIn(
    ctx,
    ctx,
    id,
    {
      temperature: body.temperature,
      symptoms: body.symptoms,
      way: body.way,
      note: body.note ?? '',
    },
    (o) => requireWorker(ctx.actor, o),
  );
}

async function byToken(deps: AppDeps, token: string) {
  // a token is base64url; anything else cannot be one (and is not hashed)
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw UNKNOWN_TOKEN();
  const row = await repo
    .observationQuery(deps.db)
    .where('o.token_hmac', '=', deps.cipher.lookupHash(token))
    .executeTakeFirst();
  if (!row) throw UNKNOWN_TOKEN();
  return row;
}

/** The check-in page of the SMS link: who (masked), until when, and today's standing. */
export async function viewCheckIn(deps: AppDeps, token: string): Promise<PublicCheckInView> {
  const o = await byToken(deps, token);
  const today = await repo.todayOfOne(deps.db, o.id, shanghaiDate());
  const rules = observationRules();
  return {
    name: o.name_masked,
    startDate: o.start_date,
    endDate: o.end_date,
    state: o.state,
    today: today === 'abnormal' || today === 'checked_in' ? today : null,
    checkInBy: rules.checkInBy,
    feverAt: rules.feverAt,
  };
}

/** The person's own check-in from the SMS link (no session). */
export async function checkInByToken(
  ctx: Ctx,
  token: string,
  body: PublicCheckInBody,
): Promise<CheckInResult> {
  const o = await byToken(ctx, token);
  if (o.state === 'ended') throw ENDED();
  return recordCheckIn(
    ctx,
    { actor: null, ip: ctx.ip },
    o.id,
    { temperature: body.temperature, symptoms: body.symptoms, way: 'self', note: '' },
    () => undefined,
  );
}
