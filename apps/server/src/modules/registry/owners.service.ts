import {
  maskName,
  SHARE_WHOLE,
  sharePercent,
  type OwnerDocumentType,
  type OwnerKind,
  type OwnersSummary,
  type OwnersSummaryQuery,
  type OwnershipSource,
  type RoomOwners,
  type RoomOwnersBody,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { checkOwner, ownerRow, type OwnerFields, type OwnerPlain } from './owner-records.js';
import { mayEditRegistry, mayReveal, maySeePeople } from './registry.policy.js';
import { recordChange, requireRegistryArea } from './registry.repo.js';
import { roomLabelSql } from './room-label.repo.js';

/**
 * Owners on record (产权人) of a room, read and replaced by committee staff; their figures for
 * a committee. The owners import (import-kinds.ts) writes the same tables. A person's name is
 * shown masked to whoever may not reveal it there, documents always masked; every read and
 * every change is audited, every change has a history row (registry_changes, entity 'room').
 */

const NOT_FOUND = 'No such room in your scope / 您的范围内没有此房屋';

async function findRoom(ctx: Ctx, roomId: string) {
  const room = await ctx.db
    .selectFrom('rooms as rm')
    .innerJoin('buildings as b', 'b.id', 'rm.building_id')
    .innerJoin('areas as c', 'c.code', 'b.compound_code')
    .select([
      'rm.id',
      'rm.committee_code',
      'rm.area_path',
      'rm.building_id',
      roomLabelSql('c', 'b', 'rm').as('label'),
      sql<number | null>`rm.floor_area::float8`.as('floor_area'),
    ])
    .where('rm.id', '=', roomId)
    .executeTakeFirst();
  if (!room || !maySeePeople(ctx.actor, room.area_path)) throw AppError.notFound(NOT_FOUND);
  return room;
}
type FoundRoom = Awaited<ReturnType<typeof findRoom>>;

/** The room's owners as the reader may see them. */
async function ownersOf(ctx: Ctx, room: FoundRoom): Promise<RoomOwners> {
  const [record, owners] = await Promise.all([
    ctx.db
      .selectFrom('room_ownership')
      .select([
        sql<number | null>`registered_area::float8`.as('registered_area'),
        'source',
        'recorded_at',
        'recorded_by',
      ])
      .where('room_id', '=', room.id)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('room_owners as o')
      .select([
        'o.id',
        'o.kind',
        'o.name',
        'o.document_type',
        'o.document_masked',
        'o.share_bp',
        // the same owner's other rooms in the committee (one buyer of several units)
        sql<number>`(select count(*) from room_owners x where x.committee_code = o.committee_code
          and x.document_hmac = o.document_hmac and x.room_id <> o.room_id)::int`.as('other_rooms'),
      ])
      .where('o.room_id', '=', room.id)
      .orderBy('o.position')
      .orderBy('o.id')
      .execute(),
  ]);
  const clear = mayReveal(ctx.actor, room.area_path);
  const names = await accountNames(ctx.db, [record?.recorded_by]);
  return {
    roomId: room.id,
    roomLabel: room.label,
    floorArea: room.floor_area,
    registeredArea: record?.registered_area ?? null,
    recordedAt: record?.recorded_at.toISOString() ?? null,
    recordedBy: record?.recorded_by ? (names.get(record.recorded_by) ?? null) : null,
    source: (record?.source as OwnershipSource | undefined) ?? null,
    canEdit: mayEditRegistry(ctx.actor, room.area_path),
    namesMasked: !clear,
    owners: owners.map((o) => ({
      id: o.id,
      kind: o.kind as OwnerKind,
      // an organisation's name is no one's personal data
      name: o.kind === 'person' && !clear ? maskName(o.name) : o.name,
      documentType: o.document_type as OwnerDocumentType,
      document: o.document_masked,
      share: sharePercent(o.share_bp),
      otherRooms: o.other_rooms,
    })),
  };
}

export async function getRoomOwners(ctx: Ctx, roomId: string): Promise<RoomOwners> {
  const room = await findRoom(ctx, roomId);
  const result = await ownersOf(ctx, room);
  await recordAudit(ctx, {
    action: 'registry.owners.read',
    objectType: 'room',
    objectId: room.id,
    areaPath: room.area_path,
    detail: { owners: result.owners.length, namesInClear: !result.namesMasked },
  });
  return result;
}

function invalid(problems: { field: string; rule: string; reason: string }[]): never {
  const first = problems[0]!;
  throw AppError.invalid(
    first.field,
    first.rule,
    problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
  );
}

/**
 * The room's owners replaced in one go: owners kept by id (the share and kind may change),
 * new ones with name and document. The shares add up to 100 % (or there are no owners, which
 * clears the record); nothing is stored on a refused request.
 */
export async function replaceRoomOwners(
  ctx: Ctx,
  roomId: string,
  body: RoomOwnersBody,
): Promise<RoomOwners> {
  const room = await findRoom(ctx, roomId);
  const event = {
    action: 'registry.owners.replace',
    objectType: 'room',
    objectId: room.id,
    areaPath: room.area_path,
  };
  if (!mayEditRegistry(ctx.actor, room.area_path))
    await denyAndAudit(
      ctx,
      event,
      'Only committee staff change the registry / 仅居委工作人员可修改登记信息',
    );

  const existing = new Map(
    (
      await ctx.db
        .selectFrom('room_owners')
        .select(['id', 'kind', 'name', 'document_type', 'document_enc'])
        .where('room_id', '=', room.id)
        .execute()
    ).map((o) => [o.id, o]),
  );
  const problems: { field: string; rule: string; reason: string }[] = [];
  const plains: OwnerPlain[] = [];
  body.owners.forEach((item, i) => {
    const at = `owners.${i}`;
    let fields: OwnerFields;
    if (item.id) {
      const kept = existing.get(item.id);
      if (!kept || item.name || item.documentType || item.documentNumber) {
        problems.push({
          field: `${at}.id`,
          rule: 'exists',
          reason: kept
            ? 'an owner kept by id keeps their name and document: add a new owner to change them / 按编号保留的产权人不能修改姓名和证件，如需修改请删除后新增'
            : 'no such owner of this room / 该房屋没有此产权人',
        });
        return;
      }
      fields = {
        kind: item.kind ?? kept.kind,
        name: kept.name,
        documentType: kept.document_type,
        documentNumber: ctx.cipher.decrypt(kept.document_enc),
        share: item.share,
      };
    } else {
      if (!item.name || !item.documentType || !item.documentNumber) {
        const missing = !item.name
          ? 'name'
          : !item.documentType
            ? 'documentType'
            : 'documentNumber';
        problems.push({
          field: `${at}.${missing}`,
          rule: 'required',
          reason:
            'a new owner needs name, documentType and documentNumber / 新增产权人须填写名称、证件类型和证件号码',
        });
        return;
      }
      fields = {
        kind: item.kind,
        name: item.name,
        documentType: item.documentType,
        documentNumber: item.documentNumber,
        share: item.share,
      };
    }
    const checked = checkOwner(fields);
    if (!checked.ok) {
      for (const p of checked.problems)
        problems.push({ field: `${at}.${p.field}`, rule: 'invalid', reason: p.reason });
      return;
    }
    plains.push({
      ...checked.value,
      roomId: room.id,
      committeeCode: room.committee_code,
      position: i,
    });
  });
  if (problems.length) invalid(problems);

  const rows = plains.map((p) => ownerRow(ctx.cipher, p));
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const before = seen.get(r.document_hmac);
    if (before !== undefined)
      problems.push({
        field: `owners.${i}.documentNumber`,
        rule: 'unique',
        reason: `the same owner as owners.${before} / 与第 ${before + 1} 位产权人重复`,
      });
    seen.set(r.document_hmac, i);
  });
  const total = plains.reduce((s, p) => s + p.shareBp, 0);
  if (plains.length && total !== SHARE_WHOLE)
    problems.push({
      field: 'share',
      rule: 'sum',
      reason: `the shares add up to ${sharePercent(total)} %, not 100 % / 各产权人份额合计 ${sharePercent(total)}%，应为 100%`,
    });
  const area = body.registeredArea;
  if (typeof area === 'number' && Math.abs(Math.round(area * 100) - area * 100) > 1e-6)
    problems.push({
      field: 'registeredArea',
      rule: 'precision',
      reason: 'registeredArea: m² with at most two decimals / 登记面积最多两位小数',
    });
  if (problems.length) invalid(problems);

  // an owner kept by id keeps the id
  const keptIds = body.owners.map((o) => o.id);
  await ctx.db.transaction().execute(async (trx) => {
    // the room row first: a replacement at once with another waits here (a room's first owners
    // have no room_ownership row yet, which a lock on it would miss), and not in a deadlock
    await trx.selectFrom('rooms').select('id').where('id', '=', room.id).forUpdate().execute();
    const before = await trx
      .selectFrom('room_ownership')
      .select(sql<number | null>`registered_area::float8`.as('registered_area'))
      .where('room_id', '=', room.id)
      .forUpdate()
      .executeTakeFirst();
    await trx.deleteFrom('room_owners').where('room_id', '=', room.id).execute();
    const registeredArea = area === undefined ? (before?.registered_area ?? null) : area;
    if (rows.length === 0) {
      await trx.deleteFrom('room_ownership').where('room_id', '=', room.id).execute();
    } else {
      const record = {
        committee_code: room.committee_code,
        area_path: room.area_path,
        building_id: room.building_id,
        registered_area: registeredArea,
        source: 'form',
        import_id: null,
        recorded_by: ctx.actor!.id,
        recorded_at: new Date(),
      };
      await trx
        .insertInto('room_ownership')
        .values({ room_id: room.id, ...record })
        .onConflict((oc) => oc.column('room_id').doUpdateSet(record))
        .execute();
      await trx
        .insertInto('room_owners')
        .values(rows.map((r, i) => ({ ...r, ...(keptIds[i] ? { id: keptIds[i] } : {}) })))
        .execute();
    }
    // shares and kinds, never names or numbers
    const change = {
      owners: plains.length,
      kinds: plains.map((p) => p.kind),
      shares: plains.map((p) => sharePercent(p.shareBp)),
      kept: keptIds.filter(Boolean).length,
      removed: [...existing.keys()].filter((id) => !keptIds.includes(id)).length,
      registeredArea: rows.length ? registeredArea : null,
    };
    await recordChange(trx, ctx, 'room', room.id, room.committee_code, 'owners', change);
    await recordAudit(ctx, { ...event, detail: change }, trx);
  });
  return ownersOf(ctx, room);
}

