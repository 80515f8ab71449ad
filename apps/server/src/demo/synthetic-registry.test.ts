import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { SHANGHAI_AREAS } from '../modules/areas/index.js';
import { checkResidentId } from '../modules/registry/index.js';
import type { DataCipher } from '../platform/crypto.js';
import type { DB } from '../platform/db/schema.js';
import { DATABASES, startTestPlatform, type TestPlatform } from '../testing.js';
import {
  ageOn,
  cityModel,
  generateRegistry,
  IdBook,
  planCommittee,
  shanghaiDay,
  shortName,
  type PlannedResident,
  type RegistryGenResult,
} from './synthetic-registry.js';

const DEMO_STREET = '310101002000'; // 南京东路街道 (黄浦): the demo city's compounds, under grids
const GUBEI = '310105009000'; // 虹桥街道 (长宁), around 古北: no compounds in the tree
const SCALE = 0.02; // ≈ 77 residents a committee

/** The committees of the Shanghai tree, as the generator reads them from `areas`. */
function shanghaiCommittees() {
  const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as {
    areas: { code: string; parent: string | null; level: string; name: string; centre: number[] }[];
  };
  const byCode = new Map(file.areas.map((a) => [a.code, a]));
  const pathOf = (code: string): string => {
    const parent = byCode.get(code)!.parent;
    return parent ? `${pathOf(parent)}/${code}` : code;
  };
  return file.areas
    .filter((a) => a.level === 'committee')
    .map((a) => ({
      code: a.code,
      name: a.name,
      path: pathOf(a.code),
      depth: pathOf(a.code).split('/').length - 1,
      centre_lng: a.centre[0]!,
      centre_lat: a.centre[1]!,
    }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}

describe('the synthetic city, planned without a database', () => {
  const city = cityModel(shanghaiCommittees(), 1);
  const today = shanghaiDay(new Date());

  it('when a committee is planned twice with the same seed, then the same people come out', () => {
    const c = city.byCode.get('310105009001')!;
    const people = () =>
      planCommittee(c, [], new IdBook(), { seed: 5, scale: 0.05, today }).residents.map(
        ({ id: _id, roomId: _r, householdId: _h, ...r }) => r,
      );
    const first = people();
    assert.ok(first.length > 50);
    assert.deepEqual(people(), first);
    const owners = () =>
      planCommittee(c, [], new IdBook(), { seed: 5, scale: 0.05, today }).owners.map(
        ({ roomId: _r, ...o }) => o,
      );
    assert.ok(owners().length > 20);
    assert.deepEqual(owners(), owners());
  });

  it('when every third committee of the city is planned, then its people look like Shanghai in the 7th census', () => {
    const book = new IdBook();
    const five = new Set(['310115', '310105', '310112', '310104', '310106']);
    const n = { all: 0, young: 0, working: 0, old: 0, men: 0, women: 0, migrant: 0 };
    const abroad = { all: 0, inFive: 0, KOR: 0, JPN: 0, USA: 0 };
    const tags = { alone: 0, disabled: 0, party: 0, adults: 0 };
    const ids = new Set<string>();
    let households = 0;
    city.committees
      .filter((_, i) => i % 3 === 0)
      .forEach((c) => {
        const plan = planCommittee(c, [], book, { seed: 1, scale: 0.02, today });
        households += plan.households.length;
        plan.residents.forEach((r: PlannedResident) => {
          n.all++;
          if (r.age < 15) n.young++;
          else if (r.age < 60) {
            n.working++;
            if (r.sex === 'male') n.men++;
            else n.women++;
          } else n.old++;
          if (r.registration === 'migrant') n.migrant++;
          if (r.registration === 'overseas') {
            abroad.all++;
            if (five.has(c.district)) abroad.inFive++;
            if (r.nationality in abroad) abroad[r.nationality as 'KOR']++;
          }
          if (r.tags.includes('elderly_alone')) tags.alone++;
          if (r.tags.includes('disabled')) tags.disabled++;
          if (r.age >= 18) tags.adults++;
          if (r.age >= 18 && r.tags.includes('party_member')) tags.party++;
          ids.add(`${r.documentType}:${r.documentNumber}`);
        });
      });
    const share = (x: number, of = n.all) => x / of;
    const near = (value: number, target: number, tolerance: number, what: string) =>
      assert.ok(Math.abs(value - target) <= tolerance, `${what}: ${value} (want ${target})`);
    assert.equal(ids.size, n.all, 'every document number is unique');
    near(share(n.young), 0.098, 0.015, '0–14');
    near(share(n.working), 0.668, 0.02, '15–59');
    near(share(n.old), 0.234, 0.02, '60+');
    near(n.men / n.women, 1.07, 0.04, 'sex ratio 15–59');
    near(share(n.migrant), 0.415, 0.03, '来沪');
    near(share(abroad.all), 0.007, 0.0025, '境外');
    near(share(abroad.inFive, abroad.all), 0.8, 0.07, '境外 in the five districts');
    assert.ok(abroad.KOR > abroad.USA && abroad.JPN > abroad.USA, JSON.stringify(abroad));
    near(share(tags.alone, n.old), 0.05, 0.015, 'elderly_alone among the 60+');
    near(share(tags.disabled), 0.025, 0.005, 'disabled');
    near(share(tags.party, tags.adults), 0.08, 0.015, 'party members among adults');
    near(n.all / households, 2.5, 0.3, 'residents per household');
  });

  it('when a committee is named, then its compounds are named without 居委会 or 村委会', () => {
    assert.equal(shortName('云南中路居委会'), '云南中路');
    assert.equal(shortName('归王村村委会'), '归王村');
    assert.equal(shortName('江佳社区居委会'), '江佳');
    const c = city.byCode.get('310105009001')!;
    const plan = planCommittee(c, [], new IdBook(), { seed: 1, scale: 1, today });
    assert.ok(plan.newCompounds.length >= 1);
    for (const a of plan.newCompounds) {
      assert.match(a.code, /^\d{12}-R\d+$/);
      assert.ok(a.name.startsWith(c.short) && !/居委会|村委会/.test(a.name), a.name);
      assert.equal(a.path, `${c.path}/${a.code}`);
    }
    const perCompound = plan.residents.length / plan.newCompounds.length;
    assert.ok(perCompound > 1000 && perCompound < 2500, `${perCompound} residents a compound`);
  });
});

for (const kind of DATABASES) {
  describe(`the synthetic registry in the database (${kind})`, () => {
    let tp: TestPlatform;
    let db: Kysely<DB>;
    let cipher: DataCipher;
    let first: RegistryGenResult;
    let committees: string[];
    const today = shanghaiDay(new Date());
    const ageOf = (birthDate: string) =>
      ageOn(Math.round((Date.parse(birthDate) - Date.UTC(1900, 0, 1)) / 86_400_000), today);

    before(async () => {
      tp = await startTestPlatform(kind);
      db = tp.platform.database.db;
      cipher = tp.platform.deps.cipher;
      first = await generateRegistry(db, cipher, {
        scale: SCALE,
        within: [DEMO_STREET, GUBEI],
        seed: 7,
      });
      committees = (
        await db
          .selectFrom('areas')
          .select('code')
          .where('level', '=', 'committee')
          .where('parent_code', 'in', [DEMO_STREET, GUBEI])
          .execute()
      ).map((r) => r.code);
    });
    after(() => tp.close());

    it('when two streets are generated, then each of their committees has housing, people and organisations', async () => {
      assert.equal(first.committees, committees.length);
      assert.equal(committees.length, 39);
      const { rows } = await sql<{
        code: string;
        b: number;
        r: number;
        h: number;
        p: number;
        o: number;
      }>`
        select c.code,
          (select count(*)::int from buildings where committee_code = c.code) as b,
          (select count(*)::int from rooms where committee_code = c.code) as r,
          (select count(*)::int from households where committee_code = c.code) as h,
          (select count(*)::int from residents where committee_code = c.code) as p,
          (select count(*)::int from organisations where committee_code = c.code) as o
        from unnest(${sql.val(committees)}::text[]) as c (code)`.execute(db);
      for (const row of rows) {
        assert.ok(row.b > 0 && row.r > 0 && row.h > 0 && row.p > 0, JSON.stringify(row));
        assert.ok(row.o >= 9, `${row.code}: party, committee, owners, property, 5+ shops`);
      }
      const total = rows.reduce((s, r) => s + r.p, 0);
      assert.equal(total, first.residents);
      // the demo street keeps its compounds; 古北's committees got new ones
      const made = await db
        .selectFrom('areas')
        .select(['code', 'parent_code', 'path', 'depth', 'level'])
        .where('code', 'like', '%-R%')
        .execute();
      assert.ok(made.length >= 20);
      for (const a of made) {
        assert.equal(a.parent_code!.slice(0, 9), GUBEI.slice(0, 9));
        assert.equal(a.level, 'compound');
        assert.ok(a.path.endsWith(`/${a.parent_code}/${a.code}`));
      }
      const demo = await sql<{ n: number }>`
        select count(*)::int as n from residents
        where street_code = ${DEMO_STREET} and area_path not like '%-G%-C%'`.execute(db);
      assert.equal(demo.rows[0]!.n, 0, 'the demo street lives in the compounds of demo/areas.json');
    });

    it('then every ID number is masked as 4 digits, 10 stars and 4, and decrypts to a valid one in a county never assigned (90-99)', async () => {
      const rows = await db
        .selectFrom('residents')
        .select(['document_type', 'document_masked', 'document_enc', 'sex'])
        .select(sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth'))
        .where('committee_code', 'in', committees)
        .execute();
      assert.equal(rows.length, first.residents);
      const ids = rows.filter((r) => r.document_type === 'resident_id');
      assert.ok(ids.length > rows.length * 0.9);
      for (const r of ids) assert.match(r.document_masked, /^\d{4}\*{10}\d{3}[\dX]$/);
      for (const r of ids.slice(0, 200)) {
        const id = cipher.decrypt(r.document_enc);
        assert.equal(id[4], '9', id);
        const checked = checkResidentId(id);
        assert.ok(checked.ok);
        assert.equal(checked.birthDate, r.birth);
        assert.equal(checked.sex, r.sex);
      }
    });

    it('then no vacant room has residents, and a group-rented flat has 6 to 12 tenants', async () => {
      const { rows } = await sql<{ occupancy: string; n: number }>`
        select ro.occupancy, count(re.id)::int as n
        from rooms ro left join residents re on re.room_id = ro.id
        where ro.committee_code = any(${sql.val(committees)}::text[])
        group by ro.id, ro.occupancy`.execute(db);
      assert.ok(rows.some((r) => r.occupancy === 'vacant'));
      for (const r of rows) {
        if (r.occupancy === 'vacant') assert.equal(r.n, 0);
        else if (r.occupancy === 'group_rental') assert.ok(r.n >= 6 && r.n <= 12, `${r.n}`);
        else assert.ok(r.n >= 1);
      }
    });

    it('then every one-person household of someone 65 or older, and no one else, is tagged elderly_alone', async () => {
      const { rows } = await sql<{ size: number; birth_date: string; tags: string[] }>`
        select (select count(*)::int from residents o where o.household_id = r.household_id) as size,
          to_char(r.birth_date, 'YYYY-MM-DD') as birth_date, r.tags
        from residents r where r.committee_code = any(${sql.val(committees)}::text[])`.execute(db);
      let alone = 0;
      for (const r of rows) {
        const expected = r.size === 1 && ageOf(r.birth_date) >= 65;
        assert.equal(r.tags.includes('elderly_alone'), expected, JSON.stringify(r));
        if (expected) alone++;
      }
      assert.ok(alone > 0);
    });

    it('then 来沪 residents are a plausible share, with ID numbers from outside Shanghai', async () => {
      const { rows } = await sql<{ registration: string; local_id: boolean; n: number }>`
        select registration, document_masked like '3101%' as local_id, count(*)::int as n
        from residents where committee_code = any(${sql.val(committees)}::text[])
          and document_type = 'resident_id'
        group by 1, 2`.execute(db);
      const count = (reg: string, local: boolean) =>
        rows.find((r) => r.registration === reg && r.local_id === local)?.n ?? 0;
      assert.equal(count('local', false), 0, 'a local ID reads 3101');
      assert.equal(count('migrant', true), 0, 'a migrant ID is from another province');
      const share = count('migrant', false) / first.residents;
      // 黄浦 ≈ 22 %, 长宁 ≈ 30 %, committees vary
      assert.ok(share > 0.12 && share < 0.5, `来沪 share ${share}`);
    });

    it('then residents from abroad carry passports or permits, and live around 古北 more than in 南京东路', async () => {
      const { rows } = await sql<{
        street_code: string;
        registration: string;
        document_type: string;
        nationality: string;
        n: number;
      }>`
        select street_code, registration, document_type, nationality, count(*)::int as n
        from residents where committee_code = any(${sql.val(committees)}::text[])
        group by 1, 2, 3, 4`.execute(db);
      for (const r of rows) {
        if (r.registration !== 'overseas') {
          assert.equal(r.document_type, 'resident_id');
          assert.equal(r.nationality, 'CHN');
        } else if (r.nationality === 'CHN') {
          assert.ok(['hk_macao_permit', 'taiwan_permit'].includes(r.document_type));
        } else {
          assert.equal(r.document_type, 'passport');
          assert.ok(
            ['KOR', 'JPN', 'USA', 'FRA', 'DEU', 'GBR', 'SGP', 'CAN', 'AUS', 'MYS'].includes(
              r.nationality,
            ),
          );
        }
      }
      const share = (street: string) => {
        const of = rows.filter((r) => r.street_code === street);
        const all = of.reduce((s, r) => s + r.n, 0);
        return of.filter((r) => r.registration === 'overseas').reduce((s, r) => s + r.n, 0) / all;
      };
      assert.ok(share(GUBEI) > 0.01, `古北 ${share(GUBEI)}`);
      assert.ok(share(GUBEI) > 3 * share(DEMO_STREET), `${share(GUBEI)} vs ${share(DEMO_STREET)}`);
    });

    it('then everyone 15 or older has a mobile number, and children have none', async () => {
      const rows = await db
        .selectFrom('residents')
        .select([sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth'), 'phone_masked'])
        .where('committee_code', 'in', committees)
        .execute();
      for (const r of rows) {
        if (ageOf(r.birth) >= 15) assert.match(r.phone_masked ?? '', /^1[3-9]\d\*{4}\d{4}$/);
        else assert.equal(r.phone_masked, null);
      }
    });

    it("then each committee's statistics row counts its present residents", async () => {
      const { rows } = await sql<{ code: string; stats: number | null; present: number }>`
        select c.code, s.residents as stats,
          (select count(*)::int from residents r
            where r.committee_code = c.code and r.status = 'present') as present
        from unnest(${sql.val(committees)}::text[]) as c (code)
        left join registry_committee_stats s on s.committee_code = c.code`.execute(db);
      assert.equal(rows.length, committees.length);
      for (const r of rows) assert.equal(r.stats, r.present, r.code);
    });

    it('then rooms have owners on record: the household head of an owner-occupied flat, the developer of unsold ones, some owners of several, shares adding up to 100 %', async () => {
      assert.ok(first.owners > 0);
      const { rows } = await sql<{
        room_id: string;
        occupancy: string;
        ownership: string;
        owners: number;
        shares: number;
        kinds: string[];
        area_same: boolean;
        head_owns: boolean;
      }>`
        select w.room_id, rm.occupancy, rm.ownership,
          count(o.id)::int as owners, sum(o.share_bp)::int as shares,
          array_agg(distinct o.kind) as kinds,
          bool_and(w.registered_area = rm.floor_area) as area_same,
          bool_or(exists (select 1 from residents r where r.room_id = w.room_id
            and r.relation = 'head' and r.document_hmac = o.document_hmac)) as head_owns
        from room_ownership w
        join rooms rm on rm.id = w.room_id
        join room_owners o on o.room_id = w.room_id
        where w.committee_code = any(${sql.val(committees)}::text[])
        group by w.room_id, rm.occupancy, rm.ownership`.execute(db);
      assert.equal(
        rows.reduce((n, r) => n + r.owners, 0),
        first.owners,
      );
      for (const r of rows) {
        assert.equal(r.shares, 10_000, JSON.stringify(r));
        assert.ok(r.area_same, 'the registered area is the floor area');
        if (r.ownership === 'private' && r.occupancy === 'owner_occupied')
          assert.ok(r.head_owns && r.kinds.join() === 'person', JSON.stringify(r));
        if (r.ownership === 'public_rental') assert.deepEqual(r.kinds, ['organisation']);
      }
      assert.ok(
        rows.some((r) => r.owners === 2),
        'couples own half each',
      );
      assert.ok(rows.some((r) => r.kinds.includes('developer') && r.occupancy === 'vacant'));
      const several = await sql<{ n: number }>`
        select count(*)::int as n from (select document_hmac from room_owners
          where committee_code = any(${sql.val(committees)}::text[]) and kind = 'person'
          group by committee_code, document_hmac having count(*) > 1) x`.execute(db);
      assert.ok(several.rows[0]!.n > 0, 'some people own several rooms');
      const other = await sql<{ n: number }>`
        select count(*)::int as n from rooms rm where rm.ownership = 'other'
          and rm.committee_code = any(${sql.val(committees)}::text[])
          and exists (select 1 from room_ownership w where w.room_id = rm.id)`.execute(db);
      assert.equal(other.rows[0]!.n, 0, 'a room of other ownership has no owners on record');
    });

    it('when it runs again, then nothing is added', async () => {
      const count = async () =>
        (
          await sql<{ n: number }>`select (select count(*) from residents)
            + (select count(*) from rooms) + (select count(*) from households)
            + (select count(*) from buildings) + (select count(*) from organisations)
            + (select count(*) from room_owners)
            + (select count(*) from areas) as n`.execute(db)
        ).rows[0]!.n;
      const before = await count();
      const again = await generateRegistry(db, cipher, {
        scale: SCALE,
        within: [DEMO_STREET, GUBEI],
        seed: 7,
      });
      assert.equal(again.committees, 0);
      assert.equal(again.residents, 0);
      assert.equal(await count(), before);
    });
  });
}
