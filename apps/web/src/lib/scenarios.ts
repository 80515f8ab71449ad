import type { Scenario, Taxonomy } from '@cc/contracts';
import { isEnglish } from './format';

/*
 * The scenario taxonomy in a searchable select (the dispatch rules and points, the hotline's
 * category mapping): grouped by domain, matched on names, code and keywords.
 */

export interface ScenarioOption {
  value: string;
  label: string;
  /** Name, English name, code and keywords: what the search matches. */
  searchText: string;
}

export interface ScenarioGroup {
  label: string;
  title: string;
  options: ScenarioOption[];
}

export function scenarioName(scenario: Pick<Scenario, 'name' | 'nameEn'>, language: string) {
  return isEnglish(language) && scenario.nameEn ? scenario.nameEn : scenario.name;
}

/** Scenarios grouped by their domain, for a searchable select. */
export function scenarioGroups(taxonomy: Taxonomy | undefined, language: string): ScenarioGroup[] {
  if (!taxonomy) return [];
  return taxonomy.domains
    .map((domain) => {
      const label = scenarioName(domain, language);
      return {
        label,
        title: label,
        options: taxonomy.scenarios
          .filter((scenario) => scenario.domain === domain.code)
          .map((scenario) => ({
            value: scenario.code,
            label: scenarioName(scenario, language),
            searchText: [scenario.name, scenario.nameEn, scenario.code, ...scenario.keywords]
              .join(' ')
              .toLowerCase(),
          })),
      };
    })
    .filter((group) => group.options.length > 0);
}

/** Matches the typed text against an option's names, code and keywords. */
export function matchesScenario(input: string, option: unknown): boolean {
  const text = (option as Partial<ScenarioOption> | undefined)?.searchText;
  return typeof text === 'string' && text.includes(input.trim().toLowerCase());
}

/** code → display name; an unknown code shows as itself. */
export function scenarioNamer(taxonomy: Taxonomy | undefined, language: string) {
  const byCode = new Map(taxonomy?.scenarios.map((s) => [s.code, s]) ?? []);
  return (code: string) => {
    const scenario = byCode.get(code);
    return scenario ? scenarioName(scenario, language) : code;
  };
}
