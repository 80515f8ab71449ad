import crypto from 'node:crypto';
import {
  ARRIVAL_MAX_DAYS_AHEAD,
  ARRIVAL_MAX_DAYS_BACK,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  type DeclarationDocumentKind,
  type GuestDeclarationBody,
  type Symptom,
} from '@cc/contracts';
import { AppError } from '../../platform/errors.js';
import { addDays, isCalendarDay, shanghaiDate } from '../../platform/shanghai-time.js';
import { checkResidentId } from '../registry/index.js';
import { requireMobile } from '../otp/index.js';
import { findRegion, type Region } from './regions.js';

/**
 * A declaration's fields checked one by one, before anything is stored or a code is used: each
 * broken rule is a 400 that names the field (as the body names it) and the rule, in both
 * languages. Pure apart from the clock.
 */

/** Whole days from `a` to `b` (both YYYY-MM-DD). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** What a declaration stores, checked and normalised (the room is checked by the caller). */
export interface CheckedDeclaration {
  name: string;
  /** 11 digits */
  phone: string;
  documentKind: DeclarationDocumentKind;
  /** upper case, no spaces */
  documentNumber: string;
  origin: Region;
  arrivalDate: string;
  arrivalMeans: string;
  purpose: string;
  stayDays: number;
  stayUntil: string;
  /** one decimal */
  temperature: number;
  symptoms: Symptom[];
}

function checkDocumentNumber(kind: DeclarationDocumentKind, raw: string): string {
  const v = raw.replace(/\s+/g, '').toUpperCase();
  const bad = (rule: string, en: string, zh: string) =>
    AppError.invalid('document.number', rule, `document.number: ${en} / 证件号码${zh}`);
  switch (kind) {
    case 'resident_id': {
      const checked = checkResidentId(v);
      if (checked.ok) return checked.normalized;
      // the registry's reason is bilingual already: "resident ID check digit should be 7 / 身份证号校验码应为 7"
      const rule = /check digit/.test(checked.reason) ? 'checkDigit' : 'residentId';
      throw AppError.invalid('document.number', rule, `document.number: ${checked.reason}`);
    }
    case 'passport':
      if (/^[A-Z0-9]{5,20}$/.test(v)) return v;
      throw bad(
        'passport',
        'a passport number is 5 to 20 letters or digits',
        '应为5至20位字母或数字',
      );
    case 'other':
      if (/^[A-Z0-9-]{4,30}$/.test(v)) return v;
      throw bad(
        'format',
        'a document number is 4 to 30 letters, digits or dashes',
        '应为4至30位字母、数字或短横线',
      );
  }
}

/** The region a declaration names: a county, city or province of China, or a country other than China. */
export function checkOrigin(code: string): Region {
  const c = code.trim();
  const region = findRegion(/^[a-z]{2}$/.test(c) ? c.toUpperCase() : c);
  if (!region || region.code === 'CN')
    throw AppError.invalid(
      'originCode',
      'region',
      'originCode: not a known region (a province, city or county of China, or a country) / 来源地代码无效：应为中国的省、市、县（区）或其他国家',
    );
  return region;
}

/** `today` (Shanghai) is a parameter for tests and the demo; the arrival is within its window. */
export function checkArrivalDate(day: string, today = shanghaiDate()): string {
  if (!isCalendarDay(day))
    throw AppError.invalid(
      'arrivalDate',
      'format',
      'arrivalDate: not a date (YYYY-MM-DD) / 抵达日期格式应为 YYYY-MM-DD',
    );
  if (day > addDays(today, ARRIVAL_MAX_DAYS_AHEAD))
    throw AppError.invalid(
      'arrivalDate',
      'maximum',
      `arrivalDate: at most ${ARRIVAL_MAX_DAYS_AHEAD} day ahead / 抵达日期最多可填写明天`,
    );
  if (day < addDays(today, -ARRIVAL_MAX_DAYS_BACK))
    throw AppError.invalid(
      'arrivalDate',
      'minimum',
      `arrivalDate: at most ${ARRIVAL_MAX_DAYS_BACK} days back / 抵达日期不能早于${ARRIVAL_MAX_DAYS_BACK}天前`,
    );
  return day;
}

export function checkTemperature(value: number): number {
  if (!Number.isFinite(value) || value < TEMPERATURE_MIN || value > TEMPERATURE_MAX)
    throw AppError.invalid(
      'health.temperature',
      'range',
      `health.temperature: between ${TEMPERATURE_MIN.toFixed(1)} and ${TEMPERATURE_MAX.toFixed(1)} °C / 体温应在 ${TEMPERATURE_MIN.toFixed(1)} 至 ${TEMPERATURE_MAX.toFixed(1)} ℃ 之间`,
    );
  return Math.round(value * 10) / 10;
}

/** Every field but the room and the code, checked in the order of the form. */
export function checkDeclaration(
  body: GuestDeclarationBody,
  today = shanghaiDate(),
): CheckedDeclaration {
  const phone = requireMobile(body.phone);
  const name = body.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || [...name].length > 40)
    throw AppError.invalid('name', 'length', 'name: 1 to 40 characters / 姓名应为1至40个字');
  const documentNumber = checkDocumentNumber(body.document.kind, body.document.number);
  const origin = checkOrigin(body.originCode);
  const arrivalDate = checkArrivalDate(body.arrivalDate, today);
  const temperature = checkTemperature(body.health.temperature);
  return {
    name,
    phone,
    documentKind: body.document.kind,
    documentNumber,
    origin,
    arrivalDate,
    arrivalMeans: body.arrivalMeans,
    purpose: body.purpose,
    stayDays: body.stayDays,
    stayUntil: addDays(arrivalDate, body.stayDays),
    temperature,
    symptoms: [...new Set(body.health.symptoms)],
  };
}

/** A reference a person can read out: SB- and six characters without 0/O, 1/I. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newReference(): string {
  const bytes = crypto.randomBytes(6);
  return `SB-${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}
