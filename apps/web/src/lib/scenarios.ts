import type { CaseAttributes, Scenario, ScenarioField, Taxonomy } from '@cc/contracts';
import { inLanguage, isEnglish } from './format';

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

/**
 * The fields the answers a scenario is given in advance cover (a hotline category's mapping, a
 * sensor kind's rule): the scenario's required ones, and any other answered already (given
 * through the API), so an edit keeps them.
 */
export const answeredFields = (scenario: Scenario, attributes: CaseAttributes = {}) =>
  scenario.fields.filter((f) => f.required || f.code in attributes);

/**
 * Answers given in advance as "field: value" in the person's language: a choice by its label,
 * a field the scenario no longer has by its code.
 */
export function answerTexts(
  scenario: Scenario | undefined,
  attributes: CaseAttributes,
  language: string,
): string[] {
  const english = isEnglish(language);
  return Object.entries(attributes).map(([code, value]) => {
    const field: ScenarioField | undefined = scenario?.fields.find((f) => f.code === code);
    const label = (v: string | number) => {
      const choice = field?.values?.find((c) => c.key === String(v));
      return choice ? inLanguage(choice.name, choice.nameEn, language) : String(v);
    };
    const shown = Array.isArray(value)
      ? value.map(label).join(english ? ', ' : '、')
      : label(value);
    const name = field ? inLanguage(field.name, field.nameEn, language) : code;
    return english ? `${name}: ${shown}` : `${name}：${shown}`;
  });
}
