import {
  AUDIT_DETAIL_FIELDS,
  AUDIT_GROUP_LABELS,
  CASE_SOURCE_LABELS,
  type AuditGroup,
  type CaseSource,
  auditActionLabel,
  auditObjectLabel,
  auditObjectLink,
  type AuditEntry,
  type AuditLanguage,
  type AuditList,
} from '@cc/contracts';

/** A row's time in Shanghai time, to the second: 2026-12-07 19:26:14. */
export function auditTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export const auditLanguage = (language: string | undefined): AuditLanguage =>
  (language ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';

type Areas = AuditList['areas'];

const areaOf = (value: string, areas: Areas, lang: AuditLanguage): string | null => {
  const area = areas[value.split('/').pop()!];
  return area ? (lang === 'en' && area.nameEn ? area.nameEn : area.name) : null;
};

/** What a row is about, in the reader's language: its kind, its name or number, and its page. */
export function auditObject(
  entry: Pick<AuditEntry, 'objectType' | 'objectId' | 'objectName'>,
  areas: Areas,
  lang: AuditLanguage,
): { kind: string | null; name: string | null; link: string | null } {
  const kind = auditObjectLabel(entry.objectType, lang);
  const name =
    entry.objectType === 'area' && entry.objectId
      ? (areaOf(entry.objectId, areas, lang) ?? entry.objectName)
      : entry.objectName;
  return { kind, name, link: auditObjectLink(entry.objectType, entry.objectId) };
}

export interface AuditField {
  key: string;
  label: string;
  /** the value as shown; null when it is a yes/no (see `flag`) */
  value: string;
}

export interface FieldWords {
  yes: string;
  no: string;
  role: (role: string) => string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The labelled fields of a row's detail with their values formatted (times in Shanghai time,
 * areas by name, roles and actions by their labels, yes and no), and how many fields have no
 * label (they stay in the raw record). A nested record is shown as its labelled fields.
 */
export function auditFields(
  detail: unknown,
  areas: Areas,
  lang: AuditLanguage,
  words: FieldWords,
): { fields: AuditField[]; unlabelled: number } {
  if (!isPlainObject(detail)) return { fields: [], unlabelled: 0 };
  let unlabelled = 0;
  const sep = lang === 'zh' ? '、' : ', ';
  const format = (key: string, value: unknown): string | null => {
    const kind = AUDIT_DETAIL_FIELDS[key]?.kind;
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'boolean') return value ? words.yes : words.no;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      if (kind === 'time') return auditTime(value);
      if (kind === 'area') return areaOf(value, areas, lang) ?? value;
      if (key === 'role') return words.role(value);
      if (key === 'action') return auditActionLabel(value, lang) ?? value;
      if (key === 'objectType') return auditObjectLabel(value, lang) ?? value;
      if (key === 'source' && Object.hasOwn(CASE_SOURCE_LABELS, value)) {
        return CASE_SOURCE_LABELS[value as CaseSource][lang];
      }
      if (key === 'group' && value in AUDIT_GROUP_LABELS) {
        return AUDIT_GROUP_LABELS[value as AuditGroup][lang];
      }
      return value;
    }
    if (Array.isArray(value)) {
      const items = value.map((v) => format(key, v)).filter((v): v is string => v !== null);
      return items.length > 0 ? items.join(sep) : null;
    }
    if (isPlainObject(value)) {
      const inner = Object.entries(value)
        .map(([k, v]) => {
          const label = AUDIT_DETAIL_FIELDS[k]?.[lang];
          const shown = label ? format(k, v) : null;
          if (!label) unlabelled++;
          return shown === null ? null : `${label}${lang === 'zh' ? '：' : ': '}${shown}`;
        })
        .filter((v): v is string => v !== null);
      return inner.length > 0 ? inner.join(lang === 'zh' ? '；' : '; ') : null;
    }
    return null;
  };
  const fields: AuditField[] = [];
  for (const [key, value] of Object.entries(detail)) {
    const label = AUDIT_DETAIL_FIELDS[key]?.[lang];
    if (!label) {
      unlabelled++;
      continue;
    }
    const shown = format(key, value);
    if (shown !== null) fields.push({ key, label, value: shown });
  }
  return { fields, unlabelled };
}
