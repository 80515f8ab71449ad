import type { CaseAttributes, HotlineImport, Scenario, ScenarioField } from '@cc/contracts';
import { inLanguage, isEnglish } from '../../lib/format';

/** The orders a file held back: those of categories not mapped, and those not placed. */
export const heldBack = (r: Pick<HotlineImport, 'unmapped' | 'unplaced'>): number =>
  r.unplaced.rows + r.unmapped.reduce((n, u) => n + u.rows, 0);

/**
 * The fields a category's mapping answers: the scenario's required ones, and any other it
 * answers already (given through the API), so an edit keeps them.
 */
export const answeredFields = (scenario: Scenario, attributes: CaseAttributes = {}) =>
  scenario.fields.filter((f) => f.required || f.code in attributes);

/**
 * A mapping's answers as "field: value" in the person's language: a choice by its label, a
 * field the scenario no longer has by its code.
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
