import crypto from 'node:crypto';
import {
  REGISTRY_COLUMNS,
  ROOM_OWNERS_MAX,
  SHARE_WHOLE,
  type ImportKind,
  type RegistryColumn,
} from '@cc/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { checkMobile } from './documents.js';
import {
  columnNames,
  householdUuid,
  ORGANISATION_COLUMNS,
  RESIDENT_COLUMNS,
  ROOM_COLUMNS,
  type ResidentPlain,
  type StoredColumns,
} from './records.js';
import { checkPerson, type PersonFields } from './resident-input.js';
import { checkOwner } from './owner-records.js';
import {
  OWNER_STAGE,
  PLACE_COLUMNS,
  RESIDENT_STAGE,
  type Plain,
  type StagedOwner,
  type StagedResident,
} from './sealing.js';

/**
 * What each kind of registry file becomes: the staging columns (those of the target table),
 * a row's checks and stored form, the whole-file checks in SQL, and the merge.
 */

type Values = Record<string, string>;
/** a row's problems, or its checked plain values for sealing.ts */
export type RowResult = { plain: Plain } | { problems: [string, string][] };
type FileCheck = RawBuilder<{ line: number; field: string; reason: string }>;
/** what a merge did; the rows it left alone are the rest of those staged */
export type Merged = { inserted: number; updated: number };
/** the staged file lines a merge takes (first and last, inclusive), or all of them */
export type Lines = readonly [number, number] | null;

export interface Prepared {
  stageColumns: StoredColumns;
  check(values: Values): RowResult;
  /** Fill in what a chunk of checked rows needs from the database before it is sealed. */
  place?(db: Kysely<DB>, plains: Plain[]): Promise<void>;
  fileChecks(stage: string): FileCheck[];
  merge(trx: Kysely<DB>, stage: string, importId: string, lines: Lines): Promise<Merged>;
}

interface Committee {
  code: string;
  path: string;
  name: string;
}

export const IMPORT_KINDS_SPEC: Record<
  ImportKind,
  { columns: RegistryColumn[]; prepare(ctx: Ctx, c: Committee): Promise<Prepared> }
> = {
  residents: { columns: REGISTRY_COLUMNS.residents, prepare: prepareResidents },
  housing: { columns: REGISTRY_COLUMNS.housing, prepare: prepareHousing },
  organisations: { columns: REGISTRY_COLUMNS.organisations, prepare: prepareOrganisations },
  owners: { columns: REGISTRY_COLUMNS.owners, prepare: prepareOwners },
};

/** The report names a column as the file's header does. */
const label = (kind: ImportKind, key: string) => {
  const c = REGISTRY_COLUMNS[kind].find((k) => k.key === key);
  return c ? `${c.zh} (${c.en})` : key;
};

// ---- places: the committee's compounds and buildings, loaded once per import (rooms are
// looked up a chunk of rows at a time: a committee can have hundreds of thousands) ----

interface Places {
  compound(v: string): { code: string; path: string } | undefined;
  building(compoundCode: string, name: string): string | undefined;
}

async function loadPlaces(db: Kysely<DB>, c: Committee): Promise<Places> {
  const [compounds, buildings] = await Promise.all([
    db
      .selectFrom('areas')
      .select(['code', 'name', 'path'])
      .where('level', '=', 'compound')
      .where('path', 'like', `${c.path}/%`)
      .execute(),
    db
      .selectFrom('buildings')
      .select(['id', 'compound_code', 'name'])
      .where('committee_code', '=', c.code)
      .execute(),
  ]);
  const byCompound = new Map<string, { code: string; path: string }>();
  for (const a of compounds) {
    byCompound.set(a.code, a);
    byCompound.set(a.name, a);
  }
  const byBuilding = new Map(buildings.map((b) => [`${b.compound_code}|${b.name}`, b.id]));
  return {
    compound: (v) => byCompound.get(v),
    building: (code, name) => byBuilding.get(`${code}|${name}`),
  };
}

/** A room by its building, unit and number. */
const roomKey = (p: { buildingId: string | null; unit: string; room: string }) =>
  `${p.buildingId}|${p.unit}|${p.room}`;

// (problems name the rule, never the cell's value: see import-rows.ts)
const noCompound = (c: Committee) =>
  `no such compound in ${c.name}: use the compound's name or code / ${c.name}没有该小区，请填写小区名称或编码`;

