import {
  maskName,
  type ResidentLink,
  type ResidentLinkRelation,
  type VerificationRequest,
  type VerificationState,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { accountNames, smsContacts } from '../identity/index.js';
import { queueNotifications } from '../notifications/index.js';
import { householdNumbers, roomPlaces } from '../registry/index.js';
import type { ResidentLinksTable } from './residents.tables.js';

/** The residents module's queries that more than one use case runs. */

export type LinkRow = Selectable<ResidentLinksTable>;

/** The account's link (verified or revoked), or undefined. */
export function findLink(db: Kysely<DB>, accountId: string): Promise<LinkRow | undefined> {
  return db
    .selectFrom('resident_links')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The account's verified link, or null. */
export async function verifiedLink(db: Kysely<DB>, accountId: string): Promise<LinkRow | null> {
  const link = await findLink(db, accountId);
  return link && link.status === 'verified' ? link : null;
}

/** A link as its holder (or staff) sees it: the room by its label, nothing personal. */
export async function toLinkView(db: Kysely<DB>, link: LinkRow): Promise<ResidentLink> {
  const [places, numbers, committee] = await Promise.all([
    roomPlaces(db, [link.room_id]),
    householdNumbers(db, [link.household_id]),
    db
      .selectFrom('areas')
      .select('name')
      .where('code', '=', link.committee_code)
      .executeTakeFirst(),
  ]);
  return {
    accountId: link.account_id,
    residentId: link.resident_id,
    roomId: link.room_id,
    roomLabel: places.get(link.room_id)?.label ?? '',
    committeeCode: link.committee_code,
    committeeName: committee?.name ?? link.committee_code,
    compoundCode: link.compound_code,
    householdId: link.household_id,
    householdNumber: link.household_id ? (numbers.get(link.household_id) ?? null) : null,
    relation: link.relation as ResidentLinkRelation,
    isHead: link.is_head,
    status: link.status as ResidentLink['status'],
    verifiedAt: link.verified_at.toISOString(),
    revokedAt: link.revoked_at?.toISOString() ?? null,
    revokedReason: link.revoked_reason,
  };
}

export function requestQuery(db: Kysely<DB>) {
  return db
    .selectFrom('verification_requests as v')
    .leftJoin('areas as c', 'c.code', 'v.committee_code')
    .select([
      'v.id',
      'v.account_id',
      'v.room_id',
      'v.building_id',
      'v.committee_code',
      'v.compound_code',
      'v.area_path',
      'v.relation',
      'v.name_masked',
      'v.id_hmac',
      'v.id_masked',
      'v.state',
      'v.match_resident_id',
      'v.match_household_id',
      'v.match',
      'v.decided_by',
      'v.decided_as',
      'v.decided_at',
      'v.reason',
      'v.resident_id',
      'v.created_at',
      'c.name as committee_name',
    ]);
}
export type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

/**
 * Requests as a viewer sees them: the resident their own (no suggestion, no account), staff
 * and the household head with the suggested registry resident; staff also with the account.
 */
export async function toRequestViews(
  ctx: Ctx,
  rows: readonly RequestRow[],
  as: 'resident' | 'head' | 'staff',
): Promise<VerificationRequest[]> {
  const approved = rows.filter((r) => r.state === 'approved').map((r) => r.account_id);
  const [places, names, phones, links] = await Promise.all([
    roomPlaces(
      ctx.db,
      rows.map((r) => r.room_id),
    ),
    as === 'staff'
      ? accountNames(
          ctx.db,
          rows.map((r) => r.account_id),
        )
      : new Map<string, string>(),
    as === 'staff'
      ? smsContacts(
          ctx.db,
          rows.map((r) => r.account_id),
        )
      : new Map<string, { phoneMasked: string | null }>(),
    as === 'staff' && approved.length > 0
      ? ctx.db
          .selectFrom('resident_links')
          .select(['account_id', 'resident_id'])
          .where('account_id', 'in', approved)
          .where('status', '=', 'verified')
          .execute()
          .then((ls) => new Map(ls.map((l) => [l.account_id, l.resident_id])))
      : new Map<string, string>(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    state: r.state as VerificationState,
    roomId: r.room_id,
    roomLabel: places.get(r.room_id)?.label ?? '',
    committeeCode: r.committee_code,
    committeeName: r.committee_name ?? r.committee_code,
    relation: r.relation as ResidentLinkRelation,
    name: r.name_masked,
    idNumber: r.id_masked,
    ...(as === 'staff'
      ? {
          account: {
            id: r.account_id,
            // the name the account signed up with, masked like the name given
            displayName: maskName(names.get(r.account_id) ?? ''),
            phone: phones.get(r.account_id)?.phoneMasked ?? null,
          },
          // approved, and the account still verified as that resident: staff may revoke it
          linked:
            r.state === 'approved' && !!r.resident_id && links.get(r.account_id) === r.resident_id,
        }
      : {}),
    ...(as === 'resident' ? {} : { match: r.match }),
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedAs: r.decided_as,
    reason: r.reason,
  }));
}

/** Messages to accounts, written in `trx` (the outbox sends the texts after the commit). */
export async function notify(
  trx: Kysely<DB>,
  messages: {
    recipientId: string;
    areaPath: string | null;
    text: string;
    channels: ('sms' | 'inapp')[];
  }[],
): Promise<void> {
  await queueNotifications(
    trx,
    messages.map((m) => ({ ...m, caseId: null })),
  );
}
