import { AUDIT_DETAIL_FIELDS, type AuditEntry } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * How the audit log names what its rows are about. The module that owns a kind of object
 * registers a namer for it (from its index.ts); the audit page asks each namer once per page,
 * for all the ids of its kind on that page.
 */
export interface AuditObjectNamer {
  /** a readable name for each id it knows (a case's number, a resident's masked name) */
  names(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>>;
  /** the ids of the objects whose number or name is `text` exactly (the object filter) */
  find?(db: Kysely<DB>, text: string): Promise<string[]>;
}

const namers = new Map<string, AuditObjectNamer>();

/** Name the objects of `objectType` in the audit log (called once, by the owning module). */
export function nameAuditObjects(objectType: string, namer: AuditObjectNamer): void {
  namers.set(objectType, namer);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * The ids the object filter means: the text itself, and the objects of that kind whose number
 * or name it is (a case number, a user name).
 */
export async function objectIdsFor(
  db: Kysely<DB>,
  objectType: string | undefined,
  text: string,
): Promise<string[]> {
  const find = objectType ? namers.get(objectType)?.find : undefined;
  const found = find ? await find(db, text) : [];
  return [...new Set([text, ...found])];
}

type Row = Pick<AuditEntry, 'objectType' | 'objectId' | 'detail'>;

/** An area named by a code or a path (`310000000000/310101000000`): its code. */
const areaCode = (value: string) => value.split('/').pop()!;
const AREA_KEYS = Object.entries(AUDIT_DETAIL_FIELDS)
  .filter(([, f]) => f.kind === 'area')
  .map(([k]) => k);

/**
 * The names of a page of rows' objects (one query per kind of object on the page) and of the
 * areas they name, as object or in a detail field (one query).
 */
export async function namePage(
  db: Kysely<DB>,
  rows: readonly Row[],
): Promise<{
  names: (row: Row) => string | null;
  areas: Record<string, { name: string; nameEn: string | null }>;
}> {
  const idsByType = new Map<string, Set<string>>();
  const codes = new Set<string>();
  for (const r of rows) {
    if (r.objectId === null) continue;
    if (r.objectType === 'area') codes.add(areaCode(r.objectId));
    else if (namers.has(r.objectType)) {
      const ids = idsByType.get(r.objectType) ?? new Set<string>();
      ids.add(r.objectId);
      idsByType.set(r.objectType, ids);
    }
  }
  for (const r of rows) {
    const detail = r.detail;
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) continue;
    for (const key of AREA_KEYS) {
      const value = (detail as Record<string, unknown>)[key];
      if (typeof value === 'string' && /^[0-9/]{1,200}$/.test(value)) codes.add(areaCode(value));
    }
  }
  const [named, areaRows] = await Promise.all([
    Promise.all(
      [...idsByType].map(async ([type, ids]) => {
        const names = await namers.get(type)!.names(db, [...ids]);
        return [type, names] as const;
      }),
    ),
    codes.size === 0
      ? Promise.resolve([])
      : db
          .selectFrom('areas')
          .select(['code', 'name', 'name_en'])
          .where('code', 'in', [...codes])
          .execute(),
  ]);
  const byType = new Map(named);
  const areas = Object.fromEntries(
    areaRows.map((a) => [a.code, { name: a.name, nameEn: a.name_en }]),
  );
  return {
    names: (row) => {
      if (row.objectId === null) return null;
      if (row.objectType === 'area') return areas[areaCode(row.objectId)]?.name ?? null;
      return byType.get(row.objectType)?.get(row.objectId) ?? null;
    },
    areas,
  };
}
