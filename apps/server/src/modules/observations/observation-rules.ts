import path from 'node:path';
import { ObservationRulesFile } from '@cc/contracts';
import { REPO_ROOT } from '../../platform/config.js';
import { addDays } from '../../platform/shanghai-time.js';
import { loadDataFile } from '../../platform/data-file.js';
import type { KeyRegionLevel } from '../declarations/index.js';

/** The rules as data: how long an observation lasts by level, the daily deadline, the fever line. */
export const OBSERVATION_RULES_FILE = path.join(REPO_ROOT, 'data/epidemic/observation-rules.json');

/** The rules, read and checked once (a file that does not check stops the start). */
export const observationRules = (): ObservationRulesFile =>
  loadDataFile(OBSERVATION_RULES_FILE, ObservationRulesFile);

/** The first and last day of an observation of `level` starting on the arrival day. */
export function observationPeriod(
  arrivalDate: string,
  level: KeyRegionLevel,
): { startDate: string; endDate: string } {
  const days = observationRules().levels[level].days;
  return { startDate: arrivalDate, endDate: addDays(arrivalDate, days - 1) };
}

/** The moment of `day`'s check-in deadline (Shanghai time). */
export const checkInDeadline = (day: string): Date =>
  new Date(`${day}T${observationRules().checkInBy}:00+08:00`);

/** A temperature in tenths of a degree (37.25 → 373: one decimal is kept). */
export const toTenths = (celsius: number): number => Math.round(celsius * 10);

/** Whether a check-in is abnormal: a fever by the rules' line, or any symptom at all. */
export const isAbnormal = (tenths: number, symptoms: readonly string[]): boolean =>
  tenths >= toTenths(observationRules().feverAt) || symptoms.length > 0;
