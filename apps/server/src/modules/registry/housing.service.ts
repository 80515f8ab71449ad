import {
  maskName,
  type Building,
  type BuildingBody,
  type BuildingList,
  type BuildingQuery,
  type Organisation,
  type OrganisationBody,
  type OrganisationList,
  type RegistryTag,
  type RegistryTagBody,
  type RegistryTagList,
  type Room,
  type RoomBody,
  type RoomList,
  type RoomPatch,
  type RoomQuery,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { checkMobile } from './documents.js';
import { organisationRow, roomRow, type RoomPlain } from './records.js';
import {
  mayEditRegistry,
  mayEditTags,
  mayReveal,
  maySeePeople,
  mayViewScreen,
} from './registry.policy.js';
import { recordChange, requireRegistryArea } from './registry.repo.js';
import { refreshCommitteeStats } from './stats.repo.js';

/** Housing (buildings and rooms) and organisations of a committee, and the tag dictionary. */

const committeeOf = (path: string) => path.split('/')[3]!;

// ---- tags ----

export async function listTags(ctx: Ctx): Promise<RegistryTagList> {
  const rows = await ctx.db
    .selectFrom('registry_tags')
    .selectAll()
    .orderBy('builtin', 'desc')
    .orderBy('code')
    .execute();
  return { items: rows.map(toTag) };
}
const toTag = (r: {
  code: string;
  name: string;
  name_en: string;
  care: boolean;
  builtin: boolean;
}): RegistryTag => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  care: r.care,
  builtin: r.builtin,
});

export async function createTag(ctx: Ctx, body: RegistryTagBody): Promise<RegistryTag> {
  if (!mayEditTags(ctx.actor))
    await denyAndAudit(
      ctx,
      { action: 'registry.tag.create', objectType: 'registry_tag', objectId: body.code },
      'Your role may not extend the tag dictionary / 您的角色不能新增标签',
    );
  const row = await ctx.db
    .insertInto('registry_tags')
    .values({
      code: body.code,
      name: body.name,
      name_en: body.nameEn,
      care: body.care ?? false,
      created_by: ctx.actor!.id,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw AppError.conflict(`The tag ${body.code} exists already / 标签已存在`, 'code');
  // the dictionary is the city's: who extended it, from where, is on the record
  await recordAudit(ctx, {
    action: 'registry.tag.create',
    objectType: 'registry_tag',
    objectId: body.code,
    detail: { name: body.name, nameEn: body.nameEn, care: row.care },
  });
  return toTag(row);
}

// ---- buildings ----

export async function listBuildings(ctx: Ctx, q: BuildingQuery): Promise<BuildingList> {
  const area = await requireRegistryArea(ctx, q.area, maySeePeople, 'registry.building.list');
  const rows = await ctx.db
    .selectFrom('buildings as b')
    .innerJoin('areas as c', 'c.code', 'b.compound_code')
    .select([
      'b.id',
      'b.compound_code',
      'c.name as compound_name',
      'b.name',
      'b.floors',
      'b.lng',
      'b.lat',
      sql<number>`(select count(*) from rooms r where r.building_id = b.id)::int`.as('rooms'),
      sql<number>`(select count(*) from residents p join rooms r on r.id = p.room_id
        where r.building_id = b.id and p.status = 'present')::int`.as('residents'),
    ])
    .where('b.committee_code', '=', area.level === 'committee' ? area.code : committeeOf(area.path))
    .where(pathWithin('b.area_path', [area.path]))
    .orderBy('c.name')
    .orderBy(sql`length(b.name)`)
    .orderBy('b.name')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      compoundCode: r.compound_code,
      compoundName: r.compound_name,
      name: r.name,
      floors: r.floors,
      lng: r.lng,
      lat: r.lat,
      rooms: r.rooms,
      residents: r.residents,
    })),
  };
}

export async function createBuilding(ctx: Ctx, body: BuildingBody): Promise<Building> {
  const compound = await requireRegistryArea(
    ctx,
    body.compoundCode,
    mayEditRegistry,
    'registry.building.create',
  );
  if (compound.level !== 'compound')
    throw AppError.invalid(
      'compoundCode',
      'level',
      'compoundCode must be a compound (小区) / 须为小区编码',
    );
  const committee = committeeOf(compound.path);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const b = await trx
      .insertInto('buildings')
      .values({
        committee_code: committee,
        compound_code: compound.code,
        area_path: compound.path,
        name: body.name,
        floors: body.floors ?? null,
        lng: body.lng ?? compound.centre_lng,
        lat: body.lat ?? compound.centre_lat,
      })
      .onConflict((oc) => oc.columns(['compound_code', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!b)
      throw AppError.conflict(
        `${compound.name} already has a building ${body.name} / 该小区已有此楼栋`,
        'name',
      );
    await recordChange(trx, ctx, 'building', b.id, committee, 'create', { name: body.name });
    await refreshCommitteeStats(trx, [committee]);
    return b;
  });
  return {
    id: row.id,
    compoundCode: row.compound_code,
    compoundName: compound.name,
    name: row.name,
    floors: row.floors,
    lng: row.lng,
    lat: row.lat,
    rooms: 0,
    residents: 0,
  };
}

