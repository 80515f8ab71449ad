import type { HotlineImport } from '@cc/contracts';

/** The orders a file held back: those of categories not mapped, and those not placed. */
export const heldBack = (r: Pick<HotlineImport, 'unmapped' | 'unplaced'>): number =>
  r.unplaced.rows + r.unmapped.reduce((n, u) => n + u.rows, 0);
