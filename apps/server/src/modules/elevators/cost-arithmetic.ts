import path from 'node:path';
import { CostSharesFile, ELEVATOR_COST_MAX_FEN, type CostSharePreset } from '@cc/contracts';
import { REPO_ROOT } from '../../platform/config.js';
import { dataProblems, loadDataFile } from '../../platform/data-file.js';
import { AppError } from '../../platform/errors.js';

/**
 * The cost of an elevator shared over a staircase's rooms by floor: integer weights per floor
 * from a preset (data/elevators/cost-shares.json), money in fen as integers, and the shares
 * rounded by largest remainder so they add up to the total exactly. No floating point.
 */

export const COST_SHARES_FILE = path.join(REPO_ROOT, 'data/elevators/cost-shares.json');

/** What the schema cannot say of a presets file: unique codes, one weight per floor. */
function presetChecks(file: CostSharesFile): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, p] of file.presets.entries()) {
    if (seen.has(p.code)) problems.push(`/presets/${i}/code: "${p.code}" appears twice`);
    seen.add(p.code);
    for (const [floors, weights] of Object.entries(p.weights)) {
      if (weights.length !== Number(floors))
        problems.push(
          `/presets/${i}/weights/${floors}: ${weights.length} weights for ${floors} floors`,
        );
      if (!weights.some((w) => w > 0))
        problems.push(`/presets/${i}/weights/${floors}: every weight is 0`);
    }
  }
  return problems;
}

/** The problems of a presets file (empty when sound): the schema, unique codes, table sizes. */
export const costPresetProblems = (data: unknown): string[] =>
  dataProblems(CostSharesFile, data, presetChecks);

/** The presets, read and checked once; a bad file stops the server with the reasons. */
export const costPresets = (): readonly CostSharePreset[] =>
  loadDataFile(COST_SHARES_FILE, CostSharesFile, presetChecks).presets;

/** A preset by code, or a 400 naming `preset` and the codes there are. */
export function requirePreset(code: string): CostSharePreset {
  const p = costPresets().find((x) => x.code === code);
  if (!p)
    throw AppError.invalid(
      'preset',
      'exists',
      `preset: no cost-sharing preset "${code}"; the presets are ${costPresets()
        .map((x) => x.code)
        .join(', ')} / 没有该分摊方案`,
    );
  return p;
}

const YUAN = /^(\d{1,8})(?:\.(\d{1,2}))?$/;

/** "856000.5" yuan → 85600050 fen, exactly; a 400 naming `total` otherwise. */
export function yuanToFen(text: string): number {
  const m = YUAN.exec(text.trim());
  if (!m)
    throw AppError.invalid(
      'total',
      'format',
      'total: the cost in yuan, digits with at most two decimals (e.g. 856000.50) / 总费用须为金额（元），最多两位小数',
    );
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen <= 0 || fen > ELEVATOR_COST_MAX_FEN)
    throw AppError.invalid(
      'total',
      'range',
      'total: above 0 and at most 99,999,999.99 yuan / 总费用须大于 0 且不超过 99,999,999.99 元',
    );
  return fen;
}

export interface ShareInput {
  roomId: string;
  weight: number;
}

/**
 * Split `totalFen` over rooms in proportion to their integer weights: each room gets the floor
 * of its exact share, and the fen left over go one each to the rooms with the largest
 * remainders (ties: the heavier weight, then the earlier room). The shares add up to the
 * total. Throws when every weight is 0.
 */
export function shareCost(totalFen: number, rooms: readonly ShareInput[]): number[] {
  const total = BigInt(totalFen);
  const weightSum = rooms.reduce((s, r) => s + BigInt(r.weight), 0n);
  if (weightSum === 0n) throw new Error('shareCost: every weight is 0');
  const base = rooms.map((r) => (total * BigInt(r.weight)) / weightSum);
  const rest = rooms.map((r) => (total * BigInt(r.weight)) % weightSum);
  let left = total - base.reduce((s, v) => s + v, 0n);
  const order = rooms
    .map((r, i) => i)
    .sort((a, b) =>
      rest[a]! !== rest[b]!
        ? rest[a]! > rest[b]!
          ? -1
          : 1
        : rooms[b]!.weight - rooms[a]!.weight || a - b,
    );
  for (const i of order) {
    if (left === 0n) break;
    base[i]! += 1n;
    left -= 1n;
  }
  return base.map(Number);
}
