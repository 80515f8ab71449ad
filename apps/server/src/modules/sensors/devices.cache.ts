import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { SensorDevicesTable, SensorRulesTable } from './sensors.tables.js';

/**
 * A device and its kind's rule, as a reading needs them (its key's hash, place, threshold),
 * kept in memory for a few seconds: thousands of readings a second ask for a few devices
 * each, and a database read per reading would cost more than the reading. A change made here
 * (a disabled device, a new key, a new rule) is forgotten at once on this server; another
 * server sees it within TTL_MS.
 */
export interface KnownDevice {
  device: Pick<
    Selectable<SensorDevicesTable>,
    'id' | 'kind' | 'name' | 'lng' | 'lat' | 'area_path' | 'key_hash' | 'disabled'
  >;
  rule: Selectable<SensorRulesTable>;
}

const TTL_MS = 10_000;
const MAX = 100_000;
const caches = new WeakMap<object, Map<string, { known: KnownDevice | null; at: number }>>();

function cacheOf(db: Kysely<DB>) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

/** The device with its rule, or null when no device has this id. */
export async function knownDevice(db: Kysely<DB>, id: string): Promise<KnownDevice | null> {
  const cache = cacheOf(db);
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.known;
  const row = await db
    .selectFrom('sensor_devices as d')
    .innerJoin('sensor_rules as r', 'r.kind', 'd.kind')
    .select([
      'd.id',
      'd.kind',
      'd.name',
      'd.lng',
      'd.lat',
      'd.area_path',
      'd.key_hash',
      'd.disabled',
      'r.kind as rule_kind',
      'r.name as rule_name',
      'r.name_en',
      'r.unit',
      'r.threshold',
      'r.window_minutes',
      'r.scenario_code',
      'r.attributes',
      'r.value_attribute',
      'r.updated_by',
      'r.updated_at',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
  const known: KnownDevice | null = row
    ? {
        device: {
          id: row.id,
          kind: row.kind,
          name: row.name,
          lng: row.lng,
          lat: row.lat,
          area_path: row.area_path,
          key_hash: row.key_hash,
          disabled: row.disabled,
        },
        rule: {
          kind: row.rule_kind,
          name: row.rule_name,
          name_en: row.name_en,
          unit: row.unit,
          threshold: row.threshold,
          window_minutes: row.window_minutes,
          scenario_code: row.scenario_code,
          attributes: row.attributes,
          value_attribute: row.value_attribute,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        },
      }
    : null;
  if (cache.size >= MAX) cache.clear();
  cache.set(id, { known, at: Date.now() });
  return known;
}

/** Forget one device (null: every device, after a rule changed). */
export function forgetDevice(db: Kysely<DB>, id: string | null): void {
  if (id === null) cacheOf(db).clear();
  else cacheOf(db).delete(id);
}
