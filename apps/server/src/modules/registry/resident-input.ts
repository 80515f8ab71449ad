import type { DocumentType, Registration, Sex } from '@cc/contracts';
import { checkDocument, checkMobile } from './documents.js';

/**
 * The checks a person's fields pass, whether they come from a form or a row of an import file:
 * the document per its rules, the birth date and sex it carries (or given, for other documents),
 * the mobile, nationality against registration, and tags from the dictionary. Problems name
 * the field and the rule, in English and Chinese.
 */
export interface PersonFields {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  phone?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: Sex | null | undefined;
  registration: Registration;
  nationality?: string | null | undefined;
  tags?: string[] | undefined;
}

export interface CheckedPerson {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  phone: string | null;
  birthDate: string;
  sex: Sex;
  registration: Registration;
  nationality: string;
  tags: string[];
}

export interface FieldProblem {
  field: string;
  reason: string;
}

export function checkPerson(
  f: PersonFields,
  knownTags: ReadonlySet<string>,
  today = new Date(),
): { ok: true; value: CheckedPerson } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = f.name.trim();
  if (!name || name.length > 60)
    problems.push({ field: 'name', reason: 'name must be 1-60 characters / 姓名须为 1-60 个字符' });

  const doc = checkDocument(f.documentType, f.documentNumber, today);
  if (!doc.ok) problems.push({ field: 'documentNumber', reason: doc.reason });
  let birthDate = f.birthDate || null;
  let sex = f.sex ?? null;
  if (doc.ok && doc.birthDate) {
    if (birthDate && birthDate !== doc.birthDate)
      problems.push({
        field: 'birthDate',
        reason: `birth date differs from the ID number's ${doc.birthDate} / 出生日期与身份证号不符（${doc.birthDate}）`,
      });
    birthDate = doc.birthDate;
  }
  if (doc.ok && doc.sex) {
    if (sex && sex !== doc.sex)
      problems.push({
        field: 'sex',
        reason: 'sex differs from the ID number / 性别与身份证号不符',
      });
    sex = doc.sex;
  }
  // a resident ID that fails its check has said what is wrong; its birth date and sex follow it
  const docSpeaks = !doc.ok && f.documentType === 'resident_id';
  if (!birthDate) {
    if (!docSpeaks)
      problems.push({
        field: 'birthDate',
        reason: 'birth date is required for this document / 此证件须填写出生日期',
      });
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(Date.parse(birthDate))) {
    problems.push({
      field: 'birthDate',
      reason: 'birth date must be YYYY-MM-DD / 出生日期格式应为 YYYY-MM-DD',
    });
  } else if (Date.parse(birthDate) > today.getTime()) {
    problems.push({
      field: 'birthDate',
      reason: 'birth date is in the future / 出生日期不能晚于今天',
    });
  } else if (birthDate < '1900-01-01') {
    problems.push({
      field: 'birthDate',
      reason: 'birth date is before 1900 / 出生日期不能早于 1900 年',
    });
  }
  if (!sex && !docSpeaks)
    problems.push({ field: 'sex', reason: 'sex is required for this document / 此证件须填写性别' });

  let phone: string | null = null;
  if (f.phone) {
    const m = checkMobile(f.phone);
    if (m.ok) phone = m.normalized;
    else problems.push({ field: 'phone', reason: m.reason });
  }

  const nationality = (f.nationality || 'CHN').toUpperCase();
  if (!/^[A-Z]{3}$/.test(nationality)) {
    problems.push({
      field: 'nationality',
      reason:
        'nationality must be an ISO 3166 three-letter code such as CHN / 国籍须为三位字母代码，如 CHN',
    });
  } else if (f.registration !== 'overseas' && nationality !== 'CHN') {
    problems.push({
      field: 'nationality',
      reason:
        'a resident registered in China has nationality CHN; people from abroad are "overseas" / 本市户籍和来沪人员国籍应为 CHN，外籍人员请选择境外人员',
    });
  }
  if (f.registration === 'overseas' && f.documentType === 'resident_id') {
    problems.push({
      field: 'documentType',
      reason:
        'people from abroad hold a passport or permit, not a resident ID / 境外人员应使用护照或通行证',
    });
  }
  if (f.registration !== 'overseas' && f.documentType !== 'resident_id') {
    problems.push({
      field: 'documentType',
      reason:
        'residents registered in China are identified by their resident ID / 本市户籍和来沪人员应使用居民身份证',
    });
  }

  const tags = [...new Set(f.tags ?? [])];
  const unknown = tags.filter((t) => !knownTags.has(t));
  if (unknown.length)
    problems.push({
      field: 'tags',
      reason: `unknown tags ${unknown.join(', ')}: add them to the tag dictionary first / 标签字典中没有：${unknown.join('、')}`,
    });

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      documentType: f.documentType,
      documentNumber: doc.ok ? doc.normalized : '',
      phone,
      birthDate: birthDate!,
      sex: sex!,
      registration: f.registration,
      nationality,
      tags: tags.sort(),
    },
  };
}
