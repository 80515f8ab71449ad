import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { ownerKeyOfResident } from '../registry/index.js';
import type { ResidentHome } from '../residents/index.js';

/**
 * Whom a verified resident may vote for: the owner groups (heads) of the frozen electorate
 * whose owner keys include theirs — their document's keyed hash on the owners register. A
 * tenant or a family member who is not on record owns nothing here, and is told so.
 */
export interface VoterGroup {
  headNo: number;
  units: { roomId: string; label: string; area: number }[];
}

export type VoterStanding =
  { owner: true; ownerKey: string; groups: VoterGroup[] } | { owner: false; reason: string };

export const NOT_AN_OWNER =
  'Only owners on record of a unit in this vote may vote: the owners register does not name you for any of its units (tenants and family members vote through the owner) / 仅本次表决范围内登记在册的业主可以表决：业主名册中没有您名下的房屋（租户和家庭成员请由产权人表决）';

/**
 * How a verified resident reaches a vote's frozen electorate: an owner on record of one of its
 * heads (their owner key in vote_voters), and/or living in one of its units (their home room).
 */
export async function residentReach(
  db: Kysely<DB>,
  voteId: string,
  home: ResidentHome,
): Promise<{ owner: boolean; lives: boolean }> {
  const ownerKey = await ownerKeyOfResident(db, home.residentId);
  const row = await db
    .selectNoFrom((eb) => [
      (ownerKey
        ? eb.exists(
            eb
              .selectFrom('vote_voters')
              .select('head_no')
              .where('owner_key', '=', ownerKey)
              .where('vote_id', '=', voteId),
          )
        : eb.val(false)
      ).as('owner'),
      eb
        .exists(
          eb
            .selectFrom('vote_units')
            .select('head_no')
            .where('vote_id', '=', voteId)
            .where('room_id', '=', home.roomId),
        )
        .as('lives'),
    ])
    .executeTakeFirstOrThrow();
  return { owner: !!row.owner, lives: !!row.lives };
}

/**
 * The list's form of `residentReach` (one rule, two shapes): the ids of the votes whose
 * electorate names the owner key, or holds the home room.
 */
export function reachedVoteIds(db: Kysely<DB>, ownerKey: string | null, roomId: string) {
  const lives = db.selectFrom('vote_units').select('vote_id').where('room_id', '=', roomId);
  return ownerKey
    ? lives.union(db.selectFrom('vote_voters').select('vote_id').where('owner_key', '=', ownerKey))
    : lives;
}

export async function voterStanding(
  db: Kysely<DB>,
  voteId: string,
  home: ResidentHome,
): Promise<VoterStanding> {
  const ownerKey = await ownerKeyOfResident(db, home.residentId);
  if (!ownerKey) return { owner: false, reason: NOT_AN_OWNER };
  const rows = await db
    .selectFrom('vote_voters as v')
    .innerJoin('vote_units as u', (j) =>
      j.onRef('u.vote_id', '=', 'v.vote_id').onRef('u.head_no', '=', 'v.head_no'),
    )
    .select(['v.head_no', 'u.room_id', 'u.label', 'u.area'])
    .where('v.owner_key', '=', ownerKey)
    .where('v.vote_id', '=', voteId)
    .orderBy('v.head_no')
    .orderBy('u.position')
    .execute();
  if (rows.length === 0) return { owner: false, reason: NOT_AN_OWNER };
  const groups: VoterGroup[] = [];
  for (const r of rows) {
    let g = groups.at(-1);
    if (!g || g.headNo !== r.head_no) groups.push((g = { headNo: r.head_no, units: [] }));
    g.units.push({ roomId: r.room_id, label: r.label, area: r.area });
  }
  return { owner: true, ownerKey, groups };
}
