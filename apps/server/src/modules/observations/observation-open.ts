import crypto from 'node:crypto';
import { maskName, maskPhone } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { executeTogether } from '../../platform/db/execute-together.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { feedTopicFigures } from '../dashboards/index.js';
import type { KeyRegionArrival } from '../declarations/index.js';
import { smsToPhoneWrites } from '../notifications/index.js';
import { phoneHmac } from '../registry/index.js';
import { observationPeriod, observationRules } from './observation-rules.js';

const LEVEL_TEXT = { high: '高风险', medium: '中风险' } as const;

/** The address people reach the web app at: PUBLIC_URL, else this server on localhost. */
export const publicOrigin = (deps: Pick<AppDeps, 'config'>): string =>
  deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;

/** The check-in link's token: 128 random bits, base64url (22 characters). */
export const newCheckInToken = (): string => crypto.randomBytes(16).toString('base64url');

/**
 * A declaration matched a key region: open a home health observation in the declaration's own
 * transaction (both stored or neither). Its period follows the region's level (the rules file);
 * when it is already over, nothing is opened. The module keeps its own sealed copy of the name
 * and phone, texts the person the check-in link (the token kept only as a keyed hash, and
 * encrypted for a key rotation), records the step and adds one person under observation to the
 * board. Idempotent per declaration: the event delivered twice opens one observation.
 * The publisher kicks the job runner and announces the board's figures after its commit.
 * @returns the new observation's id, or null when none was opened
 */
export async function openObservation(
  trx: Kysely<DB>,
  deps: Pick<AppDeps, 'cipher' | 'config'>,
  p: KeyRegionArrival,
): Promise<string | null> {
  const { startDate, endDate } = observationPeriod(p.arrivalDate, p.region.level);
  const today = shanghaiDate();
  if (endDate < today) return null;
  const id = crypto.randomUUID();
  const token = newCheckInToken();
  const compoundCode = p.areaPath.split('/').at(-1)!;
  const inserted = await trx
    .insertInto('observations')
    .values({
      id,
      declaration_id: p.declarationId,
      committee_code: p.committeeCode,
      compound_code: compoundCode,
      area_path: p.areaPath,
      room_id: p.roomId,
      room_label: p.roomLabel,
      name_enc: deps.cipher.encrypt(p.personName),
      name_masked: maskName(p.personName),
      phone_enc: deps.cipher.encrypt(p.phone),
      phone_hmac: phoneHmac(deps.cipher, p.phone),
      phone_masked: maskPhone(p.phone),
      token_hmac: deps.cipher.lookupHash(token),
      token_enc: deps.cipher.encrypt(token),
      region_code: p.region.code,
      region_name: p.region.name,
      level: p.region.level,
      start_date: startDate,
      end_date: endDate,
      end_reason: null,
      ended_by: null,
    })
    .onConflict((oc) => oc.column('declaration_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  const rules = observationRules();
  const text =
    `【社区云】您从${p.region.name}（${LEVEL_TEXT[p.region.level]}地区）抵达，需居家健康观察至${endDate}。` +
    `请每天${rules.checkInBy}前打开链接报告体温和症状：${publicOrigin(deps)}/c/${token}`;
  await executeTogether<DB>(trx, [
    trx.insertInto('observation_steps').values({
      id: crypto.randomUUID(),
      observation_id: id,
      kind: 'opened',
      day: today,
      at: new Date(),
      note: `${p.region.name}（${LEVEL_TEXT[p.region.level]}）抵达 ${startDate}，观察至 ${endDate} / arrived from a ${p.region.level}-level region on ${startDate}, observed until ${endDate}`,
      case_id: null,
      case_number: null,
      actor_id: p.declaredBy,
    }),
    ...smsToPhoneWrites(trx, deps, { phone: p.phone, text, areaPath: p.areaPath }),
  ]);
  await feedTopicFigures(trx, 'epidemic', [
    { metric: 'home_observation', areaPath: p.areaPath, day: today, delta: 1 },
  ]);
  return id;
}
