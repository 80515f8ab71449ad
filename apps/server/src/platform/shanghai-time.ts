/** Shanghai's clock (UTC+8, no daylight saving) for dates a person reads. */
const OFFSET_MS = 8 * 3_600_000;

/** The date in Shanghai at `at`, as YYYY-MM-DD. */
export const shanghaiDate = (at: Date = new Date()): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The calendar year in Shanghai at `at`. */
export const shanghaiYear = (at: Date = new Date()): number =>
  new Date(at.getTime() + OFFSET_MS).getUTCFullYear();

/** The minute in Shanghai at `at` (a Date or ISO text), as `YYYY-MM-DD HH:mm`. */
export const shanghaiMinute = (at: Date | string): string =>
  new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + OFFSET_MS)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
