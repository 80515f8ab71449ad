import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { longestPrefixAddress } from './addresses.repo.js';
import { normaliseAddress } from './normalise.js';

/** The shortest indexed address a text may be placed at: a road name alone is too vague. */
const MIN_MATCH = 6;

export interface Placed {
  lat: number;
  lng: number;
  areaCode: string;
  /** the address book's text it was placed at */
  label: string;
  match: 'exact' | 'prefix';
}

/**
 * Where an address given as text lies, from the address book (decision 028): its exact entry,
 * else the longest entry the text starts with; null when none is found. For systems that send
 * addresses without coordinates (the 12345 hotline).
 */
export async function placeAddress(db: Kysely<DB>, text: string): Promise<Placed | null> {
  const q = normaliseAddress(text);
  if ([...q].length < MIN_MATCH) return null;
  const hit = await longestPrefixAddress(db, q, MIN_MATCH);
  if (!hit) return null;
  return {
    lat: hit.lat,
    lng: hit.lng,
    areaCode: hit.area_code,
    label: hit.label,
    match: hit.search === q ? 'exact' : 'prefix',
  };
}
