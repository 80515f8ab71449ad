import {
  DOCUMENT_TYPES,
  ErrorCode,
  maskName,
  RESIDENT_LOOKUP_MAX,
  type MoveOutBody,
  type MoveResidentBody,
  type ContactRelation,
  type EmergencyContact,
  type RegistryHistory,
  type Relation,
  type Resident,
  type ResidentBody,
  type ResidentList,
  type ResidentLookupBody,
  type ResidentPatch,
  type ResidentQuery,
  type ResidentReveal,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { type Ctx, readerOf } from '../../platform/context.js';
import { compiledOnce } from '../../platform/db/compiled-once.js';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { districtOf } from '../../platform/district.js';
import { isWithin } from '../../platform/policy.js';
import { shanghaiYear } from '../../platform/shanghai-time.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { checkDocument, checkMobile } from './documents.js';
import {
  documentHmac,
  householdUuid,
  phoneHmac,
  residentRow,
  type ResidentPlain,
} from './records.js';
import { checkPerson, type FieldProblem } from './resident-input.js';
import { recordChange, requireRegistryArea } from './registry.repo.js';
import { takeLookup } from './lookup-limit.js';
import {
  mayEditRegistry,
  mayFindPeople,
  mayLookUpDocument,
  mayReveal,
  maySeePeople,
} from './registry.policy.js';
import { refreshCommitteeStats } from './stats.repo.js';
import { residentsChanged, residentsMovedOut } from './verification-reads.js';

export const NOT_FOUND = 'No such resident in your scope / 您的范围内没有此居民';

// ---- reading ----

export function residentQuery(db: Kysely<DB>) {
  return (
    db
      .selectFrom('residents as r')
      .leftJoin('rooms as rm', 'rm.id', 'r.room_id')
      .leftJoin('buildings as b', 'b.id', 'rm.building_id')
      .leftJoin('areas as c', 'c.code', 'b.compound_code')
      // co-located: a household and its people share their committee's district (decision 030)
      .leftJoin('households as h', (join) =>
        join.onRef('h.id', '=', 'r.household_id').onRef('h.district_code', '=', 'r.district_code'),
      )
      .select([
        'r.id',
        'r.committee_code',
        'r.area_path',
        'r.name',
        'r.document_type',
        'r.document_masked',
        'r.phone_masked',
        sql<string>`to_char(r.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
        'r.sex',
        'r.registration',
        'r.nationality',
        'r.tags',
        'r.status',
        'r.moved_out_at',
        'r.room_id',
        'rm.building_id',
        sql<string | null>`case when rm.id is null then null
        else concat_ws(' ', c.name, b.name, nullif(rm.unit, ''), rm.number) end`.as('room_label'),
        'h.number as household_number',
        'r.relation',
        sql<boolean>`r.health_enc is not null`.as('has_health'),
        'r.contact_name_masked',
        'r.contact_relation',
        'r.contact_phone_masked',
        'r.updated_at',
      ])
  );
}
export type ResidentViewRow = Awaited<
  ReturnType<ReturnType<typeof residentQuery>['execute']>
>[number];

/** Age in years reached this calendar year (Shanghai): the one screen's pyramid counts the same way. */
export const ageThisYear = (birthDate: string, now = new Date()) =>
  shanghaiYear(now) - Number(birthDate.slice(0, 4));

export function toResident(r: ResidentViewRow): Resident {
  return {
    id: r.id,
    committeeCode: r.committee_code,
    name: maskName(r.name),
    documentType: r.document_type as Resident['documentType'],
    document: r.document_masked,
    phone: r.phone_masked,
    age: ageThisYear(r.birth_date),
    sex: r.sex as Resident['sex'],
    registration: r.registration as Resident['registration'],
    nationality: r.nationality,
    tags: r.tags,
    status: r.status as Resident['status'],
    movedOutAt: r.moved_out_at?.toISOString() ?? null,
    roomId: r.room_id,
    roomLabel: r.room_label,
    buildingId: r.building_id,
    householdNumber: r.household_number,
    relation: r.relation as Relation | null,
    hasHealthNote: r.has_health,
    emergencyContact:
      r.contact_name_masked && r.contact_phone_masked
        ? {
            name: r.contact_name_masked,
            relation: r.contact_relation as ContactRelation,
            phone: r.contact_phone_masked,
          }
        : null,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The resident if the actor may see people where they live; otherwise 404, existence not revealed. */
async function findVisible(ctx: Ctx, id: string, may = maySeePeople): Promise<ResidentViewRow> {
  const row = await residentQuery(ctx.db).where('r.id', '=', id).executeTakeFirst();
  if (!row || !may(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  return row;
}

export async function getResident(ctx: Ctx, id: string): Promise<Resident> {
  return toResident(await findVisible(ctx, id));
}

const RESIDENTS_LIST = 'registry.residents';
const encodeCursor = (ctx: Ctx, name: string, id: string) =>
  sealCursor(ctx.cipher.key, RESIDENTS_LIST, ctx.actor?.id, [name, id]);
function decodeCursor(ctx: Ctx, cursor: string): [string, string] {
  const v = openCursor(ctx.cipher.key, RESIDENTS_LIST, ctx.actor?.id, cursor);
  if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  throw AppError.invalid('cursor', 'format', 'cursor is not one this list gave out / 分页游标无效');
}

const PEOPLE_LEVELS = ['street', 'committee', 'grid', 'compound'];
export function requirePeopleLevel(area: { level: string }) {
  if (!PEOPLE_LEVELS.includes(area.level))
    throw AppError.invalid(
      'area',
      'level',
      'people are listed within a street, committee, grid or compound / 居民名单按街道、居委、网格或小区查询',
    );
}

/** A refusal that names the filter refused, written to the audit log first. */
async function refuseFilter(
  ctx: Ctx,
  action: string,
  area: { code: string; path: string },
  field: string,
  message: string,
): Promise<never> {
  await recordAudit(ctx, {
    action,
    objectType: 'area',
    objectId: area.code,
    areaPath: area.path,
    outcome: 'denied',
    detail: { field },
  });
  throw new AppError(ErrorCode.forbidden, message, { field, rule: 'role' });
}

/** The browsing filters in force, without a personal value (a name is only said to be given). */
function filtersOf(q: ResidentQuery): Record<string, unknown> {
  const { area: _area, name, cursor, ...rest } = q;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(name ? { name: '(given / 已填写)' } : {}),
    ...(cursor ? { page: 'next' } : {}),
  };
}

/**
 * People in an area, masked, to committee staff and grid leaders; every page is audited (the
 * filters and the rows' count). The street operation centre does not browse: it looks one person
 * up (lookupResidents), so any filter it sends here is refused by name.
 */
export async function listResidents(ctx: Ctx, q: ResidentQuery): Promise<ResidentList> {
  const area = await requireRegistryArea(ctx, q.area, mayFindPeople, 'registry.resident.list');
  if (!maySeePeople(ctx.actor, area.path)) {
    const field =
      (
        [
          'name',
          'tag',
          'registration',
          'nationality',
          'sex',
          'ageFrom',
          'ageTo',
          'building',
          'room',
        ] as const
      ).find((k) => q[k] !== undefined) ?? 'area';
    await refuseFilter(
      ctx,
      'registry.resident.list',
      area,
      field,
      `${field}: your role does not browse people; look one person up by exact full name or document number (POST /api/registry/residents/lookup) / 您的角色不能浏览居民名单，只能按完整姓名或证件号码查找一人`,
    );
  }
  requirePeopleLevel(area);
  const limit = q.limit ?? 50;
  const rows = await filteredResidents(ctx, q, area, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  await recordAudit(ctx, {
    action: 'registry.resident.list',
    objectType: 'area',
    objectId: area.code,
    areaPath: area.path,
    detail: { filters: filtersOf(q), returned: page.length },
  });
  return {
    items: page.map(toResident),
    nextCursor: rows.length > limit && last ? encodeCursor(ctx, last.name, last.id) : null,
  };
}

/**
 * One person looked up by exact document number, phone or full name, for a stated reason. A
 * number names who holds it, so this is a reveal: by document the roles that may reveal and the
 * street operation centre, by phone only the roles that may reveal; each lookup is audited (the
 * reason, how it was looked up, whom it found, never the value) and counted against the
 * account's hourly allowance.
 */
export async function lookupResidents(ctx: Ctx, body: ResidentLookupBody): Promise<ResidentList> {
  const keys = (['document', 'phone', 'name'] as const).filter((k) => body[k] !== undefined);
  if (keys.length !== 1)
    throw AppError.invalid(
      keys[1] ?? 'document',
      'oneOf',
      'give exactly one of document, phone or name / 证件号码、手机号、姓名三者填写一项',
    );
  const by = keys[0]!;
  const action = 'registry.resident.lookup';
  const area = await requireRegistryArea(ctx, body.area, mayFindPeople, action);
  if (by === 'document' && !mayLookUpDocument(ctx.actor, area.path))
    await refuseFilter(
      ctx,
      action,
      area,
      'document',
      'document: only committee staff and the street operation centre look people up by number / 仅居委工作人员和街道可按证件号码查找',
    );
  if (by === 'phone' && !mayReveal(ctx.actor, area.path))
    await refuseFilter(
      ctx,
      action,
      area,
      'phone',
      'phone: only committee staff look people up by phone / 仅居委工作人员可按手机号查找',
    );
  requirePeopleLevel(area);
  const status = body.status ?? 'present';
  // checked before it counts: a malformed value reveals nothing
  const hashes = by === 'document' ? documentHashes(ctx, body.document!) : [];
  let phoneHash = '';
  if (by === 'phone') {
    const m = checkMobile(body.phone!);
    if (!m.ok) throw AppError.invalid('phone', 'format', m.reason);
    phoneHash = phoneHmac(ctx.cipher, m.normalized);
  }
  await takeLookup(ctx);
  const rows =
    by === 'document'
      ? (await lookupByDocument(ctx.db, hashes)).rows.filter(
          (r) => r.status === status && isWithin(r.area_path, area.path),
        )
      : await inListOrder(
          inArea(residentQuery(ctx.db), area)
            .where(
              by === 'phone' ? 'r.phone_hmac' : 'r.name',
              '=',
              by === 'phone' ? phoneHash : body.name!,
            )
            .where('r.status', '=', status),
        )
          .limit(RESIDENT_LOOKUP_MAX)
          .execute();
  const found = rows.slice(0, RESIDENT_LOOKUP_MAX);
  await recordAudit(ctx, {
    action,
    objectType: 'area',
    objectId: area.code,
    areaPath: area.path,
    detail: { by, reason: body.reason, status, found: found.map((r) => r.id) },
  });
  return { items: found.map(toResident), nextCursor: null };
}

/** The keyed hashes of a document number, one per document type it is valid for. */
function documentHashes(ctx: Ctx, document: string): string[] {
  const hashes = DOCUMENT_TYPES.flatMap((t) => {
    const c = checkDocument(t, document);
    return c.ok ? [documentHmac(ctx.cipher, t, c.normalized)] : [];
  });
  if (hashes.length === 0)
    throw AppError.invalid(
      'document',
      'format',
      'document is not a valid ID, passport or permit number / 证件号码格式不正确',
    );
  return hashes;
}

// byte order, as the (street, name text_pattern_ops) index holds it: a name search stops after
// one page instead of sorting every match in the street
export const inListOrder = <Q extends ReturnType<typeof residentQuery>>(query: Q) =>
  query.orderBy(sql`r.name using ~<~`).orderBy('r.id');

/**
 * Everyone holding one of these document hashes (at most one person per document type), in list
 * order; its only condition is the unique index, so the plan PostgreSQL keeps for it can be
 * nothing else, and the caller keeps those of its area. One statement text per number of hashes
 * (at most one per document type), compiled once and prepared on each connection: with one
 * parameter per hash the generic plan's estimate is the custom plan's, so PostgreSQL settles on
 * it and stops planning each lookup (an `= any($1)` array left it planning, ~0.7 ms each time).
 */
const lookups = new Map<number, ReturnType<typeof lookupOf>>();
const lookupOf = (count: number) =>
  compiledOnce((db: Kysely<DB>, v: Record<string, string>) =>
    inListOrder(
      residentQuery(db).where(
        'r.document_hmac',
        'in',
        Array.from({ length: count }, (_, i) => v[`h${i}`]!),
      ),
    ).modifyEnd(PREPARED),
  );
function lookupByDocument(db: Kysely<DB>, hashes: string[]) {
  let lookup = lookups.get(hashes.length);
  if (!lookup) lookups.set(hashes.length, (lookup = lookupOf(hashes.length)));
  return lookup(db, Object.fromEntries(hashes.map((h, i) => [`h${i}`, h])));
}

/** The residents' rows of an area: one committee's (or street's) index range, then the path. */
export function inArea<Q extends ReturnType<typeof residentQuery>>(
  query: Q,
  area: { code: string; path: string; level: string },
): Q {
  // the area's district first: the distribution key (decision 030); people are browsed at a
  // street or below, never city-wide
  if (area.path.includes('/'))
    query = query.where('r.district_code', '=', districtOf(area.path)) as Q;
  if (area.level === 'street') return query.where('r.street_code', '=', area.code) as Q;
  if (area.level === 'committee') return query.where('r.committee_code', '=', area.code) as Q;
  return query
    .where('r.committee_code', '=', area.path.split('/')[3]!)
    .where(pathWithin('r.area_path', [area.path])) as Q;
}

async function filteredResidents(
  ctx: Ctx,
  q: ResidentQuery,
  area: { code: string; path: string; level: string },
  limit: number,
) {
  let query = inArea(residentQuery(readerOf(ctx)), area);
  if (q.name) query = query.where('r.name', 'like', `${q.name.replace(/[\\%_]/g, '\\$&')}%`);
  if (q.tag) query = query.where(sql<boolean>`${q.tag} = any(r.tags)`);
  if (q.registration) query = query.where('r.registration', '=', q.registration);
  if (q.nationality) query = query.where('r.nationality', '=', q.nationality);
  if (q.sex) query = query.where('r.sex', '=', q.sex);
  const year = shanghaiYear();
  if (q.ageFrom !== undefined)
    query = query.where(sql<boolean>`r.birth_date < ${`${year - q.ageFrom + 1}-01-01`}::date`);
  if (q.ageTo !== undefined)
    query = query.where(sql<boolean>`r.birth_date >= ${`${year - q.ageTo}-01-01`}::date`);
  if (q.building) query = query.where('rm.building_id', '=', q.building);
  if (q.room) query = query.where('r.room_id', '=', q.room);
  query = query.where('r.status', '=', q.status ?? 'present');
  if (q.cursor) {
    const [name, id] = decodeCursor(ctx, q.cursor);
    query = query.where(
      sql<boolean>`(r.name ~>~ ${name} or (r.name = ${name} and r.id > ${id}::uuid))`,
    );
  }
  return inListOrder(query)
    .limit(limit + 1)
    .execute();
}

// ---- writing ----

function invalid(problems: FieldProblem[]): never {
  const first = problems[0]!;
  throw AppError.invalid(
    first.field,
    'invalid',
    problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
  );
}

/** A room and the committee, street and compound path it lies in. */
interface RoomPlace {
  roomId: string | null;
  committeeCode: string;
  streetCode: string;
  areaPath: string;
}

async function loadRoomPlace(db: Kysely<DB>, roomId: string): Promise<RoomPlace | null> {
  const r = await db
    .selectFrom('rooms')
    .select(['id', 'committee_code', 'area_path'])
    .where('id', '=', roomId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    roomId: r.id,
    committeeCode: r.committee_code,
    streetCode: r.area_path.split('/')[2]!,
    areaPath: r.area_path,
  };
}

/** Where a person lives: a room the actor may change, or (without a room) a committee. */
async function placeFor(
  ctx: Ctx,
  roomId: string | undefined,
  committeeCode: string | undefined,
): Promise<RoomPlace> {
  if (roomId) {
    const place = await loadRoomPlace(ctx.db, roomId);
    if (!place || !mayEditRegistry(ctx.actor, place.areaPath))
      throw AppError.invalid(
        'roomId',
        'exists',
        'No such room in your committee / 您的居委没有这个房屋',
      );
    return place;
  }
  if (!committeeCode)
    throw AppError.invalid(
      'roomId',
      'required',
      'give the room, or the committee for someone without one / 请填写房屋，无房屋时填写居委',
    );
  const area = await requireRegistryArea(
    ctx,
    committeeCode,
    mayEditRegistry,
    'registry.resident.create',
  );
  if (area.level !== 'committee')
    throw AppError.invalid(
      'committeeCode',
      'level',
      'committeeCode must be a committee / 须为居委编码',
    );
  return {
    roomId: null,
    committeeCode: area.code,
    streetCode: area.path.split('/')[2]!,
    areaPath: area.path,
  };
}

async function householdId(
  db: Kysely<DB>,
  place: { committeeCode: string; areaPath: string },
  number: string | undefined | null,
  roomId: string | null,
): Promise<string | null> {
  if (!number) return null;
  const row = await db
    .insertInto('households')
    .values({
      id: householdUuid(place.committeeCode, number),
      district_code: districtOf(place.areaPath),
      committee_code: place.committeeCode,
      number,
      room_id: roomId,
    })
    .onConflict((oc) =>
      oc.columns(['district_code', 'committee_code', 'number']).doUpdateSet({ number }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function writeOrConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e) && String(e).includes('residents_document_idx'))
      // one answer wherever the holder is registered: neither where, nor whether it is outside
      // the caller's scope
      throw AppError.conflict(
        'This document number cannot be registered here: look it up in your committee; if the person moved here, their former committee records the move-out first / 该证件号码无法在此登记：请先在本居委查找；如系迁入，须原登记单位先办理迁出',
        'documentNumber',
      );
    throw e;
  }
}

/** The codes of the tag dictionary, which a person's tags are checked against. */
async function tagCodes(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('registry_tags').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

export async function createResident(ctx: Ctx, body: ResidentBody): Promise<Resident> {
  const checked = checkPerson(body, await tagCodes(ctx.db));
  if (!checked.ok) invalid(checked.problems);
  const place = await placeFor(ctx, body.roomId, body.committeeCode);
  const id = await writeOrConflict(() =>
    ctx.db.transaction().execute(async (trx) => {
      const plain: ResidentPlain = {
        ...checked.value,
        ...place,
        householdId: await householdId(trx, place, body.householdNumber, place.roomId),
        relation: body.relation ?? null,
        healthNote: body.healthNote ?? null,
      };
      const { id } = await trx
        .insertInto('residents')
        .values(residentRow(ctx.cipher, plain))
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordChange(trx, ctx, 'resident', id, place.committeeCode, 'create', {
        fields: Object.keys(body),
      });
      await refreshCommitteeStats(trx, [place.committeeCode]);
      return id;
    }),
  );
  return getResident(ctx, id);
}

/** The stored person back to plain values, to apply a change and write the row again. */
async function loadPlain(
  ctx: Ctx,
  id: string,
): Promise<{ plain: ResidentPlain; areaPath: string }> {
  const r = await ctx.db
    .selectFrom('residents')
    .selectAll()
    .select(sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r || !maySeePeople(ctx.actor, r.area_path)) throw AppError.notFound(NOT_FOUND);
  if (!mayEditRegistry(ctx.actor, r.area_path)) {
    await denyAndAudit(
      ctx,
      {
        action: 'registry.resident.update',
        objectType: 'resident',
        objectId: id,
        areaPath: r.area_path,
      },
      'Only committee staff change the registry / 仅居委工作人员可修改登记信息',
    );
  }
  const dec = (v: string | null) => (v ? ctx.cipher.decrypt(v) : null);
  return {
    areaPath: r.area_path,
    plain: {
      committeeCode: r.committee_code,
      streetCode: r.street_code,
      areaPath: r.area_path,
      roomId: r.room_id,
      householdId: r.household_id,
      relation: r.relation as Relation | null,
      name: r.name,
      documentType: r.document_type as ResidentPlain['documentType'],
      documentNumber: ctx.cipher.decrypt(r.document_enc),
      phone: dec(r.phone_enc),
      birthDate: r.birth,
      sex: r.sex as ResidentPlain['sex'],
      registration: r.registration as ResidentPlain['registration'],
      nationality: r.nationality,
      tags: r.tags,
      healthNote: dec(r.health_enc),
    },
  };
}

/** Personal fields are named in the history, never their values (true: changed; the page words it). */
const PERSONAL = new Set(['name', 'phone', 'healthNote', 'documentNumber']);
function describeChanges(before: ResidentPlain, after: ResidentPlain): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof ResidentPlain)[]) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    out[k] = PERSONAL.has(k) ? true : after[k];
  }
  return out;
}

/** What says where a person lives: a change of any tells the residents module (residentsChanged). */
const PLACE_FIELDS = ['committeeCode', 'roomId', 'householdId', 'relation'] as const;

async function rewrite(
  ctx: Ctx,
  id: string,
  action: string,
  change: (p: ResidentPlain, trx: Kysely<DB>) => Promise<ResidentPlain>,
  extra: { status?: string; moved_out_at?: Date; note?: string } = {},
): Promise<Resident> {
  const { note, ...columns } = extra;
  const { plain: before } = await loadPlain(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    const after = await change(before, trx);
    const row = residentRow(ctx.cipher, after);
    await trx
      .updateTable('residents')
      .set({ ...row, ...columns, updated_at: new Date() })
      // the row as read: its district routes the write (a move to another district changes it)
      .where('district_code', '=', districtOf(before.areaPath))
      .where('id', '=', id)
      .execute();
    await recordChange(trx, ctx, 'resident', id, after.committeeCode, action, {
      ...describeChanges(before, after),
      ...(extra.status ? { status: extra.status } : {}),
      ...(note ? { note } : {}),
    });
    await refreshCommitteeStats(trx, [before.committeeCode, after.committeeCode]);
    if (extra.status === 'moved_out')
      await ctx.events.publish(trx, residentsMovedOut, { residentIds: [id] });
    else if (PLACE_FIELDS.some((k) => before[k] !== after[k]))
      await ctx.events.publish(trx, residentsChanged, { residentIds: [id] });
  });
  // what the subscribers queued runs now (after the commit)
  ctx.jobs.kick();
  return getResident(ctx, id);
}

export async function updateResident(
  ctx: Ctx,
  id: string,
  patch: ResidentPatch,
): Promise<Resident> {
  const knownTags = await tagCodes(ctx.db);
  return rewrite(ctx, id, 'update', async (p, trx) => {
    const checked = checkPerson(
      {
        ...p,
        name: patch.name ?? p.name,
        phone: patch.phone ?? p.phone,
        registration: patch.registration ?? p.registration,
        nationality: patch.nationality ?? p.nationality,
        tags: patch.tags ?? p.tags,
      },
      knownTags,
    );
    if (!checked.ok) invalid(checked.problems);
    return {
      ...p,
      ...checked.value,
      relation: patch.relation ?? p.relation,
      healthNote: patch.healthNote ?? p.healthNote,
      householdId:
        patch.householdNumber !== undefined
          ? await householdId(trx, p, patch.householdNumber, p.roomId)
          : p.householdId,
    };
  });
}

export async function moveResident(
  ctx: Ctx,
  id: string,
  body: MoveResidentBody,
): Promise<Resident> {
  const place = await placeFor(ctx, body.roomId, undefined);
  return rewrite(
    ctx,
    id,
    'move',
    async (p, trx) => ({
      ...p,
      ...place,
      relation: body.relation ?? p.relation,
      householdId: await householdId(trx, place, body.householdNumber ?? null, place.roomId),
    }),
    { status: 'present' },
  );
}

export async function moveOutResident(ctx: Ctx, id: string, body: MoveOutBody): Promise<Resident> {
  const current = await findVisible(ctx, id);
  if (current.status === 'moved_out')
    throw AppError.conflict('This resident has already moved out / 该居民已迁出');
  return rewrite(ctx, id, 'move_out', async (p) => ({ ...p, roomId: null, householdId: null }), {
    status: 'moved_out',
    moved_out_at: new Date(),
    ...(body.note ? { note: body.note } : {}),
  });
}

/** One person's data in clear, for a stated reason written to the audit log. */
export async function revealResident(
  ctx: Ctx,
  id: string,
  reason: string,
): Promise<ResidentReveal> {
  const row = await ctx.db
    .selectFrom('residents')
    .selectAll()
    .select(sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !maySeePeople(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  const event = {
    action: 'registry.resident.reveal',
    objectType: 'resident',
    objectId: id,
    areaPath: row.area_path,
  };
  if (!mayEditRegistry(ctx.actor, row.area_path))
    await denyAndAudit(
      ctx,
      event,
      'Only committee staff may reveal personal data / 仅居委工作人员可查看完整信息',
    );
  await recordAudit(ctx, { ...event, detail: { reason, committee: row.committee_code } });
  return {
    name: row.name,
    document: ctx.cipher.decrypt(row.document_enc),
    phone: row.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null,
    birthDate: row.birth,
    healthNote: row.health_enc ? ctx.cipher.decrypt(row.health_enc) : null,
    emergencyContact: openContact(ctx, row),
  };
}

/** The sealed emergency contact of a row, in clear (null for none). */
export function openContact(
  ctx: Ctx,
  r: {
    contact_name_enc: string | null;
    contact_relation: string | null;
    contact_phone_enc: string | null;
  },
): EmergencyContact | null {
  if (!r.contact_name_enc || !r.contact_phone_enc || !r.contact_relation) return null;
  return {
    name: ctx.cipher.decrypt(r.contact_name_enc),
    relation: r.contact_relation as ContactRelation,
    phone: ctx.cipher.decrypt(r.contact_phone_enc),
  };
}

export async function residentHistory(ctx: Ctx, id: string): Promise<RegistryHistory> {
  await findVisible(ctx, id);
  const [changes, imported] = await Promise.all([
    ctx.db
      .selectFrom('registry_changes as c')
      .select(['c.at', 'c.actor_id', 'c.action', 'c.changes'])
      .where('c.entity_id', '=', id)
      .orderBy('c.at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(200)
      .execute(),
    // created by an import: the import is the first step
    ctx.db
      .selectFrom('residents as r')
      .innerJoin('registry_imports as i', 'i.id', 'r.import_id')
      .select(['r.created_at as at', 'i.actor_id', 'i.file_name'])
      .where('r.id', '=', id)
      .executeTakeFirst(),
  ]);
  const names = await accountNames(ctx.db, [...changes.map((r) => r.actor_id), imported?.actor_id]);
  const actor = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
  const items = changes.map((r) => ({
    at: r.at.toISOString(),
    actor: actor(r.actor_id),
    action: r.action,
    changes: r.changes,
  }));
  if (imported)
    items.push({
      at: imported.at.toISOString(),
      actor: actor(imported.actor_id),
      action: 'import_create',
      changes: { file: imported.file_name },
    });
  return { items };
}
