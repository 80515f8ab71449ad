import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config.js';
import { findScenario } from '../cases/index.js';

/**
 * The 一网统管 scenarios counted as complaints about property (data/property/
 * complaint-scenarios.json: data, not code), read once and checked against the taxonomy.
 */
export const COMPLAINT_SCENARIOS_FILE = path.join(
  REPO_ROOT,
  'data/property/complaint-scenarios.json',
);

export interface ComplaintScenario {
  code: string;
  name: string;
  nameEn: string;
}

let scenarios: ComplaintScenario[] | null = null;

export function complaintScenarios(): ComplaintScenario[] {
  if (scenarios) return scenarios;
  const data = JSON.parse(fs.readFileSync(COMPLAINT_SCENARIOS_FILE, 'utf8')) as {
    scenarios?: unknown;
  };
  if (!Array.isArray(data.scenarios) || data.scenarios.length === 0)
    throw new Error(`${COMPLAINT_SCENARIOS_FILE}: "scenarios" must list scenario codes`);
  scenarios = data.scenarios.map((code: unknown) => {
    const s = typeof code === 'string' ? findScenario(code) : undefined;
    if (!s)
      throw new Error(`${COMPLAINT_SCENARIOS_FILE}: no scenario "${String(code)}" in the taxonomy`);
    return { code: s.code, name: s.name, nameEn: s.nameEn };
  });
  return scenarios;
}
