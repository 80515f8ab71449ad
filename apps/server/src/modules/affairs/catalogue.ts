import fs from 'node:fs';
import path from 'node:path';
import { AffairCatalogueFile, type AffairService } from '@cc/contracts';
import { Value } from '@sinclair/typebox/value';
import { REPO_ROOT } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { findScenario } from '../cases/index.js';

export const CATALOGUE_FILE = path.join(REPO_ROOT, 'data/affairs/services.json');

/** Placeholders a certificate line may hold besides `{{answers.<field>}}`. */
const PLACEHOLDERS = new Set(['holder', 'home', 'compound', 'committee', 'today']);

/**
 * The problems of a catalogue (empty when it is sound): the schema first, then what a schema
 * cannot say — unique codes, options on selects, templates naming real fields, scenarios
 * that exist in the taxonomy and need no attribute the request cannot give.
 */
export function catalogueProblems(data: unknown): string[] {
  if (!Value.Check(AffairCatalogueFile, data)) {
    return [...Value.Errors(AffairCatalogueFile, data)]
      .slice(0, 5)
      .map((e) => `${e.path || '/'}: ${e.message}`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of data.services) {
    const at = `service ${s.code}`;
    if (seen.has(s.code)) problems.push(`${at}: the code is used twice`);
    seen.add(s.code);
    const fields = new Map(s.fields.map((f) => [f.code, f]));
    if (fields.size !== s.fields.length) problems.push(`${at}: a field code is used twice`);
    if (new Set(s.attachments.map((a) => a.code)).size !== s.attachments.length) {
      problems.push(`${at}: an attachment code is used twice`);
    }
    for (const f of s.fields) {
      if (f.type === 'select' && !f.options)
        problems.push(`${at}.${f.code}: a select needs options`);
      if (f.type !== 'select' && f.options)
        problems.push(`${at}.${f.code}: options on a ${f.type}`);
      if ((f.type === 'text' || f.type === 'textarea') && !f.maxLength) {
        problems.push(`${at}.${f.code}: a ${f.type} needs maxLength`);
      }
      if (f.options && new Set(f.options.map((o) => o.value)).size !== f.options.length) {
        problems.push(`${at}.${f.code}: an option value is used twice`);
      }
    }
    const o = s.outcome;
    if (o.kind === 'certificate') {
      for (const line of o.lines) {
        for (const [, name] of line.value.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
          const field = name!.startsWith('answers.') ? name!.slice(8) : null;
          if (field !== null ? !fields.has(field) : !PLACEHOLDERS.has(name!)) {
            problems.push(`${at}: certificate line "${line.label}" names unknown {{${name}}}`);
          }
        }
      }
    } else if (o.kind === 'case') {
      const scenarios: string[] = [];
      if (o.scenario) scenarios.push(o.scenario);
      if (o.scenarioField) {
        const f = fields.get(o.scenarioField);
        if (f?.type !== 'select' || !f.required || !o.scenarios) {
          problems.push(`${at}: scenarioField must be a required select with "scenarios"`);
        } else {
          for (const opt of f.options ?? []) {
            const code = o.scenarios[opt.value];
            if (code) scenarios.push(code);
            else problems.push(`${at}: option ${opt.value} names no scenario`);
          }
        }
      }
      if (scenarios.length === 0) problems.push(`${at}: a case needs a scenario or scenarioField`);
      for (const code of scenarios) {
        const sc = findScenario(code);
        if (!sc) problems.push(`${at}: no scenario "${code}" in data/taxonomy`);
        else if (sc.fields.some((f) => f.required)) {
          problems.push(`${at}: scenario "${code}" has required attributes a request cannot give`);
        }
      }
      const desc = fields.get(o.descriptionField);
      if (!desc?.required) problems.push(`${at}: descriptionField must be a required field`);
      if (o.addressField && !fields.has(o.addressField)) {
        problems.push(`${at}: addressField names no field`);
      }
    }
  }
  return problems;
}

let services: readonly AffairService[] | null = null;
let byCode = new Map<string, AffairService>();

/** Read and check the catalogue; a bad file stops the start with what is wrong. */
export function loadCatalogue(file = CATALOGUE_FILE): readonly AffairService[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`affairs catalogue ${file}: cannot read it: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const problems = catalogueProblems(data);
  if (problems.length > 0) {
    throw new Error(`affairs catalogue ${file} is not valid:\n  ${problems.join('\n  ')}`);
  }
  services = (data as AffairCatalogueFile).services;
  byCode = new Map(services.map((s) => [s.code, s]));
  return services;
}

export function listServices(): readonly AffairService[] {
  return services ?? loadCatalogue();
}

export function requireService(code: string, field = 'service'): AffairService {
  listServices();
  const s = byCode.get(code);
  if (!s) throw AppError.invalid(field, 'exists', `${field}: no service "${code}" / 没有这项服务`);
  return s;
}

/** A service by code, for a stored request (its service may have left the catalogue). */
export function findService(code: string): AffairService | undefined {
  listServices();
  return byCode.get(code);
}
