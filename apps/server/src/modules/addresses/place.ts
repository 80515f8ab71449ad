import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { prefixEntries } from './addresses.repo.js';
import { normaliseAddress } from './normalise.js';

/** The shortest text placed at all, and the shortest entry a longer text is placed at. */
const MIN_TEXT = 2;
const MIN_PREFIX = 4;
/** A door number as written: the text up to its first number followed by 号. */
const DOOR = /^(.*?\d+\s*[号號#])/u;

export interface Placed {
  lat: number;
  lng: number;
  areaCode: string;
  /** the address book's text it was placed at */
  label: string;
  match: 'exact' | 'prefix';
}

/**
 * Whether `q` may be placed at the entry `entry` it starts with: the entry is a door number
 * (it has a digit) or a name long enough to be one place (a compound), and `q` does not go on
 * with digits where the entry's number ends — 北京东路1 is not the start of 北京东路120.
 */
function prefixFits(entry: string, q: string): boolean {
  const chars = [...entry];
  if (chars.length < MIN_PREFIX) return false;
  if (!/\d/.test(entry) && chars.length < 6) return false;
  const next = [...q][chars.length];
  return !(next !== undefined && /\d/.test(next) && /\d$/.test(entry));
}

/**
 * Where an address given as text lies, from the address book (decision 028): its exact entry,
 * else the longest entry the text starts with that fits (prefixFits); null when none is found.
 * For systems that send addresses without coordinates (the 12345 hotline).
 */
export async function placeAddress(db: Kysely<DB>, text: string): Promise<Placed | null> {
  const q = normaliseAddress(text);
  if ([...q].length < MIN_TEXT) return null;
  // the door number as written (…88号), before the normaliser joins it to a room (…88201室)
  const door = DOOR.exec(text)?.[1];
  const d = door ? normaliseAddress(door) : null;
  const [hits, doorHits] = await Promise.all([
    prefixEntries(db, q, MIN_TEXT),
    d && d !== q ? prefixEntries(db, d, d.length) : [],
  ]);
  const exact = hits.find((h) => h.search === q);
  const hit = exact ?? doorHits[0] ?? hits.find((h) => prefixFits(h.search, q));
  if (!hit) return null;
  return {
    lat: hit.lat,
    lng: hit.lng,
    areaCode: hit.area_code,
    label: hit.label,
    match: exact ? 'exact' : 'prefix',
  };
}