/**
 * A person's problem as an import reports it: the form's reasons, less what they quote of the
 * number itself (the check digit it should have, the birth date it holds).
 */
const ruleOnly = (reason: string) =>
  reason
    .replace(/check digit should be \S+/, 'has a wrong check digit')
    .replace(/校验码应为 \S+/, '校验码错误')
    .replace(/birth date differs from the ID number's \S+/, 'birth date differs from the ID number')
    .replace(/出生日期与身份证号不符（[^）]*）/, '出生日期与身份证号不符');

// ---- residents ----

async function prepareResidents(ctx: Ctx, c: Committee): Promise<Prepared> {
  const [places, tags] = await Promise.all([
    loadPlaces(ctx.db, c),
    ctx.db.selectFrom('registry_tags').select(['code', 'name', 'name_en']).execute(),
  ]);
  const tagByName = new Map<string, string>();
  for (const t of tags)
    for (const n of [t.code, t.name, t.name_en.toLowerCase()]) tagByName.set(n, t.code);
  const knownTags = new Set(tags.map((t) => t.code));
  const streetCode = c.path.split('/')[2]!;
  const L = (key: string) => label('residents', key);
  const noRoom =
    'no such room (building, unit, room) in the compound: import the housing file first / 小区中没有该房屋（楼栋、单元、室号），请先导入房屋信息';

  return {
    stageColumns: RESIDENT_STAGE,
    check(v) {
      const problems: [string, string][] = [];
      if (v.documentNumber!.startsWith('#LOST'))
        problems.push([
          L('documentNumber'),
          'the number was stored as a number in Excel and lost its last digits: format the column as text / Excel 将证件号存为数字，后几位已丢失，请将该列设为文本格式',
        ]);
      const tagCodes: string[] = [];
      for (const t of (v.tags ?? '').split(/[;；,，、\s]+/).filter(Boolean)) {
        const code = tagByName.get(t) ?? tagByName.get(t.toLowerCase());
        if (code) tagCodes.push(code);
        else
          problems.push([
            L('tags'),
            'unknown tag: use the names or codes of the tag dictionary / 标签字典中没有该标签',
          ]);
      }
      const checked = checkPerson(
        {
          name: v.name!,
          documentType: v.documentType as PersonFields['documentType'],
          documentNumber: v.documentNumber!,
          phone: v.phone,
          birthDate: v.birthDate,
          sex: (v.sex || null) as PersonFields['sex'],
          registration: v.registration as PersonFields['registration'],
          nationality: v.nationality,
          tags: tagCodes,
        },
        knownTags,
      );
      if (!checked.ok)
        for (const p of checked.problems) problems.push([L(p.field), ruleOnly(p.reason)]);

      // the compound and building here; the room itself at the merge (and its check in SQL)
      let buildingId: string | null = null;
      const place = [v.building, v.unit, v.room].filter(Boolean).join(' ');
      if (v.compound || v.building || v.room) {
        const compound = places.compound(v.compound ?? '');
        buildingId = (compound && places.building(compound.code, v.building ?? '')) ?? null;
        if (!compound) problems.push([L('compound'), noCompound(c)]);
        else if (!buildingId) problems.push([L('room'), noRoom]);
      }
      if (problems.length || !checked.ok) return { problems };

      // (no object spread here: V8 copies a spread of this many properties slowly)
      const plain: StagedResident = Object.assign(checked.value, {
        committeeCode: c.code,
        streetCode,
        areaPath: c.path,
        roomId: null,
        householdId: null,
        relation: (v.relation || null) as ResidentPlain['relation'],
        healthNote: null,
        buildingId,
        unit: v.unit ?? '',
        room: v.room ?? '',
        householdNumber: v.householdNumber || null,
        compoundName: v.compound || null,
        place,
      });
      return { plain };
    },
    // each row's room (with its compound's path) and household, looked up by the rows' own keys
    // outside the import's transaction (rooms are there before the residents), so the merge
    // need not join them. One index probe a key, whatever the statistics say: the `limit 1`
    // keeps each lateral subquery from being flattened into a join, which the planner made a
    // hash of all the committee's rooms for every chunk (and `number = any(…)` a scan of all
    // its households, growing with the import). A household not there yet gets its derived id
    // (householdUuid), which every chunk of the file gives it alike; the merge makes it.
    async place(db, plains) {
      const people = plains as StagedResident[];
      const rows = people.filter((p) => p.buildingId);
      const numbers = [...new Set(people.flatMap((p) => p.householdNumber ?? []))];
      const [rooms, households] = await Promise.all([
        rows.length
          ? sql<{ id: string; key: string; area_path: string }>`
              select r.id, r.area_path, k.key
              from unnest(${rows.map((p) => p.buildingId)}::uuid[], ${rows.map((p) => p.unit)}::text[],
                ${rows.map((p) => p.room)}::text[], ${rows.map(roomKey)}::text[]) k(building_id, unit, number, key)
              cross join lateral (select id, area_path from rooms
                where building_id = k.building_id and unit = k.unit and number = k.number limit 1) r`
              .execute(db)
              .then((r) => r.rows)
          : [],
        numbers.length
          ? sql<{ id: string; number: string }>`
              select h.id, k.number from unnest(${numbers}::text[]) k(number)
              cross join lateral (select id from households
                where committee_code = ${c.code} and number = k.number limit 1) h`
              .execute(db)
              .then((r) => r.rows)
          : [],
      ]);
      const roomByKey = new Map(rooms.map((r) => [r.key, r]));
      for (const p of rows) {
        const room = roomByKey.get(roomKey(p));
        if (room) [p.roomId, p.areaPath] = [room.id, room.area_path];
      }
      const householdByNumber = new Map(households.map((h) => [h.number, h.id]));
      for (const n of numbers)
        if (!householdByNumber.has(n)) householdByNumber.set(n, householdUuid(c.code, n));
      for (const p of people)
        if (p.householdNumber) p.householdId = householdByNumber.get(p.householdNumber)!;
    },
    fileChecks: (stage) => [
      duplicates(
        stage,
        'document_hmac',
        L('documentNumber'),
        'the same person as row',
        '与第',
        '行为同一证件号',
      ),
      sql`select s.line, ${L('room')} as field, ${noRoom}::text as reason
        from ${sql.table(stage)} s
        where s.building_id is not null and s.room_id is null
        order by s.line`,
      sql`select s.line, ${L('documentNumber')} as field,
          'already registered in another committee: that committee records the move-out first / 此人已在其他居委登记，须先由原居委办理迁出' as reason
        from ${sql.table(stage)} s join residents r on r.document_hmac = s.document_hmac
        where r.status = 'present' and r.committee_code <> ${c.code}
        order by s.line`,
    ],
    async merge(trx, stage, importId, lines) {
      // a new household lives in the room of its first row
      await sql`insert into households (id, committee_code, number, room_id)
        select distinct on (household_number) household_id, ${c.code}, household_number, room_id
        from ${sql.table(stage)}
        where household_number is not null and ${inLines(lines)}
        order by household_number, line
        on conflict (committee_code, number) do nothing`.execute(trx);
      const columns = columnNames(RESIDENT_COLUMNS);
      return upsertFromStage(trx, ctx, {
        table: 'residents',
        entity: 'resident',
        committee: c.code,
        importId,
        conflict: ['document_hmac'],
        columns,
        rows: firstOfEach(stage, columns, 'document_hmac', lines),
        compared: PLACE_COLUMNS,
        reactivate: true,
        // someone present in another committee stays there (and fails the file's check)
        guard: sql`residents.committee_code = ${c.code} or residents.status <> 'present'`,
      });
    },
  };
}

// ---- housing ----

async function prepareHousing(ctx: Ctx, c: Committee): Promise<Prepared> {
  const places = await loadPlaces(ctx.db, c);
  const newBuildings = new Map<
    string,
    { id: string; compound: { code: string; path: string }; name: string }
  >();
  let buildingsWritten = 0;
  const L = (key: string) => label('housing', key);
  return {
    stageColumns: ROOM_COLUMNS,
    check(v) {
      const problems: [string, string][] = [];
      const compound = places.compound(v.compound!);
      if (!compound) problems.push([L('compound'), noCompound(c)]);
      const floor = v.floor ? Number(v.floor) : null;
      if (floor !== null && !(Number.isInteger(floor) && floor >= -5 && floor <= 200))
        problems.push([
          L('floor'),
          'floor must be a whole number from -5 to 200 / 楼层须为 -5 到 200 的整数',
        ]);
      const area = v.floorArea ? Number(v.floorArea) : null;
      if (area !== null && !(area > 0 && area < 100000))
        problems.push([
          L('floorArea'),
          'floor area must be a number of m² above 0 / 建筑面积须为大于 0 的数字',
        ]);
      for (const k of ['building', 'unit', 'room'] as const)
        if ((v[k] ?? '').length > 40)
          problems.push([L(k), 'at most 40 characters / 最多 40 个字符']);
      if (problems.length || !compound) return { problems };
      let buildingId =
        places.building(compound.code, v.building!) ??
        newBuildings.get(`${compound.code}|${v.building}`)?.id;
      if (!buildingId) {
        buildingId = crypto.randomUUID();
        newBuildings.set(`${compound.code}|${v.building}`, {
          id: buildingId,
          compound,
          name: v.building!,
        });
      }
      return {
        plain: {
          buildingId,
          committeeCode: c.code,
          areaPath: compound.path,
          unit: v.unit ?? '',
          number: v.room!,
          floor,
          floorArea: area,
          use: v.use as never,
          ownership: v.ownership as never,
          occupancy: v.occupancy as never,
        },
      };
    },
    fileChecks: (stage) => [
      duplicates(
        stage,
        "building_id::text || '|' || unit || '|' || number",
        L('room'),
        'the same room as row',
        '与第',
        '行为同一房屋',
      ),
      sql`select s.line, ${L('occupancy')} as field,
          'people live in this room: move them before marking it vacant / 该房屋仍有居民，不能标为空置' as reason
        from ${sql.table(stage)} s join rooms r
          on r.building_id = s.building_id and r.unit = s.unit and r.number = s.number
        where s.occupancy = 'vacant'
          and exists (select 1 from residents p where p.room_id = r.id and p.status = 'present')
        order by s.line`,
    ],
    async merge(trx, stage, importId, lines) {
      // the buildings first seen since the last merge
      const rows = [...newBuildings.values()].slice(buildingsWritten).map((b) => ({
        id: b.id,
        committee_code: c.code,
        compound_code: b.compound.code,
        area_path: b.compound.path,
        name: b.name,
      }));
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto('buildings')
          .values(rows.slice(i, i + 1000))
          .execute();
      buildingsWritten += rows.length;
      const columns = columnNames(ROOM_COLUMNS);
      return upsertFromStage(trx, ctx, {
        table: 'rooms',
        entity: 'room',
        committee: c.code,
        importId,
        conflict: ['building_id', 'unit', 'number'],
        columns,
        rows: firstOfEach(stage, columns, 'building_id, unit, number', lines),
      });
    },
  };
}

// ---- organisations ----

async function prepareOrganisations(ctx: Ctx, c: Committee): Promise<Prepared> {
  const L = (key: string) => label('organisations', key);
  return {
    stageColumns: ORGANISATION_COLUMNS,
    check(v) {
      const problems: [string, string][] = [];
      let phone: string | null = null;
      if (v.contactPhone) {
        const m = checkMobile(v.contactPhone);
        if (m.ok) phone = m.normalized;
        else problems.push([L('contactPhone'), m.reason]);
      }
      if (v.name!.length > 80) problems.push([L('name'), 'at most 80 characters / 最多 80 个字符']);
      if (problems.length) return { problems };
      return {
        plain: {
          committeeCode: c.code,
          areaPath: c.path,
          name: v.name!,
          kind: v.kind as never,
          contactName: v.contactName || null,
          contactPhone: phone,
          address: v.address || null,
        },
      };
    },
    fileChecks: (stage) => [
      duplicates(stage, 'name', L('name'), 'the same organisation as row', '与第', '行为同一组织'),
    ],
    merge: (trx, stage, importId, lines) =>
      upsertFromStage(trx, ctx, {
        table: 'organisations',
        entity: 'organisation',
        committee: c.code,
        importId,
        conflict: ['committee_code', 'name'],
        columns: columnNames(ORGANISATION_COLUMNS),
        rows: firstOfEach(stage, columnNames(ORGANISATION_COLUMNS), 'name', lines),
      }),
  };
}

// ---- owners on record ----

/** The form's names of an owner's fields → the file's columns. */
const OWNER_FIELD_COLUMNS = {
  kind: 'ownerKind',
  name: 'ownerName',
  documentType: 'documentType',
  documentNumber: 'documentNumber',
  share: 'share',
} as const;

/**
 * One row per owner of a room. The rows of a room are checked together once the file is
 * staged (their shares add up to 100 %, one registered area, no owner twice), and the import
 * replaces the owners of every room it names (owners.service.ts does the same for the form).
 */
async function prepareOwners(ctx: Ctx, c: Committee): Promise<Prepared> {
  const places = await loadPlaces(ctx.db, c);
  const L = (key: string) => label('owners', key);
  const noRoom =
    'no such room (building, unit, room) in the compound: import the housing file first / 小区中没有该房屋（楼栋、单元、室号），请先导入房屋信息';
  return {
    stageColumns: OWNER_STAGE,
    check(v) {
      const problems: [string, string][] = [];
      if (v.documentNumber!.startsWith('#LOST'))
        problems.push([
          L('documentNumber'),
          'the number was stored as a number in Excel and lost its last digits: format the column as text / Excel 将证件号存为数字，后几位已丢失，请将该列设为文本格式',
        ]);
      const checked = checkOwner({
        kind: v.ownerKind,
        name: v.ownerName!,
        documentType: v.documentType!,
        documentNumber: v.documentNumber!,
        share: v.share!,
      });
      if (!checked.ok)
        for (const p of checked.problems)
          problems.push([L(OWNER_FIELD_COLUMNS[p.field]), ruleOnly(p.reason)]);
      const area = v.registeredArea ? v.registeredArea.replace(/\s*(m²|m2|平方米|㎡)$/i, '') : '';
      if (area && !(/^\d{1,5}(\.\d{1,2})?$/.test(area) && Number(area) > 0))
        problems.push([
          L('registeredArea'),
          'registered area must be m² above 0 with at most two decimals / 登记面积须为大于 0 的平方米数，最多两位小数',
        ]);
      const compound = places.compound(v.compound!);
      const buildingId = compound ? places.building(compound.code, v.building!) : undefined;
      if (!compound) problems.push([L('compound'), noCompound(c)]);
      else if (!buildingId) problems.push([L('room'), noRoom]);
      if (problems.length || !checked.ok || !buildingId) return { problems };
      const plain: StagedOwner = Object.assign(checked.value, {
        roomId: null,
        committeeCode: c.code,
        position: 0, // the file's line (the merge takes it from the stage)
        buildingId,
        unit: v.unit ?? '',
        room: v.room!,
        areaPath: null,
        registeredArea: area ? Number(area) : null,
      });
      return { plain };
    },
    // each row's room, by its building, unit and number (as the residents' `place` does)
    async place(db, plains) {
      const rows = plains as StagedOwner[];
      if (!rows.length) return;
      const { rows: rooms } = await sql<{ id: string; key: string; area_path: string }>`
        select r.id, r.area_path, k.key
        from unnest(${rows.map((p) => p.buildingId)}::uuid[], ${rows.map((p) => p.unit)}::text[],
          ${rows.map((p) => p.room)}::text[], ${rows.map(roomKey)}::text[]) k(building_id, unit, number, key)
        cross join lateral (select id, area_path from rooms
          where building_id = k.building_id and unit = k.unit and number = k.number limit 1) r`.execute(
        db,
      );
      const byKey = new Map(rooms.map((r) => [r.key, r]));
      for (const p of rows) {
        const room = byKey.get(roomKey(p));
        if (room) [p.roomId, p.areaPath] = [room.id, room.area_path];
      }
    },
    fileChecks: (stage) => [
      sql`select line, ${L('room')} as field, ${noRoom}::text as reason
        from ${sql.table(stage)} where room_id is null order by line`,
      duplicates(
        stage,
        "coalesce(room_id::text, building_id::text || '|' || unit || '|' || room) || '|' || document_hmac",
        L('documentNumber'),
        'the same owner of the same room as row',
        '与第',
        '行为同一房屋的同一产权人',
      ),
      // every row of a room whose shares do not add up: none of its rows is stored
      sql`select line, ${L('share')} as field,
          'the shares of this room (rows ' || lines || ') add up to ' || pct || ' %, not 100 % / 该房屋各产权人份额（第 ' || lines || ' 行）合计 ' || pct || '%，应为 100%' as reason
        from (select line,
            (sum(share_bp) over w / 100)::text || case when sum(share_bp) over w % 100 = 0 then ''
              else '.' || lpad((sum(share_bp) over w % 100)::text, 2, '0') end as pct,
            sum(share_bp) over w as total,
            string_agg(line::text, ', ') over w as lines
          from ${sql.table(stage)} where room_id is not null
          window w as (partition by room_id order by line rows between unbounded preceding and unbounded following)) s
        where total <> ${SHARE_WHOLE}
        order by line`,
      sql`select line, ${L('registeredArea')} as field,
          'the rows of one room give different registered areas / 同一房屋各行的登记面积不一致' as reason
        from (select line, min(registered_area) over w as lo, max(registered_area) over w as hi
          from ${sql.table(stage)} where room_id is not null
          window w as (partition by room_id)) s
        where lo <> hi order by line`,
      sql`select line, ${L('ownerName')} as field,
          ${`a room has at most ${ROOM_OWNERS_MAX} owners on record / 一个房屋最多登记 ${ROOM_OWNERS_MAX} 名产权人`}::text as reason
        from (select line, row_number() over (partition by room_id order by line) as n
          from ${sql.table(stage)} where room_id is not null) s
        where n > ${ROOM_OWNERS_MAX} order by line`,
    ],
    merge: (trx, stage, importId, lines) =>
      mergeOwners(trx, stage, { committee: c.code, importId, actor: ctx.actor!.id }, lines),
  };
}

/**
 * The owners of the rooms these lines name replaced by the file's: an owner the file does not
 * list for a room it names is deleted, new ones inserted, changed ones updated, the same left
 * alone; a room's registered area set where the file gives one. A room whose owners changed
 * gets its record's source, time and author, and a history row. The rows of one room may lie in
 * two merges (a file not sorted by room): the first deletes an owner the later lines list, the
 * later merge inserts them again — the end is the file's owners either way.
 */
async function mergeOwners(
  trx: Kysely<DB>,
  stage: string,
  o: { committee: string; importId: string; actor: string },
  lines: Lines,
): Promise<Merged> {
  const s = sql.table(stage);
  const gone = await sql<{ room_id: string }>`
    delete from room_owners ro
    where ro.room_id in (select room_id from ${s} where room_id is not null and ${inLines(lines)})
      and not exists (select 1 from ${s} x
        where x.room_id = ro.room_id and x.document_hmac = ro.document_hmac)
    returning ro.room_id`.execute(trx);
  const records = await sql<{ room_id: string }>`
    insert into room_ownership (room_id, committee_code, area_path, building_id, registered_area,
      source, import_id, recorded_by)
    select distinct on (room_id) room_id, ${o.committee}, area_path, building_id, registered_area,
      'import', ${o.importId}::uuid, ${o.actor}::uuid
    from ${s} where room_id is not null and ${inLines(lines)}
    order by room_id, registered_area is null, line
    on conflict (room_id) do update set registered_area = excluded.registered_area
    where excluded.registered_area is not null
      and room_ownership.registered_area is distinct from excluded.registered_area
    returning room_id`.execute(trx);
  const owners = await sql<{ room_id: string; inserted: boolean }>`
    insert into room_owners (room_id, committee_code, position, kind, name, document_type,
      document_enc, document_hmac, document_masked, share_bp, row_digest, import_id)
    select distinct on (room_id, document_hmac) room_id, committee_code, line, kind, name,
      document_type, document_enc, document_hmac, document_masked, share_bp, row_digest,
      ${o.importId}::uuid
    from ${s} where room_id is not null and ${inLines(lines)}
    order by room_id, document_hmac, line
    on conflict (room_id, document_hmac) do update set position = excluded.position,
      kind = excluded.kind, name = excluded.name, document_type = excluded.document_type,
      document_enc = excluded.document_enc, document_masked = excluded.document_masked,
      share_bp = excluded.share_bp, row_digest = excluded.row_digest, import_id = excluded.import_id
    where room_owners.row_digest is distinct from excluded.row_digest
    returning room_id, (xmax = 0) as inserted`.execute(trx);
  const changed = [
    ...new Set([...gone.rows, ...records.rows, ...owners.rows].map((r) => r.room_id)),
  ];
  if (changed.length) {
    await sql`update room_ownership set source = 'import', import_id = ${o.importId}::uuid,
        recorded_by = ${o.actor}::uuid, recorded_at = now()
      where room_id = any(${changed}::uuid[])`.execute(trx);
    // (who and how many, never their names or numbers)
    await sql`insert into registry_changes (entity, entity_id, committee_code, action, changes,
        actor_id, import_id)
      select 'room', r.id, ${o.committee}, 'owners_import',
        jsonb_build_object('owners', (select count(*) from room_owners x where x.room_id = r.id),
          'registeredArea', (select registered_area from room_ownership w where w.room_id = r.id)),
        ${o.actor}::uuid, ${o.importId}::uuid
      from unnest(${changed}::uuid[]) r(id)`.execute(trx);
  }
  const inserted = owners.rows.filter((r) => r.inserted).length;
  return { inserted, updated: owners.rows.length - inserted };
}

// ---- shared SQL ----

/** Rows whose `key` appeared on an earlier row of the same file. */
function duplicates(
  stage: string,
  key: string,
  field: string,
  en: string,
  zhBefore: string,
  zhAfter: string,
): FileCheck {
  return sql`select line, ${field} as field,
      ${en} || ' ' || first || ' / ' || ${zhBefore} || first || ${zhAfter} as reason
    from (select line, min(line) over (partition by ${sql.raw(key)}) as first from ${sql.table(stage)}) d
    where line > first order by line`;
}

const inLines = (lines: Lines) =>
  lines ? sql<boolean>`line between ${lines[0]} and ${lines[1]}` : sql<boolean>`true`;

/**
 * The staged rows of `lines`, `columns` of them, one per `key`: the first in the file (a
 * duplicate fails the file's check, but a merge must not meet the same key twice).
 */
const firstOfEach = (stage: string, columns: string[], key: string, lines: Lines) =>
  sql`select distinct on (${sql.raw(key)}) ${sql.raw(columns.join(', '))}
    from ${sql.table(stage)} where ${inLines(lines)} order by ${sql.raw(key)}, line`;

/**
 * Insert the rows, update those whose content changed (their digest, or a plain column in
 * `compared`), leave identical ones alone, and keep the history — in one statement.
 */
async function upsertFromStage(
  trx: Kysely<DB>,
  ctx: Ctx,
  o: {
    table: 'residents' | 'rooms' | 'organisations';
    entity: string;
    committee: string;
    importId: string;
    conflict: string[];
    columns: string[];
    /** a select of `columns`, in their order */
    rows: RawBuilder<unknown>;
    compared?: string[];
    /** a moved-out person imported again is present again */
    reactivate?: boolean;
    /** only rows matching this are updated */
    guard?: RawBuilder<boolean>;
  },
): Promise<Merged> {
  const cols = sql.raw(o.columns.join(', '));
  const updates = o.columns
    .filter((c) => !o.conflict.includes(c))
    .map((c) => `${c} = excluded.${c}`);
  updates.push('updated_at = now()');
  if (o.reactivate) updates.push("status = 'present'", 'moved_out_at = null');
  const changed = [`${o.table}.row_digest is distinct from excluded.row_digest`];
  for (const c of o.compared ?? []) changed.push(`${o.table}.${c} is distinct from excluded.${c}`);
  if (o.reactivate) changed.push(`${o.table}.status <> 'present'`);
  const when = sql`(${sql.raw(changed.join(' or '))})${o.guard ? sql` and (${o.guard})` : sql``}`;
  // a created row names its import (its history's first step); a changed one gets a history row
  const { rows } = await sql<Merged>`
    with m as (
      insert into ${sql.table(o.table)} (${cols}, import_id)
      select *, ${o.importId}::uuid from (${o.rows}) source
      on conflict (${sql.raw(o.conflict.join(', '))}) do update set ${sql.raw(updates.join(', '))}
      where ${when}
      returning id, (xmax = 0) as inserted
    ), h as (
      insert into registry_changes (entity, entity_id, committee_code, action, changes, actor_id, import_id)
      select ${o.entity}, id, ${o.committee}, 'import_update', '{}'::jsonb, ${ctx.actor!.id}::uuid,
        ${o.importId}::uuid
      from m where not inserted
    )
    select count(*) filter (where inserted)::int as inserted,
      count(*) filter (where not inserted)::int as updated
    from m`.execute(trx);
  return rows[0]!;
}
