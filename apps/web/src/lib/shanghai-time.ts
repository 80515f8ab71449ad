/**
 * Days as Shanghai counts them (UTC+8 all year, no summer time), whatever the time zone of the
 * browser: the dashboards' and the topic boards' ranges, axes and file names all use them.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 00:00 in Shanghai of the day that holds `ms`. */
export function shanghaiDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The Shanghai wall-clock time of `ms` as "YYYY-MM-DDTHH:mm:ss". */
function shanghaiClock(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

/** "YYYY-MM-DD" in Shanghai. */
export const shanghaiDate = (ms: number) => shanghaiClock(ms).slice(0, 10);
/** "MM-DD" in Shanghai. */
export const shanghaiMonthDay = (ms: number) => shanghaiClock(ms).slice(5, 10);
/** "HH:mm" in Shanghai. */
export const shanghaiHourMinute = (ms: number) => shanghaiClock(ms).slice(11, 16);
/** "HH:mm:ss" in Shanghai. */
export const shanghaiTime = (ms: number) => shanghaiClock(ms).slice(11, 19);
/** "YYYY-MM-DD HH:mm" in Shanghai, of a time in ms or an ISO string (the server's times). */
export const shanghaiDateTime = (at: number | string) =>
  shanghaiClock(typeof at === 'string' ? Date.parse(at) : at)
    .slice(0, 16)
    .replace('T', ' ');
