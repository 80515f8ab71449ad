import assert from 'node:assert/strict';
import type { VoteDetail } from '@cc/contracts';
import {
  DEMO_COMMITTEE,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from './testing.js';

/**
 * Test support for the votes suites (modules/votes/*.test.ts): owners on record who are
 * verified residents, set through the registry's owners form, and votes created and opened
 * through HTTP. Beside testing.ts, not in the module: it reads the registry's tables for
 * fixtures and builds on testing.ts, which only tests and the top of the house may.
 */

export const COMMITTEE = DEMO_COMMITTEE; // 云南中路居委会
const HOUR = 3_600_000;

/** A verified resident with the registry document they are on record by. */
export interface Person extends VerifiedResident {
  documentType: string;
  documentNumber: string;
}

/** A verified resident of the committee and their document in clear (from the registry). */
export async function person(
  tp: TestPlatform,
  o: {
    relation?: 'owner' | 'co_owner' | 'tenant' | 'family';
    committee?: string;
    /** a compound of the committee to live in */
    compound?: string;
    notInRooms?: readonly string[];
  } = {},
): Promise<Person> {
  const r = await verifiedResident(tp, {
    committee: o.committee ?? COMMITTEE,
    compound: o.compound,
    relation: o.relation ?? 'owner',
    notInRooms: o.notInRooms,
  });
  const doc = await tp.platform.database.db
    .selectFrom('residents')
    .select(['document_type', 'document_enc'])
    .where('id', '=', r.residentId)
    .executeTakeFirstOrThrow();
  return {
    ...r,
    documentType: doc.document_type,
    documentNumber: tp.platform.deps.cipher.decrypt(doc.document_enc),
  };
}

const roomQueues = new WeakMap<TestPlatform, Promise<string[]>>();

/**
 * `n` rooms of the committee no other fixture took, taken from its compounds in turn: a vote
 * over two or more of them spans compounds, so its area is the committee's and every verified
 * resident of the committee reads it. Call after the first `person` (which makes the registry).
 */
export async function freshRooms(tp: TestPlatform, n: number): Promise<string[]> {
  if (!roomQueues.has(tp))
    roomQueues.set(
      tp,
      tp.platform.database.db
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select(['r.id', 'b.compound_code'])
        .where('b.committee_code', '=', COMMITTEE)
        .orderBy('b.name')
        .orderBy('r.unit')
        .orderBy('r.number')
        .execute()
        .then((rows) => {
          const byCompound = new Map<string, string[]>();
          for (const r of rows)
            byCompound.set(r.compound_code, [...(byCompound.get(r.compound_code) ?? []), r.id]);
          const lists = [...byCompound.values()];
          const out: string[] = [];
          for (let i = 0; out.length < rows.length; i++)
            for (const l of lists) if (i < l.length) out.push(l[i]!);
          return out;
        }),
    );
  const queue = await roomQueues.get(tp)!;
  assert.ok(queue.length >= n, `only ${queue.length} rooms left in the committee`);
  return queue.splice(0, n);
}

/** Keep `roomId` (say, a fixture's home) from being handed out by `freshRooms`. */
export async function takeRoom(tp: TestPlatform, roomId: string): Promise<void> {
  await freshRooms(tp, 0);
  const queue = await roomQueues.get(tp)!;
  const i = queue.indexOf(roomId);
  if (i >= 0) queue.splice(i, 1);
}

/** Staff set a room's owners on record and its registered area (m²) through the form. */
export async function setOwners(
  staff: Client,
  roomId: string,
  owners: readonly Person[],
  registeredArea: number,
): Promise<void> {
  const share = Math.floor(10_000 / owners.length) / 100;
  const r = await staff.request('PUT', `/api/registry/rooms/${roomId}/owners`, {
    registeredArea,
    owners: owners.map((p, i) => ({
      name: p.name,
      documentType: p.documentType,
      documentNumber: p.documentNumber,
      // the shares add up to 100
      share: i === 0 ? Math.round((100 - share * (owners.length - 1)) * 100) / 100 : share,
    })),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Draft and open a vote over a list of rooms (open now, closing in an hour). */
export async function openVote(
  staff: Client,
  roomIds: readonly string[],
  o: { allowChange?: boolean; title?: string; rule?: string } = {},
): Promise<VoteDetail> {
  const now = Date.now();
  const created = await staff.post<VoteDetail>('/api/votes', {
    committeeCode: COMMITTEE,
    title: o.title ?? '加装电梯意见征询',
    body: '本楼道拟加装电梯，请各位业主表决。',
    electorate: { kind: 'list', roomIds },
    rule: { preset: o.rule ?? 'civil_code_major' },
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + HOUR).toISOString(),
    allowChange: o.allowChange ?? false,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const opened = await staff.post<VoteDetail>(`/api/votes/${created.body.id}/open`);
  assert.equal(opened.status, 200, JSON.stringify(opened.body));
  return opened.body;
}

/** Move a vote's closing time into the past (the close job has not run: ballots still refused). */
export async function pastClose(tp: TestPlatform, voteId: string): Promise<void> {
  await tp.platform.database.db
    .updateTable('votes')
    .set({ closes_at: new Date(Date.now() - 1000) })
    .where('id', '=', voteId)
    .execute();
}

/** Upload a small JPEG as an attachment (the photo of a signed sheet); returns its id. */
export async function uploadSheet(client: Client): Promise<string> {
  const { default: sharp } = await import('sharp');
  const bytes = await sharp({
    create: { width: 40, height: 30, channels: 3, background: '#dddddd' },
  })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'ballot.jpg');
  const r = await client.post<{ id: string }>('/api/attachments', form);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}
