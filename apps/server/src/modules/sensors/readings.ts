import {
  ErrorCode,
  SENSOR_FUTURE_TOLERANCE_SECONDS,
  SENSOR_MAX_AGE_HOURS,
  type SensorEventsAnswer,
  type SensorEventsBody,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { Batcher } from '../../platform/batcher.js';
import type { Ctx } from '../../platform/context.js';
import { apiKeyMatches } from '../../platform/crypto.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bearerKey } from '../../platform/http/bearer-key.js';
import { recordAudit } from '../audit/index.js';
import { fileCase, findScenario } from '../cases/index.js';
import { knownDevice, type KnownDevice } from './devices.cache.js';

/**
 * A device's readings (decision 028). The device is known by its id and its own key. Every
 * reading is stored (group commit: the readings of many requests in one INSERT); one at or
 * over its kind's threshold is an alarm. A device's first alarm opens a case with source
 * `sensor` at the device's place, dispatched like any other; its further alarms within the
 * window (sliding from its last alarm) join that case. Which alarm opens is decided by one
 * statement on the device's row, so two servers never open two cases for one window.
 */

interface ReadingRow {
  device_id: string;
  at: string;
  value: number;
  alarm: boolean;
  case_id: string | null;
}

const writers = new WeakMap<object, Batcher<ReadingRow[], true>>();

/** Readings and each device's newest one, for many requests in one transaction. */
async function storeReadings(db: Kysely<DB>, batches: ReadingRow[][]): Promise<true[]> {
  const rows = batches.flat();
  const newest = new Map<string, ReadingRow>();
  for (const r of rows) {
    const had = newest.get(r.device_id);
    if (!had || had.at <= r.at) newest.set(r.device_id, r);
  }
  const latest = [...newest.values()].map((r) => ({ id: r.device_id, at: r.at, value: r.value }));
  await db.transaction().execute(async (trx) => {
    await insertRows('sensor_events', rows)!.execute(trx);
    await sql`
      update sensor_devices d set last_value = v.value, last_event_at = v.at
        from json_to_recordset(${JSON.stringify(latest)}::json)
             as v(id text, at timestamptz, value double precision)
       where d.id = v.id and (d.last_event_at is null or d.last_event_at <= v.at)${PREPARED}`.execute(
      trx,
    );
  });
  return batches.map(() => true as const);
}

function writerFor(db: Kysely<DB>): Batcher<ReadingRow[], true> {
  let w = writers.get(db);
  if (!w) {
    w = new Batcher((items) => storeReadings(db, items), {
      maxBatch: 200,
      concurrency: 2,
      lingerMs: 2,
    });
    writers.set(db, w);
  }
  return w;
}

/** An alarm's place in its device's window: whether it opens a case, else the case it joins. */
async function claimAlarm(
  db: Kysely<DB>,
  deviceId: string,
  at: Date,
  windowMinutes: number,
): Promise<{ opens: boolean; caseId: string | null }> {
  const r = await sql<{ prev_alert_at: Date | null; prev_case_id: string | null }>`
    with prev as (
      select id, last_alert_at, open_case_id from sensor_devices where id = ${deviceId} for update
    ), opening as (
      select prev.*, (prev.last_alert_at is null
        or prev.last_alert_at < ${at}::timestamptz - make_interval(mins => ${windowMinutes})) as opens
        from prev
    )
    update sensor_devices d
       set last_alert_at = greatest(coalesce(o.last_alert_at, ${at}::timestamptz), ${at}::timestamptz),
           open_case_id = case when o.opens then null else o.open_case_id end
      from opening o
     where d.id = o.id
    returning o.opens as opens, o.open_case_id as prev_case_id, o.last_alert_at as prev_alert_at`.execute(
    db,
  );
  const row = r.rows[0] as { opens: boolean; prev_case_id: string | null } | undefined;
  if (!row) throw new Error(`sensor ${deviceId} vanished`);
  return { opens: row.opens, caseId: row.opens ? null : row.prev_case_id };
}

/**
 * The reading as its scenario's number field takes it: within the field's bounds (a gauge
 * reading 250 cm answers "200", the form's most) and to its decimals, so a reading off the
 * form's scale still opens its case.
 */
function answerOf(rule: KnownDevice['rule'], value: number): number {
  const field = findScenario(rule.scenario_code)?.fields.find(
    (f) => f.code === rule.value_attribute,
  );
  if (!field || field.type !== 'number') return value;
  const min = field.min ?? -Infinity;
  const max = field.max ?? Infinity;
  return Math.min(max, Math.max(min, value));
}

/** The case an alarm opens on this server, while it is being filed: joiners wait for it. */
const opening = new Map<string, Promise<string | null>>();

async function openCase(ctx: Ctx, known: KnownDevice, value: number, at: Date): Promise<string> {
  const { device, rule } = known;
  const attributes = rule.value_attribute
    ? { ...rule.attributes, [rule.value_attribute]: answerOf(rule, value) }
    : rule.attributes;
  const filed = await fileCase(ctx, {
    scenarioCode: rule.scenario_code,
    description: `${rule.name}「${device.name}」读数 ${value}${rule.unit}，达到阈值 ${rule.threshold}${rule.unit} / ${rule.name_en} "${device.name}" read ${value}${rule.unit}, at or over ${rule.threshold}${rule.unit}`,
    lat: device.lat,
    lng: device.lng,
    areaCode: null,
    address: null,
    attributes,
    photoIds: [],
    at,
    contact: null,
    source: 'sensor',
    reporterId: null,
    reporterName: `${rule.name} ${device.id}`,
    // a device that sends its alarm again (no answer reached it) gets the same case
    idempotency: { scope: `sensor:${device.id}`, key: at.toISOString() },
    withDetail: false,
  });
  await ctx.db
    .updateTable('sensor_devices')
    .set({ open_case_id: filed.caseId })
    .where('id', '=', device.id)
    .where('open_case_id', 'is', null)
    .where('last_alert_at', '>=', at)
    .execute();
  return filed.caseId;
}

/** Each reading's time: now when left out; refused when too far ahead or too old. */
function readingTimes(body: SensorEventsBody): Date[] {
  const now = Date.now();
  return body.events.map((e, i) => {
    if (e.at === undefined) return new Date(now);
    const t = Date.parse(e.at);
    if (t > now + SENSOR_FUTURE_TOLERANCE_SECONDS * 1000) {
      throw AppError.invalid(
        `events.${i}.at`,
        'future',
        `events.${i}.at is more than ${SENSOR_FUTURE_TOLERANCE_SECONDS} s ahead of the platform's clock / 读数时间晚于当前时间`,
      );
    }
    if (t < now - SENSOR_MAX_AGE_HOURS * 3_600_000) {
      throw AppError.invalid(
        `events.${i}.at`,
        'maxAge',
        `events.${i}.at is more than ${SENSOR_MAX_AGE_HOURS} h old / 读数时间超过 ${SENSOR_MAX_AGE_HOURS} 小时`,
      );
    }
    return new Date(t);
  });
}

export async function receiveReadings(
  ctx: Ctx,
  deviceId: string,
  authorization: string | undefined,
  body: SensorEventsBody,
): Promise<SensorEventsAnswer> {
  const key = bearerKey(authorization, { en: "the device's key", zh: '设备密钥' });
  const known = await knownDevice(ctx.db, deviceId);
  if (!known) {
    throw new AppError(ErrorCode.notFound, `No sensor ${deviceId} is registered / 没有登记该设备`, {
      field: 'id',
      rule: 'exists',
    });
  }
  if (!apiKeyMatches(key, known.device.key_hash)) {
    await recordAudit(ctx, {
      action: 'sensor.key_refused',
      objectType: 'sensor_device',
      objectId: deviceId,
      areaPath: known.device.area_path,
      outcome: 'denied',
    });
    throw new AppError(ErrorCode.unauthenticated, "This is not the device's key / 设备密钥不符", {
      field: 'authorization',
      rule: 'valid',
    });
  }
  if (known.device.disabled) {
    throw AppError.forbidden(`Sensor ${deviceId} is disabled / 该设备已停用`);
  }
  const times = readingTimes(body);
  const { rule } = known;
  const rows: ReadingRow[] = body.events.map((e, i) => ({
    device_id: deviceId,
    at: times[i]!.toISOString(),
    value: e.value,
    alarm: e.value >= rule.threshold,
    case_id: null,
  }));
  const alarms: SensorEventsAnswer['alarms'] = [];
  // alarms in time order: the earliest opens the window
  const order = rows.map((_, i) => i).filter((i) => rows[i]!.alarm);
  order.sort((a, b) => times[a]!.getTime() - times[b]!.getTime());
  for (const i of order) {
    const at = times[i]!;
    const claim = await claimAlarm(ctx.db, deviceId, at, rule.window_minutes);
    let caseId = claim.caseId;
    if (claim.opens) {
      const filing = openCase(ctx, known, rows[i]!.value, at);
      opening.set(deviceId, filing);
      try {
        caseId = await filing;
      } catch (e) {
        // no case came of it: the window is not open, the next alarm tries again
        await ctx.db
          .updateTable('sensor_devices')
          .set({ last_alert_at: null })
          .where('id', '=', deviceId)
          .where('open_case_id', 'is', null)
          .where('last_alert_at', '=', at)
          .execute();
        throw e;
      } finally {
        if (opening.get(deviceId) === filing) opening.delete(deviceId);
      }
    } else if (caseId === null) {
      // the alarm that opens this window is still being filed here
      caseId = (await opening.get(deviceId)?.catch(() => null)) ?? null;
    }
    rows[i]!.case_id = caseId;
    alarms.push({ at: at.toISOString(), value: rows[i]!.value, caseId, joined: !claim.opens });
  }
  await writerFor(ctx.db).submit(rows);
  return { accepted: rows.length, alarms };
}
