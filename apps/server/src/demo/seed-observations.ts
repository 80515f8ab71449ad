import { sql } from 'kysely';
import type { AppDeps } from '../platform/context.js';
import { addDays, shanghaiDate } from '../platform/shanghai-time.js';
import { recordCheckIn } from '../modules/observations/index.js';
import { prng } from './prng.js';

/**
 * The health observations the demo's declarations opened (seed-declarations.ts), with a few days
 * of check-ins so that the staff list and the epidemic board have figures: every day of the last
 * four the observation was running, most normal (36.2–36.9 °C), recorded through the module's
 * use case (the board's figures, and a case for a fever, follow as they would); the first
 * observation has not checked in today (the evening's check files its case) and the second
 * reports a fever today. Idempotent: observations with check-ins are left alone.
 */

const DAYS_BACK = 3;

export async function seedObservations(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const has = await db.selectFrom('observation_check_ins').select('id').limit(1).executeTakeFirst();
  if (has) return false;
  const today = shanghaiDate();
  const rows = await db
    .selectFrom('observations')
    .select(['id', sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('start')])
    .where('state', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return false;
  const rand = prng(20261207);
  const now = new Date();
  for (const [i, o] of rows.entries()) {
    for (let back = DAYS_BACK; back >= 0; back--) {
      const day = addDays(today, -back);
      if (day < o.start) continue;
      const isToday = back === 0;
      if (isToday && i === 0) continue; // missing today
      const morning = new Date(
        Date.parse(`${day}T07:30:00+08:00`) + Math.floor(rand() * 150) * 60_000,
      );
      const at = morning > now ? now : morning;
      const fever = isToday && i === 1;
      await recordCheckIn(deps, { actor: null, ip: null }, o.id, {
        temperature: fever ? 38.1 : 36.2 + Math.floor(rand() * 8) / 10,
        symptoms: fever ? ['cough', 'fatigue'] : [],
        way: 'self',
        note: '',
        at,
      });
    }
  }
  return true;
}