// ---- rooms ----

function roomQuery(db: Kysely<DB>) {
  return db
    .selectFrom('rooms as rm')
    .innerJoin('buildings as b', 'b.id', 'rm.building_id')
    .innerJoin('areas as c', 'c.code', 'b.compound_code')
    .select([
      'rm.id',
      'rm.building_id',
      'rm.area_path',
      'rm.committee_code',
      sql<string>`concat_ws(' ', c.name, b.name, nullif(rm.unit, ''), rm.number)`.as('label'),
      'rm.unit',
      'rm.number',
      'rm.floor',
      sql<number | null>`rm.floor_area::float8`.as('floor_area'),
      'rm.use',
      'rm.ownership',
      'rm.occupancy',
      sql<number>`(select count(*) from residents p where p.room_id = rm.id and p.status = 'present')::int`.as(
        'residents',
      ),
    ]);
}
type RoomViewRow = Awaited<ReturnType<ReturnType<typeof roomQuery>['execute']>>[number];
const toRoom = (r: RoomViewRow): Room => ({
  id: r.id,
  buildingId: r.building_id,
  label: r.label,
  unit: r.unit,
  number: r.number,
  floor: r.floor,
  floorArea: r.floor_area,
  use: r.use as Room['use'],
  ownership: r.ownership as Room['ownership'],
  occupancy: r.occupancy as Room['occupancy'],
  residents: r.residents,
});

const ROOMS_LIST = 'registry.rooms';

export async function listRooms(ctx: Ctx, q: RoomQuery): Promise<RoomList> {
  const area = await requireRegistryArea(ctx, q.area, maySeePeople, 'registry.room.list');
  const limit = q.limit ?? 100;
  let query = roomQuery(ctx.db)
    .where(
      'rm.committee_code',
      '=',
      area.level === 'committee' ? area.code : committeeOf(area.path),
    )
    .where(pathWithin('rm.area_path', [area.path]));
  if (q.building) query = query.where('rm.building_id', '=', q.building);
  if (q.occupancy) query = query.where('rm.occupancy', '=', q.occupancy);
  if (q.cursor) {
    const after = openCursor(ctx.cipher.key, ROOMS_LIST, ctx.actor?.id, q.cursor);
    if (typeof after !== 'string')
      throw AppError.invalid(
        'cursor',
        'format',
        'cursor is not one this list gave out / 分页游标无效',
      );
    query = query.where('rm.id', '>', after);
  }
  const rows = await query
    .orderBy('rm.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(toRoom),
    nextCursor:
      rows.length > limit
        ? sealCursor(ctx.cipher.key, ROOMS_LIST, ctx.actor?.id, page[page.length - 1]!.id)
        : null,
  };
}

async function requireEditableBuilding(ctx: Ctx, buildingId: string) {
  const b = await ctx.db
    .selectFrom('buildings')
    .selectAll()
    .where('id', '=', buildingId)
    .executeTakeFirst();
  if (!b || !mayEditRegistry(ctx.actor, b.area_path))
    throw AppError.invalid(
      'buildingId',
      'exists',
      'No such building in your committee / 您的居委没有这个楼栋',
    );
  return b;
}

async function roomWrite<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if ((e as { code?: string }).code === '23505')
      throw AppError.conflict(
        'This building already has that unit and room number / 该楼栋已有此单元室号',
        'number',
      );
    throw e;
  }
}

export async function createRoom(ctx: Ctx, body: RoomBody): Promise<Room> {
  const b = await requireEditableBuilding(ctx, body.buildingId);
  const plain: RoomPlain = {
    buildingId: b.id,
    committeeCode: b.committee_code,
    areaPath: b.area_path,
    unit: body.unit ?? '',
    number: body.number,
    floor: body.floor ?? null,
    floorArea: body.floorArea ?? null,
    use: body.use,
    ownership: body.ownership,
    occupancy: body.occupancy,
  };
  const id = await roomWrite(() =>
    ctx.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('rooms')
        .values(roomRow(ctx.cipher, plain))
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordChange(trx, ctx, 'room', id, b.committee_code, 'create', { ...body });
      await refreshCommitteeStats(trx, [b.committee_code]);
      return id;
    }),
  );
  return toRoom(await roomQuery(ctx.db).where('rm.id', '=', id).executeTakeFirstOrThrow());
}

