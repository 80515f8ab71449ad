import path from 'node:path';
import {
  VoteRulesFile,
  type CreateVoteBody,
  type VoteRulePreset,
  type VoteRuleView,
} from '@cc/contracts';
import { REPO_ROOT } from '../../platform/config.js';
import { dataProblems, loadDataFile } from '../../platform/data-file.js';
import { AppError } from '../../platform/errors.js';
import { parseShare } from './vote-arithmetic.js';

/** The presets staff pick from (data/votes/rules.json, its README says the rules). */
export const RULES_FILE = path.join(REPO_ROOT, 'data/votes/rules.json');

/** The problems of a rules file (empty when sound): the schema, unique codes, shares that parse. */
export const rulesProblems = (data: unknown): string[] =>
  dataProblems(VoteRulesFile, data, presetChecks);

function presetChecks(data: VoteRulesFile): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, p] of data.presets.entries()) {
    if (seen.has(p.code)) problems.push(`/presets/${i}/code: "${p.code}" appears twice`);
    seen.add(p.code);
    if (p.code === 'custom') problems.push(`/presets/${i}/code: "custom" is reserved`);
    for (const [where, share] of [
      ['participation', p.participation?.share],
      ['consent', p.consent.share],
    ] as const) {
      if (share === undefined) continue;
      try {
        parseShare(share, where);
      } catch (e) {
        problems.push(`/presets/${i}/${where}/share: ${(e as Error).message}`);
      }
    }
    if (p.weighing === 'members' && p.measures.includes('area'))
      problems.push(`/presets/${i}/measures: one member one vote has no area`);
  }
  return problems;
}

/** The presets, read and checked once; a bad file stops the server with the reasons. */
export const rulePresets = (): readonly VoteRulePreset[] =>
  loadDataFile(RULES_FILE, VoteRulesFile, presetChecks).presets;

/** The rule a new owners' vote counts by: a preset for owners, or a rule written out (checked). */
export function resolveRule(rule: CreateVoteBody['rule']): VoteRuleView {
  if ('preset' in rule) {
    const p = rulePresets().find((x) => x.code === rule.preset && x.weighing === 'owners');
    if (!p)
      throw AppError.invalid(
        'rule.preset',
        'exists',
        `rule.preset: no owners' vote rule "${rule.preset}"; the presets are ${rulePresets()
          .filter((x) => x.weighing === 'owners')
          .map((x) => x.code)
          .join(', ')} / 没有该表决规则`,
      );
    return {
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      source: p.source,
      measures: p.measures,
      participation: p.participation,
      consent: p.consent,
      ...(p.subjects ? { subjects: p.subjects } : {}),
    };
  }
  const c = rule.custom;
  if (c.participation) parseShare(c.participation.share, 'rule.custom.participation.share');
  parseShare(c.consent.share, 'rule.custom.consent.share');
  return {
    code: 'custom',
    name: '自定义规则',
    nameEn: 'Custom rule',
    source: null,
    measures: c.measures,
    participation: c.participation,
    consent: c.consent,
  };
}
