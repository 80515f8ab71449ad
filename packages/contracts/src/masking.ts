import type { DocumentType } from './registry.js';

/**
 * How personal data is shown to someone who may not see it in clear: one rule for every
 * screen, list, export and log of the server and the web app (ENGINEERING.md §6).
 */

/** Keeps `head` and `tail` characters around `stars` asterisks; a value too short for that is all '*'. */
function keepEnds(value: string, head: number, tail: number, stars: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(Math.max(stars, chars.length));
  return chars.slice(0, head).join('') + '*'.repeat(stars) + chars.slice(-tail).join('');
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4, 4);
}

/** Resident ID → 3101**********1234; other documents → first 2 and last 2, at least 4 '*' between. */
export function maskDocument(type: DocumentType, normalized: string): string {
  if (type === 'resident_id') return keepEnds(normalized, 4, 4, 10);
  return keepEnds(normalized, 2, 2, Math.max(4, [...normalized].length - 4));
}

/**
 * 张三丰 → 张**, `Anna Maria Li` → `A*** M**** L*`: the first character of each word stays
 * (the family name of a Chinese name), the rest is hidden; a name of one character is `*`.
 */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length === 1 && [...words[0]!].length <= 1) return '*';
  return words.map((w) => [...w].map((c, i) => (i === 0 ? c : '*')).join('')).join(' ');
}

/** A count of people below five (but above zero) is shown as `<5`, never exactly: small groups identify people. */
const SMALL_GROUP = 5;
export const SMALL_GROUP_DISPLAY = `<${SMALL_GROUP}`;
export const isSmallGroup = (value: number | null): boolean =>
  value !== null && value > 0 && value < SMALL_GROUP;
