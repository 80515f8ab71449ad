import crypto from 'node:crypto';
import {
  DUPLICATE_WINDOW_DAYS,
  maskDocument,
  maskName,
  maskPhone,
  type DeclareAnswer,
  type DeclareBody,
  type GuestDeclarationBody,
  type KeyRegionLevel,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { districtOf } from '../../platform/district.js';
import { AppError } from '../../platform/errors.js';
import { committeePath } from '../../platform/policy.js';
import { addDays, shanghaiDate } from '../../platform/shanghai-time.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import {
  announceTopicFigures,
  feedTopicFigures,
  type TopicFigureChange,
} from '../dashboards/index.js';
import { consumeCode } from '../otp/index.js';
import {
  documentHmac,
  findRegistryMatch,
  phoneHmac,
  residentRooms,
  roomPlaces,
} from '../registry/index.js';
import { requireVerifiedHome } from '../residents/index.js';
import { checkDeclaration, newReference, type CheckedDeclaration } from './declaration-input.js';
import { requireLink } from './declaration-links.js';
import { keyRegionArrival } from './declaration-events.js';
import { matchKeyRegion } from './key-regions.service.js';
import { regionFacet } from './regions.js';

/**
 * Declaring an arrival: from the compound's QR code with an SMS code (no account), or by a
 * verified resident for a guest staying in one of their rooms. Every field is checked first,
 * then the room, then the code is used (so a form refused for a field keeps its code), and the
 * declaration is stored in one transaction with what follows from it: the key region it falls
 * in, a possible duplicate, the registry flag, the board's figures and — from a key region —
 * the `keyRegionArrival` event (the observations module opens an observation in it).
 */

export const EPIDEMIC_TOPIC = 'epidemic';

const ROOM_OUTSIDE = 'roomId: not a room of this compound / 所选房屋不在本小区';
const ROOM_NOT_YOURS =
  'roomId: not one of your rooms (your verified home, or a room you own on record) / 所选房屋不是您认证的住所或名下房屋';

/** Where the declared room is: its compound, committee and label. */
export interface DeclaredRoom {
  roomId: string;
  committeeCode: string;
  compoundCode: string;
  compoundName: string;
  /** the compound's path */
  areaPath: string;
  /** building, unit and room: 1号楼 2单元 301 */
  label: string;
}

/** A registry room as a declaration names it; null when there is no such room. */
export async function declaredRoom(db: Kysely<DB>, roomId: string): Promise<DeclaredRoom | null> {
  const place = (await roomPlaces(db, [roomId])).get(roomId);
  if (!place) return null;
  const compound = await findAreaCached(db, place.compoundCode);
  const compoundName = compound?.name ?? '';
  const label =
    compoundName && place.label.startsWith(`${compoundName} `)
      ? place.label.slice(compoundName.length + 1)
      : place.label;
  return {
    roomId,
    committeeCode: place.committeeCode,
    compoundCode: place.compoundCode,
    compoundName,
    areaPath: place.areaPath,
    label,
  };
}

/** POST /api/declare/:token — the public form. */
export async function declarePublic(
  ctx: Ctx,
  token: string,
  body: DeclareBody,
): Promise<DeclareAnswer> {
  const link = await requireLink(ctx.db, token);
  const { code, ...fields } = body;
  const checked = checkDeclaration(fields);
  const room = await declaredRoom(ctx.db, fields.roomId);
  if (!room || room.compoundCode !== link.compound_code)
    throw AppError.invalid('roomId', 'compound', ROOM_OUTSIDE);
  // last: a form refused for a field keeps its code; a wrong code is a counted try
  await consumeCode(ctx, { phone: checked.phone, purpose: 'declare', code });
  return storeDeclaration(ctx, checked, room, null);
}

/** POST /api/my/declarations — a verified resident declares for a guest in one of their rooms. */
export async function declareForGuest(
  ctx: Ctx,
  body: GuestDeclarationBody,
): Promise<DeclareAnswer> {
  const home = await requireVerifiedHome(ctx);
  const checked = checkDeclaration(body);
  const rooms = await residentRooms(ctx.db, home.residentId, home.roomId);
  const room = rooms.some((r) => r.roomId === body.roomId)
    ? await declaredRoom(ctx.db, body.roomId)
    : null;
  if (!room) throw AppError.invalid('roomId', 'ownRoom', ROOM_NOT_YOURS);
  return storeDeclaration(ctx, checked, room, ctx.actor!.id);
}

/** The duplicate window: arrivals within this many days of each other, same document. */
const duplicateWindow = (arrivalDate: string) => ({
  from: addDays(arrivalDate, -DUPLICATE_WINDOW_DAYS),
  to: addDays(arrivalDate, DUPLICATE_WINDOW_DAYS),
});

/** The board's figures of one declaration: +1 when stored, −1 when marked duplicate. */
export function declarationFigures(
  d: { areaPath: string; originCode: string; keyRegionLevel: KeyRegionLevel | null },
  day: string,
  delta: 1 | -1,
): TopicFigureChange[] {
  const base = { areaPath: d.areaPath, day, delta };
  const out: TopicFigureChange[] = [{ ...base, metric: 'arrivals_declared' }];
  const facet = regionFacet(d.originCode);
  if (facet) out.push({ ...base, metric: 'arrivals_declared', facet });
  if (d.keyRegionLevel) {
    out.push({ ...base, metric: 'arrivals_key_regions' });
    out.push({
      ...base,
      metric: d.keyRegionLevel === 'high' ? 'arrivals_high_risk' : 'arrivals_medium_risk',
    });
  }
  return out;
}

