import type { AffairField, AffairService } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

export type Answers = Record<string, string | number>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (v: string) =>
  DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** One answer, checked against its field: the value as stored (text trimmed, numbers as numbers). */
function checkAnswer(f: AffairField, raw: unknown, name: string): string | number {
  const fail = (rule: string, what: string): never => {
    throw AppError.invalid(name, rule, `${name} (${f.name} / ${f.nameEn}): ${what}`);
  };
  if (f.type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? +raw : NaN;
    if (!Number.isFinite(n)) return fail('type', 'must be a number / 须为数字');
    if (f.min !== undefined && n < f.min) fail('minimum', `must be ≥ ${f.min} / 不得小于${f.min}`);
    if (f.max !== undefined && n > f.max) fail('maximum', `must be ≤ ${f.max} / 不得大于${f.max}`);
    return n;
  }
  if (typeof raw !== 'string') return fail('type', 'must be text / 须为文字');
  const v = raw.trim();
  if (f.type === 'date') {
    if (!isRealDate(v)) fail('format', 'must be a date YYYY-MM-DD / 日期格式应为 YYYY-MM-DD');
  } else if (f.type === 'select') {
    if (!f.options!.some((o) => o.value === v)) {
      fail('enum', `must be one of ${f.options!.map((o) => o.value).join(', ')} / 不在可选范围内`);
    }
  } else if (f.maxLength && [...v].length > f.maxLength) {
    fail('maxLength', `must be at most ${f.maxLength} characters / 不得超过${f.maxLength}字`);
  }
  // control characters other than line breaks have no place in a form
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) {
    fail('characters', 'holds control characters / 含有非法字符');
  }
  return v;
}

/**
 * The service's answers, checked: unknown fields refused, each answer against its field, and
 * (unless `partial`) every required field present. Empty answers count as absent.
 * Errors name the field as `answers.<code>`.
 */
export function checkAnswers(
  service: AffairService,
  given: Record<string, unknown>,
  partial = false,
): Answers {
  const fields = new Map(service.fields.map((f) => [f.code, f]));
  const out: Answers = {};
  for (const [code, raw] of Object.entries(given)) {
    const name = `answers.${code}`;
    const f = fields.get(code);
    if (!f) {
      throw AppError.invalid(
        name,
        'unknown',
        `${name}: ${service.name} / ${service.nameEn} has no such field / 没有这个填写项`,
      );
    }
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))
      continue;
    out[code] = checkAnswer(f, raw, name);
  }
  if (!partial) requireAnswers(service, out);
  return out;
}

/** Every required field of the service answered. */
export function requireAnswers(service: AffairService, answers: Answers): void {
  for (const f of service.fields) {
    if (f.required && answers[f.code] === undefined) {
      const name = `answers.${f.code}`;
      throw AppError.invalid(
        name,
        'required',
        `${name} (${f.name} / ${f.nameEn}) is required / 必填`,
      );
    }
  }
}

/** How an answer reads in a certificate or a text: a select's option by its Chinese name. */
export function answerText(service: AffairService, code: string, answers: Answers): string {
  const v = answers[code];
  if (v === undefined) return '';
  const f = service.fields.find((x) => x.code === code);
  if (f?.type === 'select') return f.options?.find((o) => o.value === v)?.name ?? String(v);
  return String(v);
}
