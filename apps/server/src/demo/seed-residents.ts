import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { maskName, maskPhone } from '@cc/contracts';
import { sql } from 'kysely';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps } from '../platform/context.js';
import { hashPassword } from '../modules/identity/index.js';
import { findRegistryMatch } from '../modules/registry/index.js';

export const DEMO_RESIDENTS_FILE = path.join(REPO_ROOT, 'demo/residents.json');

interface DemoResident {
  username: string;
  phone: string;
  relation: 'owner' | 'co_owner' | 'tenant' | 'family';
  isHead?: boolean;
}
export interface DemoResidentsFile {
  password: string;
  committee: string;
  households: { members: DemoResident[]; pending?: DemoResident }[];
}

export function readDemoResidents(): DemoResidentsFile {
  return JSON.parse(fs.readFileSync(DEMO_RESIDENTS_FILE, 'utf8')) as DemoResidentsFile;
}

/** The usernames of the demo residents' file: every household's members and pending newcomer. */
export function demoResidentUsernames(): string[] {
  return readDemoResidents().households.flatMap((h) =>
    [...h.members, ...(h.pending ? [h.pending] : [])].map((m) => m.username),
  );
}

interface Person {
  id: string;
  name: string;
  relation: string | null;
  household_id: string;
  household_number: string;
  room_id: string;
  building_id: string;
  compound_code: string;
  area_path: string;
  document_hmac: string;
  document_enc: string;
  document_masked: string;
}

/**
 * Verified resident accounts in the demo committee (demo/residents.json), linked to people of
 * the generated registry: the owner households are the first households (by number) whose head
 * and enough other adults hold resident IDs, the tenant's the first rented household; members
 * after the head in the order spouse, then eldest first. One more adult of the first household
 * has a pending request (for its head to confirm). Skipped when the committee has no registry
 * yet or the accounts exist. Returns whether it wrote anything.
 */
export async function seedDemoResidents(deps: AppDeps): Promise<boolean> {
  const { db, cipher } = deps;
  const file = readDemoResidents();
  const first = file.households[0]!.members[0]!.username;
  if (await db.selectFrom('accounts').select('id').where('username', '=', first).executeTakeFirst())
    return false;
  // adults (18 or older) with a resident ID, present, in a room, by household
  const { rows } = await sql<Person>`
    select p.id, p.name, p.relation, p.household_id, h.number as household_number, p.room_id,
      b.id as building_id, b.compound_code, b.area_path, p.document_hmac, p.document_enc,
      p.document_masked
    from residents p
    join households h on h.id = p.household_id
    join rooms r on r.id = p.room_id
    join buildings b on b.id = r.building_id
    where p.committee_code = ${file.committee} and p.status = 'present'
      and p.document_type = 'resident_id' and p.birth_date <= current_date - interval '18 years'
    order by h.number, case p.relation when 'head' then 0 when 'spouse' then 1 else 2 end,
      p.birth_date, p.id`.execute(db);
  if (rows.length === 0) return false;
  const byHousehold = new Map<string, Person[]>();
  for (const p of rows)
    byHousehold.set(p.household_id, [...(byHousehold.get(p.household_id) ?? []), p]);
  const households = [...byHousehold.values()];
  const used = new Set<string>();
  const password = await hashPassword(file.password);

  const plans: { people: Person[]; demo: (typeof file.households)[number] }[] = [];
  for (const demo of file.households) {
    const tenant = demo.members.every((m) => m.relation === 'tenant');
    const wanted = demo.members.length + (demo.pending ? 1 : 0);
    const found = households.find(
      (h) =>
        !used.has(h[0]!.household_id) &&
        h.length >= wanted &&
        (tenant ? h.every((p) => p.relation === 'tenant') : h[0]!.relation === 'head'),
    );
    if (!found) throw new Error(`seed-residents: no household in ${file.committee} fits`);
    used.add(found[0]!.household_id);
    plans.push({ people: found, demo });
  }

  await db.transaction().execute(async (trx) => {
    const account = async (m: DemoResident, person: Person) => {
      const id = crypto.randomUUID();
      await trx
        .insertInto('accounts')
        .values({
          id,
          username: m.username,
          display_name: person.name,
          password_hash: password,
          phone_enc: cipher.encrypt(m.phone),
          phone_hmac: cipher.lookupHash(m.phone),
          phone_masked: maskPhone(m.phone),
          created_by: null,
        })
        .execute();
      return id;
    };
    for (const { people, demo } of plans) {
      for (const [i, m] of demo.members.entries()) {
        const person = people[i]!;
        const accountId = await account(m, person);
        await trx
          .insertInto('resident_links')
          .values({
            account_id: accountId,
            resident_id: person.id,
            room_id: person.room_id,
            building_id: person.building_id,
            household_id: person.household_id,
            committee_code: file.committee,
            compound_code: person.compound_code,
            area_path: person.area_path,
            relation: m.relation,
            is_head: person.relation === 'head',
          })
          .execute();
        await trx
          .insertInto('role_bindings')
          .values({
            id: crypto.randomUUID(),
            account_id: accountId,
            role: 'resident',
            area_code: person.compound_code,
            area_path: person.area_path,
            created_by: null,
          })
          .execute();
      }
      if (demo.pending) {
        const person = people[demo.members.length]!;
        const accountId = await account(demo.pending, person);
        const match = await findRegistryMatch(trx, {
          idHmac: person.document_hmac,
          committeeCode: file.committee,
          roomId: person.room_id,
          name: person.name,
        });
        await trx
          .insertInto('verification_requests')
          .values({
            id: crypto.randomUUID(),
            account_id: accountId,
            room_id: person.room_id,
            building_id: person.building_id,
            committee_code: file.committee,
            compound_code: person.compound_code,
            area_path: person.area_path,
            relation: demo.pending.relation,
            name_enc: cipher.encrypt(person.name),
            name_masked: maskName(person.name),
            id_enc: cipher.encrypt(cipher.decrypt(person.document_enc)),
            id_hmac: person.document_hmac,
            id_masked: person.document_masked,
            match_resident_id: match?.residentId ?? null,
            match_household_id: match?.householdId ?? null,
            match: match ? JSON.stringify(match) : null,
          })
          .execute();
      }
    }
  });
  return true;
}