/**
 * Store a checked declaration in its room. `declaredBy`: the resident who declared for a guest,
 * or null from the public form. `now` is a parameter for the demo's history.
 */
export async function storeDeclaration(
  ctx: Ctx,
  d: CheckedDeclaration,
  room: DeclaredRoom,
  declaredBy: string | null,
  now = new Date(),
): Promise<DeclareAnswer> {
  const id = crypto.randomUUID();
  const docHmac = documentHmac(ctx.cipher, d.documentKind, d.documentNumber);
  const day = shanghaiDate(now);
  const answer = await ctx.db.transaction().execute(async (trx) => {
    const hit = await matchKeyRegion(trx, d.origin.code, d.arrivalDate);
    // the listed region by its full path: a county's name alone can be ambiguous (江岸区)
    const match = hit
      ? { id: hit.id, code: hit.region.code, name: hit.region.path, level: hit.level }
      : null;
    const window = duplicateWindow(d.arrivalDate);
    const earlier = await trx
      .selectFrom('declarations')
      .select('id')
      .where('district_code', '=', districtOf(room.areaPath))
      .where('committee_code', '=', room.committeeCode)
      .where('document_hmac', '=', docHmac)
      .where('arrival_date', '>=', window.from)
      .where('arrival_date', '<=', window.to)
      .where('status', '!=', 'duplicate')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const registry =
      d.documentKind === 'other'
        ? null
        : await findRegistryMatch(trx, {
            idHmac: docHmac,
            committeeCode: room.committeeCode,
            roomId: room.roomId,
            name: d.name,
          });
    let reference = '';
    for (let tries = 0; !reference; tries++) {
      if (tries > 5) throw new Error('no free declaration reference after 6 tries');
      const candidate = newReference();
      const stored = await trx
        .insertInto('declarations')
        .values({
          id,
          reference: candidate,
          committee_code: room.committeeCode,
          compound_code: room.compoundCode,
          area_path: room.areaPath,
          district_code: districtOf(room.areaPath),
          room_id: room.roomId,
          room_label: room.label,
          name_enc: ctx.cipher.encrypt(d.name),
          name_masked: maskName(d.name),
          phone_enc: ctx.cipher.encrypt(d.phone),
          phone_hmac: phoneHmac(ctx.cipher, d.phone),
          phone_masked: maskPhone(d.phone),
          document_kind: d.documentKind,
          document_enc: ctx.cipher.encrypt(d.documentNumber),
          document_hmac: docHmac,
          document_masked: maskDocument(
            d.documentKind === 'resident_id' ? 'resident_id' : 'passport',
            d.documentNumber,
          ),
          origin_code: d.origin.code,
          arrival_date: d.arrivalDate,
          arrival_means: d.arrivalMeans,
          purpose: d.purpose,
          stay_days: d.stayDays,
          stay_until: d.stayUntil,
          temperature: d.temperature,
          symptoms: d.symptoms,
          key_region_id: match?.id ?? null,
          key_region_name: match?.name ?? null,
          key_region_level: match?.level ?? null,
          possible_duplicate_of: earlier?.id ?? null,
          duplicate_of: null,
          registry_resident: registry !== null,
          declared_by: declaredBy,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('reference').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (stored) reference = candidate;
    }
    // the same person declared again: the earlier declaration's observation goes on, no second
    // one (the declarations module shares `observations` for this read)
    const observedAlready =
      match && earlier
        ? (await trx
            .selectFrom('observations')
            .select('id')
            .where('declaration_id', '=', earlier.id)
            .executeTakeFirst()) !== undefined
        : false;
    if (match && !observedAlready) {
      await ctx.events.publish(trx, keyRegionArrival, {
        declarationId: id,
        committeeCode: room.committeeCode,
        committeePath: committeePath(room.areaPath, room.committeeCode),
        areaPath: room.areaPath,
        roomId: room.roomId,
        roomLabel: room.label,
        personName: d.name,
        phone: d.phone,
        region: { code: match.code, name: match.name, level: match.level },
        arrivalDate: d.arrivalDate,
        declaredBy,
      });
    }
    await recordAudit(
      ctx,
      {
        action: 'declarations.declare',
        objectType: 'declaration',
        objectId: id,
        areaPath: room.areaPath,
        detail: {
          reference,
          declaredBy: declaredBy ? 'resident' : 'self',
          ...(match ? { keyRegion: match.level } : {}),
        },
      },
      trx,
    );
    // the observation the observations module opened in this transaction, if it did (it
    // shares `observations` for this read)
    const observation = match
      ? await trx
          .selectFrom('observations')
          .select('id')
          .where('declaration_id', '=', id)
          .executeTakeFirst()
      : undefined;
    // last before the commit: every declaration of the compound's chain waits on these rows,
    // so they are held for as short a time as the transaction allows
    await feedTopicFigures(
      trx,
      EPIDEMIC_TOPIC,
      declarationFigures(
        {
          areaPath: room.areaPath,
          originCode: d.origin.code,
          keyRegionLevel: match?.level ?? null,
        },
        day,
        1,
      ),
    );
    return {
      id,
      reference,
      keyRegion: match ? { name: match.name, level: match.level } : null,
      observation: observation !== undefined,
    };
  });
  // the observation's check-in text is in the outbox: send it now, not at the next poll
  if (answer.observation) ctx.jobs.kick();
  announceTopicFigures(ctx.live, EPIDEMIC_TOPIC, [room.areaPath]);
  return answer;
}
