/** The figures of a vote as shown: pure functions (unit-tested without React). */

/**
 * Hundredths of a m² as "1,234.56" (exact: integer arithmetic, no floating point), with "m²"
 * unless told otherwise.
 */
export function formatArea(hundredths: number, withUnit = true): string {
  const negative = hundredths < 0;
  const abs = Math.abs(Math.trunc(hundredths));
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}${withUnit ? ' m²' : ''}`;
}

/** "≥ 2/3" or "> 1/2". */
export function shareText(share: string, op: 'gte' | 'gt'): string {
  return `${op === 'gte' ? '≥' : '>'} ${share}`;
}
