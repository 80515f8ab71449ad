/**
 * Money in the council fund: the server keeps integers in fen (分); people type and read yuan
 * (元) with two decimals. Parsing works on the digits as text, so 0.1 + 0.2 never shows up.
 */

/** The most an entry may carry (the contract's `Fen`): 10 billion yuan. */
export const FEN_MAX = 1_000_000_000_000;

const AMOUNT = /^(\d+)(?:\.(\d{0,2}))?$/;

/**
 * Yuan as typed ("1234.56", "1,234.5", "¥12", "８８") → fen, or null when it is not an amount
 * of at most two decimals between the bounds: a negative amount, a third decimal (a fraction
 * of a fen), letters, an empty box. Zero only with `allowZero` (a correction that voids).
 */
export function parseYuan(text: string, { allowZero = false } = {}): number | null {
  const plain = text
    // full-width digits and the full-width point, as a Chinese keyboard may type them
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/^\s*[¥￥]\s*/, '')
    .replace(/,(?=\d{3}(?:\D|$))/g, '')
    .replace(/\s*元?\s*$/, '')
    .trim();
  const m = AMOUNT.exec(plain);
  if (!m) return null;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  // beyond 13 digits of yuan the number is out of bounds anyway (and would lose precision)
  if (whole.length > 13) return null;
  const fen = Number(whole) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen > FEN_MAX) return null;
  if (fen === 0 && !allowZero) return null;
  return fen;
}

const GROUPED = /\B(?=(\d{3})+(?!\d))/g;

/** Fen → "¥1,234.56"; a negative amount "-¥12.00"; `signed` also puts "+" before a positive one. */
export function formatFen(fen: number, { signed = false } = {}): string {
  const sign = fen < 0 ? '-' : signed && fen > 0 ? '+' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(GROUPED, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** Fen → the text an amount box starts with: "1234.56" (no symbol, no grouping). */
export function fenToYuanText(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}