export async function updateRoom(ctx: Ctx, id: string, patch: RoomPatch): Promise<Room> {
  const r = await roomQuery(ctx.db).where('rm.id', '=', id).executeTakeFirst();
  if (!r || !maySeePeople(ctx.actor, r.area_path))
    throw AppError.notFound('No such room in your scope / 您的范围内没有此房屋');
  if (!mayEditRegistry(ctx.actor, r.area_path))
    await denyAndAudit(
      ctx,
      { action: 'registry.room.update', objectType: 'room', objectId: id, areaPath: r.area_path },
      'Only committee staff change the registry / 仅居委工作人员可修改登记信息',
    );
  const plain: RoomPlain = {
    buildingId: r.building_id,
    committeeCode: r.committee_code,
    areaPath: r.area_path,
    unit: patch.unit ?? r.unit,
    number: patch.number ?? r.number,
    floor: patch.floor ?? r.floor,
    floorArea: patch.floorArea ?? r.floor_area,
    use: patch.use ?? (r.use as RoomPlain['use']),
    ownership: patch.ownership ?? (r.ownership as RoomPlain['ownership']),
    occupancy: patch.occupancy ?? (r.occupancy as RoomPlain['occupancy']),
  };
  if (plain.occupancy === 'vacant' && r.residents > 0)
    throw AppError.invalid(
      'occupancy',
      'vacant-with-residents',
      `${r.residents} residents live here: move them first / 仍有 ${r.residents} 名居民居住，请先办理迁移`,
    );
  await roomWrite(() =>
    ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('rooms')
        .set({ ...roomRow(ctx.cipher, plain), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordChange(trx, ctx, 'room', id, r.committee_code, 'update', { ...patch });
      await refreshCommitteeStats(trx, [r.committee_code]);
    }),
  );
  return toRoom(await roomQuery(ctx.db).where('rm.id', '=', id).executeTakeFirstOrThrow());
}

// ---- organisations ----

export async function listOrganisations(ctx: Ctx, q: BuildingQuery): Promise<OrganisationList> {
  const area = await requireRegistryArea(ctx, q.area, mayViewScreen, 'registry.organisation.list');
  const rows = await ctx.db
    .selectFrom('organisations')
    .selectAll()
    .where(pathWithin('area_path', [area.path]))
    .orderBy('kind')
    .orderBy('name')
    .limit(1000)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      committeeCode: r.committee_code,
      name: r.name,
      kind: r.kind as Organisation['kind'],
      // a contact is a person: named in clear only to those who may reveal there
      contactName:
        r.contact_name && !mayReveal(ctx.actor, r.area_path)
          ? maskName(r.contact_name)
          : r.contact_name,
      contactPhone: r.contact_phone_masked,
      address: r.address,
    })),
  };
}

export async function createOrganisation(ctx: Ctx, body: OrganisationBody): Promise<Organisation> {
  const committee = await requireRegistryArea(
    ctx,
    body.committeeCode,
    mayEditRegistry,
    'registry.organisation.create',
  );
  if (committee.level !== 'committee')
    throw AppError.invalid(
      'committeeCode',
      'level',
      'committeeCode must be a committee / 须为居委编码',
    );
  let phone: string | null = null;
  if (body.contactPhone) {
    const m = checkMobile(body.contactPhone);
    if (!m.ok) throw AppError.invalid('contactPhone', 'format', m.reason);
    phone = m.normalized;
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const o = await trx
      .insertInto('organisations')
      .values(
        organisationRow(ctx.cipher, {
          committeeCode: committee.code,
          areaPath: committee.path,
          name: body.name,
          kind: body.kind,
          contactName: body.contactName ?? null,
          contactPhone: phone,
          address: body.address ?? null,
        }),
      )
      .onConflict((oc) => oc.columns(['committee_code', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!o) throw AppError.conflict(`${body.name} is registered already / 该组织已登记`, 'name');
    await recordChange(trx, ctx, 'organisation', o.id, committee.code, 'create', {
      name: body.name,
      kind: body.kind,
    });
    await refreshCommitteeStats(trx, [committee.code]);
    return o;
  });
  return {
    id: row.id,
    committeeCode: row.committee_code,
    name: row.name,
    kind: row.kind as Organisation['kind'],
    contactName: row.contact_name,
    contactPhone: row.contact_phone_masked,
    address: row.address,
  };
}
