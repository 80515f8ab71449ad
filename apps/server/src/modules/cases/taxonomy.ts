import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Scenario, ScenarioField, Taxonomy } from '@cc/contracts';
import { REPO_ROOT } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';

export const TAXONOMY_FILE = path.join(REPO_ROOT, 'data/taxonomy/scenarios.json');

let taxonomy: Taxonomy | null = null;
let byCode: Map<string, Scenario> = new Map();

/** The scenario taxonomy (data/taxonomy/scenarios.json, checked by its own script), read once. */
export function getTaxonomy(): Taxonomy {
  if (!taxonomy) {
    taxonomy = JSON.parse(fs.readFileSync(TAXONOMY_FILE, 'utf8')) as Taxonomy;
    byCode = new Map(taxonomy.scenarios.map((s) => [s.code, s]));
  }
  return taxonomy;
}

/** The taxonomy as sent: its JSON, the same compressed, and an ETag (the content's hash). */
export interface TaxonomyBody {
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

let body: TaxonomyBody | null = null;

/**
 * The taxonomy's answer, made once per process: it changes only with a deploy, and a phone on
 * a slow link gets 64 KB of JSON as 7 KB, or a 304 when it holds the same version (issue 26).
 */
export function taxonomyBody(): TaxonomyBody {
  if (!body) {
    const identity = Buffer.from(JSON.stringify(getTaxonomy()));
    const hash = crypto.createHash('sha256').update(identity).digest('base64url');
    body = {
      etag: `"${hash.slice(0, 27)}"`,
      identity,
      gzip: zlib.gzipSync(identity, { level: 9 }),
      br: zlib.brotliCompressSync(identity, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }),
    };
  }
  return body;
}

export function findScenario(code: string): Scenario | undefined {
  getTaxonomy();
  return byCode.get(code);
}

export function requireScenario(code: string, field = 'scenarioCode'): Scenario {
  const s = findScenario(code);
  if (!s) throw AppError.invalid(field, 'exists', `${field}: no scenario "${code}" / 没有这个场景`);
  return s;
}

type AttributeValue = string | number | string[];

function checkField(f: ScenarioField, v: AttributeValue, field: string): void {
  const fail = (rule: string, what: string) => {
    throw AppError.invalid(field, rule, `${field} (${f.name} / ${f.nameEn}) ${what}`);
  };
  switch (f.type) {
    case 'string':
    case 'text':
      if (typeof v !== 'string') fail('type', 'must be text');
      if (f.maxLength && (v as string).length > f.maxLength)
        fail('maxLength', `must be at most ${f.maxLength} characters`);
      break;
    case 'number': {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) fail('type', 'must be a number');
      if (f.min !== undefined && n < f.min) fail('minimum', `must be ≥ ${f.min}`);
      if (f.max !== undefined && n > f.max) fail('maximum', `must be ≤ ${f.max}`);
      break;
    }
    case 'datetime':
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
        fail('format', 'must be an ISO 8601 date-time');
      break;
    case 'singlevaluelist':
      if (typeof v !== 'string' || !f.values?.some((x) => x.key === v)) {
        fail('enum', `must be one of ${f.values?.map((x) => x.key).join(', ')}`);
      }
      break;
    case 'multivaluelist': {
      const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : null;
      if (!list || list.some((k) => !f.values?.some((x) => x.key === k))) {
        fail('enum', `must be a list of ${f.values?.map((x) => x.key).join(', ')}`);
      }
      break;
    }
  }
}

/** The scenario's own form fields: known, required ones present, each of its type. */
export function validateAttributes(
  scenario: Scenario,
  attributes: Record<string, AttributeValue>,
  prefix = 'attributes',
): Record<string, AttributeValue> {
  for (const key of Object.keys(attributes)) {
    if (!scenario.fields.some((f) => f.code === key)) {
      throw AppError.invalid(
        `${prefix}.${key}`,
        'unknown-field',
        `${prefix}.${key} is not a field of ${scenario.code}`,
      );
    }
  }
  for (const f of scenario.fields) {
    const v = attributes[f.code];
    if (v === undefined || v === '') {
      if (f.required)
        throw AppError.invalid(
          `${prefix}.${f.code}`,
          'required',
          `${prefix}.${f.code} (${f.name}) is required`,
        );
      continue;
    }
    checkField(f, v, `${prefix}.${f.code}`);
  }
  return attributes;
}
