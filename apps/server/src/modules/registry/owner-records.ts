import {
  maskDocument,
  parseShare,
  type DocumentType,
  type OwnerDocumentType,
  type OwnerKind,
} from '@cc/contracts';
import type { DataCipher } from '../../platform/crypto.js';
import { checkDocument, type Checked } from './documents.js';
import { documentHmac, type StoredColumns } from './records.js';

/**
 * Owners on record (产权人): their checks, whether from the form or an import row, and their
 * stored row — the document encrypted, its keyed hash (the owner key: a person's is the same
 * as their resident record's) and its masked form. Pure code: the sealing worker runs it.
 */

/** GB 32100-2015's characters (no I, O, S, V, Z), each worth its index. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^i mod 31 */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a code's first 17 characters (all from USCC_CHARS). */
export function usccCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i]!, 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/**
 * A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters of
 * USCC_CHARS, the 3rd to 8th the region's six digits, the last the check character.
 */
export function checkUscc(value: string): Checked {
  const v = value.trim().toUpperCase();
  const fail = (en: string, zh: string) => ({
    ok: false as const,
    reason: `unified social credit code ${en} / 统一社会信用代码${zh}`,
  });
  if (v.length !== 18 || [...v].some((c) => !USCC_CHARS.includes(c)))
    return fail(
      'must be 18 digits or capital letters (no I, O, S, V, Z)',
      '应为18位数字或大写字母（不含 I、O、S、V、Z）',
    );
  if (!/^\d{6}$/.test(v.slice(2, 8))) return fail('has no region code', '行政区划码无效');
  if (v[17] !== usccCheckChar(v.slice(0, 17)))
    return fail('has a wrong check character', '校验码错误');
  return { ok: true, normalized: v };
}

/**
 * A synthetic code that passes checkUscc and is no real organisation's: a company (91) of
 * region 3101 with a county of 90-99, which GB/T 2260 never assigned (as fakeResidentId), an
 * organisation code from `n`, and its check character.
 */
export function fakeUscc(n: number): string {
  const county = 90 + (Math.floor(n / 1e8) % 10);
  const org = `MA${String(n % 1e7).padStart(7, '0')}`;
  const first17 = `913101${county}${org}`;
  return first17 + usccCheckChar(first17);
}

export interface OwnerFields {
  kind?: string | null | undefined;
  name: string;
  documentType: string;
  documentNumber: string;
  share: string | number;
}

export interface OwnerPlain {
  roomId: string;
  committeeCode: string;
  position: number;
  kind: OwnerKind;
  name: string;
  documentType: OwnerDocumentType;
  /** normalised */
  documentNumber: string;
  /** hundredths of a percent */
  shareBp: number;
}

export type OwnerProblem = {
  field: 'kind' | 'name' | 'documentType' | 'documentNumber' | 'share';
  reason: string;
};

/**
 * One owner's fields checked: a person holds a person's document, an organisation or the
 * developer its unified social credit code (the kind, if not given, follows the document);
 * the share a percentage to hundredths (or a fraction that is one), above 0, at most 100.
 */
export function checkOwner(
  f: OwnerFields,
  today = new Date(),
):
  | { ok: true; value: Omit<OwnerPlain, 'roomId' | 'committeeCode' | 'position'> }
  | { ok: false; problems: OwnerProblem[] } {
  const problems: OwnerProblem[] = [];
  const name = f.name.trim();
  if (!name || name.length > 80)
    problems.push({ field: 'name', reason: 'name must be 1-80 characters / 名称须为 1-80 个字符' });
  const type = f.documentType as OwnerDocumentType;
  const kind = (f.kind || (type === 'uscc' ? 'organisation' : 'person')) as OwnerKind;
  let number = '';
  if (type === 'uscc') {
    const c = checkUscc(f.documentNumber);
    if (c.ok) number = c.normalized;
    else problems.push({ field: 'documentNumber', reason: c.reason });
    if (kind === 'person')
      problems.push({
        field: 'kind',
        reason:
          'a person is identified by an ID card, passport or permit, not a credit code / 个人应使用身份证件，而非统一社会信用代码',
      });
  } else {
    const c = checkDocument(type as DocumentType, f.documentNumber, today);
    if (c.ok) number = c.normalized;
    else problems.push({ field: 'documentNumber', reason: c.reason });
    if (kind !== 'person')
      problems.push({
        field: 'kind',
        reason:
          'an organisation or the developer is identified by its unified social credit code / 单位或开发建设单位应使用统一社会信用代码',
      });
  }
  const shareBp = parseShare(f.share);
  if (shareBp === null)
    problems.push({
      field: 'share',
      reason:
        'share must be a percentage above 0 and at most 100, with at most two decimals (50, 33.33) or a fraction such as 1/2 / 份额须为大于 0、不超过 100 的百分数（最多两位小数，如 50、33.33）或 1/2 这样的分数',
    });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: { kind, name, documentType: type, documentNumber: number, shareBp: shareBp! },
  };
}

/** The owner key of a document: the same keyed hash a resident's record is found by. */
export const ownerKey = (cipher: DataCipher, type: OwnerDocumentType, normalized: string) =>
  documentHmac(cipher, type as DocumentType, normalized);

/** An owner's stored row (no id: the database makes it). */
export function ownerRow(cipher: DataCipher, p: OwnerPlain) {
  return {
    room_id: p.roomId,
    committee_code: p.committeeCode,
    position: p.position,
    kind: p.kind,
    name: p.name,
    document_type: p.documentType,
    document_enc: cipher.encrypt(p.documentNumber),
    document_hmac: ownerKey(cipher, p.documentType, p.documentNumber),
    // a credit code is 18 characters like a resident ID, and masked alike
    document_masked: maskDocument(
      p.documentType === 'uscc' ? 'resident_id' : p.documentType,
      p.documentNumber,
    ),
    share_bp: p.shareBp,
    row_digest: cipher.lookupHash(
      `owner:${JSON.stringify([p.kind, p.name, p.documentType, p.documentNumber, p.shareBp])}`,
    ),
  };
}

/** The columns ownerRow fills, with their SQL types, in the order bulk writes use. */
export const OWNER_COLUMNS: StoredColumns = [
  ['room_id', 'uuid'],
  ['committee_code', 'text'],
  ['position', 'integer'],
  ['kind', 'text'],
  ['name', 'text'],
  ['document_type', 'text'],
  ['document_enc', 'text'],
  ['document_hmac', 'text'],
  ['document_masked', 'text'],
  ['share_bp', 'integer'],
  ['row_digest', 'text'],
];
