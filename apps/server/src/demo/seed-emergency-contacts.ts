import { sql } from 'kysely';
import type { AppDeps } from '../platform/context.js';
import { contactColumns, type ContactPlain } from '../modules/registry/index.js';

/** The demo committee (云南中路) whose care group's call list shows emergency contacts. */
const COMMITTEE = '310101002001';
const CONTACTS: Omit<ContactPlain, 'phone'>[] = [
  { name: '王建华', relation: 'child' },
  { name: '李秀梅', relation: 'child' },
  { name: '张伟', relation: 'grandchild' },
  { name: '刘芳', relation: 'neighbour' },
  { name: '陈志强', relation: 'child' },
  { name: '赵丽娟', relation: 'relative' },
  { name: '孙海燕', relation: 'volunteer' },
  { name: '周明', relation: 'child' },
];

/**
 * Emergency contacts (紧急联系人) for the first few elderly living alone of 云南中路, in the
 * list's order, every second one left without (a call list shows both); sealed as the
 * registry seals them. Idempotent: once any of them has one, nothing is written.
 */
export async function seedEmergencyContacts(deps: AppDeps): Promise<boolean> {
  const { db, cipher } = deps;
  const elders = await db
    .selectFrom('residents')
    .select(['id', 'contact_name_enc'])
    .where('committee_code', '=', COMMITTEE)
    .where('status', '=', 'present')
    .where(sql<boolean>`'elderly_alone' = any(tags)`)
    .orderBy(sql`name using ~<~`)
    .orderBy('id')
    .limit(CONTACTS.length * 2)
    .execute();
  if (elders.length === 0 || elders.some((e) => e.contact_name_enc)) return false;
  await db.transaction().execute(async (trx) => {
    for (const [i, contact] of CONTACTS.entries()) {
      const elder = elders[i * 2];
      if (!elder) break;
      const phone = i % 3 === 2 ? `021-6321${String(1000 + i)}` : `1391700${String(1000 + i)}`;
      await trx
        .updateTable('residents')
        .set({ ...contactColumns(cipher, { ...contact, phone }), contact_updated_at: new Date() })
        .where('id', '=', elder.id)
        .execute();
    }
  });
  return true;
}
