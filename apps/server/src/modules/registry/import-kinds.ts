import crypto from 'node:crypto';
import { REGISTRY_COLUMNS, type ImportKind, type RegistryColumn } from '@cc/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { districtOf } from '../../platform/district.js';
import type { DB } from '../../platform/db/schema.js';
import { checkMobile } from './documents.js';
import {
  duplicates,
  inLines,
  label,
  loadPlaces,
  LOST_DIGITS,
  lostDigits,
  NO_ROOM,
  noCompound,
  roomKey,
  roomsByKey,
  ruleOnly,
  type Committee,
  type Lines,
  type Merged,
  type Prepared,
} from './import-common.js';
import { prepareOwners } from './import-owners.js';
import {
  columnNames,
  householdUuid,
  ORGANISATION_COLUMNS,
  RESIDENT_COLUMNS,
  ROOM_COLUMNS,
  type ResidentPlain,
} from './records.js';
import { checkPerson, type PersonFields } from './resident-input.js';
import { PLACE_COLUMNS, RESIDENT_STAGE, type StagedResident } from './sealing.js';
import { residentsChanged } from './verification-reads.js';

/**
 * What each kind of registry file becomes: the staging columns (those of the target table),
 * a row's checks and stored form, the whole-file checks in SQL, and the merge (owners in
 * import-owners.ts, what the kinds share in import-common.ts).
 */

export type { Lines, Merged, Prepared, RowResult } from './import-common.js';

export const IMPORT_KINDS_SPEC: Record<
  ImportKind,
  { columns: RegistryColumn[]; prepare(ctx: Ctx, c: Committee): Promise<Prepared> }
> = {
  residents: { columns: REGISTRY_COLUMNS.residents, prepare: prepareResidents },
  housing: { columns: REGISTRY_COLUMNS.housing, prepare: prepareHousing },
  organisations: { columns: REGISTRY_COLUMNS.organisations, prepare: prepareOrganisations },
  owners: { columns: REGISTRY_COLUMNS.owners, prepare: prepareOwners },
};

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

  return {
    stageColumns: RESIDENT_STAGE,
    check(v) {
      const problems: [string, string][] = [];
      if (lostDigits(v.documentNumber)) problems.push([L('documentNumber'), LOST_DIGITS]);
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
        else if (!buildingId) problems.push([L('room'), NO_ROOM]);
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
      const [roomByKey, households] = await Promise.all([
        roomsByKey(db, rows),
        numbers.length
          ? sql<{ id: string; number: string }>`
              select h.id, k.number from unnest(${numbers}::text[]) k(number)
              cross join lateral (select id from households
                where district_code = ${districtOf(c.path)} and committee_code = ${c.code}
                  and number = k.number limit 1) h`
              .execute(db)
              .then((r) => r.rows)
          : [],
      ]);
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
      sql`select s.line, ${L('room')} as field, ${NO_ROOM}::text as reason
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
      await sql`insert into households (id, district_code, committee_code, number, room_id)
        select distinct on (household_number) household_id, ${districtOf(c.path)}, ${c.code},
          household_number, room_id
        from ${sql.table(stage)}
        where household_number is not null and ${inLines(lines)}
        order by household_number, line
        on conflict (district_code, committee_code, number) do nothing`.execute(trx);
      const columns = columnNames(RESIDENT_COLUMNS);
      const merged = await upsertFromStage(trx, ctx, {
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
      // people changed (another room or household, back from a move-out): the residents module
      // re-reads the links of those it has verified
      if (merged.updatedIds.length)
        await ctx.events.publish(trx, residentsChanged, { residentIds: merged.updatedIds });
      return { inserted: merged.inserted, updated: merged.updated };
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
): Promise<Merged & { updatedIds: string[] }> {
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
  const { rows } = await sql<Merged & { updatedIds: string[] }>`
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
      count(*) filter (where not inserted)::int as updated,
      coalesce(array_agg(id::text) filter (where not inserted), '{}') as "updatedIds"
    from m`.execute(trx);
  return rows[0]!;
}