const SUMMARY_LEVELS = ['committee', 'grid', 'compound'];

/** The owners register of a committee, grid or compound in figures (for the staff who keep it). */
export async function ownersSummary(ctx: Ctx, q: OwnersSummaryQuery): Promise<OwnersSummary> {
  const area = await requireRegistryArea(ctx, q.area, maySeePeople, 'registry.owners.summary');
  if (!SUMMARY_LEVELS.includes(area.level))
    throw AppError.invalid(
      'area',
      'level',
      'the owners register is summed up per committee, grid or compound / 产权登记按居委、网格或小区统计',
    );
  const committee = area.level === 'committee' ? area.code : area.path.split('/')[3]!;
  const [rooms, record] = await Promise.all([
    ctx.db
      .selectFrom('rooms')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('committee_code', '=', committee)
      .where(pathWithin('area_path', [area.path]))
      .executeTakeFirstOrThrow(),
    summaryOf(ctx.db, committee, area.path),
  ]);
  return { area: area.code, rooms: rooms.n, ...record };
}

async function summaryOf(db: Kysely<DB>, committee: string, path: string) {
  const { rows } = await sql<{
    with_owners: number;
    without_area: number;
    area: number;
    owners: number;
    developer: number;
  }>`
    select count(*)::int as with_owners,
      count(*) filter (where w.registered_area is null)::int as without_area,
      coalesce(sum(w.registered_area), 0)::float8 as area,
      (select count(distinct o.document_hmac)::int from room_owners o
        join room_ownership x on x.room_id = o.room_id
        where x.committee_code = ${committee} and ${pathWithin('x.area_path', [path])}) as owners,
      count(*) filter (where exists (select 1 from room_owners d
        where d.room_id = w.room_id and d.kind = 'developer'))::int as developer
    from room_ownership w
    where w.committee_code = ${committee} and ${pathWithin('w.area_path', [path])}`.execute(db);
  const r = rows[0]!;
  return {
    roomsWithOwners: r.with_owners,
    roomsWithoutArea: r.without_area,
    registeredArea: Math.round(r.area * 100) / 100,
    owners: r.owners,
    developerRooms: r.developer,
  };
}
