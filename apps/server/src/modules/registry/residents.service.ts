import {
  DOCUMENT_TYPES,
  maskName,
  type MoveOutBody,
  type MoveResidentBody,
  type RegistryHistory,
  type Relation,
  type Resident,
  type ResidentBody,
  type ResidentList,
  type ResidentPatch,
  type ResidentQuery,
  type ResidentReveal,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { compiledOnce } from '../../platform/db/compiled-once.js';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { isWithin } from '../../platform/policy.js';
import { shanghaiYear } from '../../platform/shanghai-time.js';
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
import { mayEditRegistry, mayFindPeople, maySeePeople } from './registry.policy.js';
import { refreshCommitteeStats } from './stats.repo.js';

const NOT_FOUND = 'No such resident in your scope / 您的范围内没有此居民';

// ---- reading ----

function residentQuery(db: Kysely<DB>) {
  return db
    .selectFrom('residents as r')
    .leftJoin('rooms as rm', 'rm.id', 'r.room_id')
    .leftJoin('buildings as b', 'b.id', 'rm.building_id')
    .leftJoin('areas as c', 'c.code', 'b.compound_code')
    .leftJoin('households as h', 'h.id', 'r.household_id')
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
      'r.updated_at',
    ]);
}
type ResidentViewRow = Awaited<ReturnType<ReturnType<typeof residentQuery>['execute']>>[number];

/** Age in years reached this calendar year (Shanghai): the one screen's pyramid counts the same way. */
export const ageThisYear = (birthDate: string, now = new Date()) =>
  shanghaiYear(now) - Number(birthDate.slice(0, 4));

function toResident(r: ResidentViewRow): Resident {
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

const encodeCursor = (name: string, id: string) =>
  Buffer.from(JSON.stringify([name, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // falls through to the 400 below
  }
  throw AppError.invalid('cursor', 'format', 'cursor is not one this list gave out / 分页游标无效');
}

/**
 * People in an area, masked. Committee staff and grid leaders browse and filter their area;
 * the street operation centre may only look one person up by name or document number.
 */
export async function listResidents(ctx: Ctx, q: ResidentQuery): Promise<ResidentList> {
  const area = await requireRegistryArea(ctx, q.area, mayFindPeople, 'registry.resident.list');
  const browsing = maySeePeople(ctx.actor, area.path);
  if (!browsing && !q.name && !q.document) {
    await denyAndAudit(
      ctx,
      {
        action: 'registry.resident.list',
        objectType: 'area',
        objectId: area.code,
        areaPath: area.path,
      },
      'Your role may look people up by name or document number only / 您的角色只能按姓名或证件号查找居民',
    );
  }
  if (!['street', 'committee', 'grid', 'compound'].includes(area.level))
    throw AppError.invalid(
      'area',
      'level',
      'people are listed within a street, committee, grid or compound / 居民名单按街道、居委、网格或小区查询',
    );
  const limit = q.limit ?? 50;
  const hashes = q.document ? documentHashes(ctx, q.document) : [];
  // a lookup by document number alone, the hot path at the desk
  const lookup =
    Boolean(q.document) &&
    Object.entries(q).every(([k, v]) => v === undefined || k === 'area' || k === 'document');
  const rows = lookup
    ? (await lookupByDocument(ctx.db, hashes)).rows.filter(
        (r) => r.status === 'present' && isWithin(r.area_path, area.path),
      )
    : await filteredResidents(ctx, q, area, hashes, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toResident),
    nextCursor: rows.length > limit && last ? encodeCursor(last.name, last.id) : null,
  };
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
const inListOrder = <Q extends ReturnType<typeof residentQuery>>(query: Q) =>
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

async function filteredResidents(
  ctx: Ctx,
  q: ResidentQuery,
  area: { code: string; path: string; level: string },
  hashes: string[],
  limit: number,
) {
  let query = residentQuery(ctx.db);
  if (area.level === 'street') query = query.where('r.street_code', '=', area.code);
  else if (area.level === 'committee') query = query.where('r.committee_code', '=', area.code);
  else
    query = query
      .where('r.committee_code', '=', area.path.split('/')[3]!)
      .where(pathWithin('r.area_path', [area.path]));

  if (q.name) query = query.where('r.name', 'like', `${q.name.replace(/[\\%_]/g, '\\$&')}%`);
  if (q.document) query = query.where(sql<boolean>`r.document_hmac = any(${hashes})`);
  if (q.phone) {
    const m = checkMobile(q.phone);
    if (!m.ok) throw AppError.invalid('phone', 'format', m.reason);
    query = query.where('r.phone_hmac', '=', phoneHmac(ctx.cipher, m.normalized));
  }
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
    const [name, id] = decodeCursor(q.cursor);
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
  committeeCode: string,
  number: string | undefined | null,
  roomId: string | null,
): Promise<string | null> {
  if (!number) return null;
  const row = await db
    .insertInto('households')
    .values({
      id: householdUuid(committeeCode, number),
      committee_code: committeeCode,
      number,
      room_id: roomId,
    })
    .onConflict((oc) => oc.columns(['committee_code', 'number']).doUpdateSet({ number }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function writeOrConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if ((e as { code?: string }).code === '23505' && String(e).includes('residents_document_idx'))
      throw AppError.conflict(
        'This person is already in the registry; if they moved here, the old committee records the move-out first / 此人已登记，如系迁入请原居委先办理迁出',
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
        householdId: await householdId(
          trx,
          place.committeeCode,
          body.householdNumber,
          place.roomId,
        ),
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

/** Personal fields are named in the history, never their values. */
const PERSONAL = new Set(['name', 'phone', 'healthNote', 'documentNumber']);
function describeChanges(before: ResidentPlain, after: ResidentPlain): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof ResidentPlain)[]) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    out[k] = PERSONAL.has(k) ? '(changed / 已修改)' : after[k];
  }
  return out;
}

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
      .where('id', '=', id)
      .execute();
    await recordChange(trx, ctx, 'resident', id, after.committeeCode, action, {
      ...describeChanges(before, after),
      ...(extra.status ? { status: extra.status } : {}),
      ...(note ? { note } : {}),
    });
    await refreshCommitteeStats(trx, [before.committeeCode, after.committeeCode]);
  });
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
          ? await householdId(trx, p.committeeCode, patch.householdNumber, p.roomId)
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
      householdId: await householdId(
        trx,
        place.committeeCode,
        body.householdNumber ?? null,
        place.roomId,
      ),
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
