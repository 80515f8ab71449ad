import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { maskPhone } from '@cc/contracts';
import { sql } from 'kysely';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  DEMO_COMMITTEE,
  generateRegistry,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  UNMASKED_ID,
  UNMASKED_PHONE,
  verifiedResident,
  type Client,
  type HttpResponse,
  type TestPlatform,
} from '../../testing.js';
import { createDataCipher } from '../../platform/crypto.js';
import { rotateData } from '../../platform/key-rotation.js';
import { fakeResidentId } from '../registry/index.js';
import { addDays } from '../../platform/shanghai-time.js';
import { declarationRekeyers } from './rekey.js';

/**
 * Arrival declarations (issue 22) through HTTP: the compound's QR link, the public form with an
 * SMS code read from the 短信发件箱, every field rule (a 400 naming the field, nothing stored),
 * the per-address limit, duplicates by document, the key-region match and the board's figures,
 * committee scope, a resident declaring for a guest, reveal, the retention purge, and a masking
 * scanner over every answer. Each case sends from its own address (X-Forwarded-For through a
 * trusted local proxy) and uses its own phone numbers, so the code limits of one do not touch
 * another.
 */
const OTHER_COMMITTEE = '310101002002'; // 龙泉园路
const COMPOUND = `${DEMO_COMMITTEE}-G1-C1`; // 云南中路花园
const OTHER_COMPOUND = `${DEMO_COMMITTEE}-G2-C1`; // 云南中路新村, same committee
const PER_HOUR = 5;

let ipSeq = 0;
const nextIp = () => `203.0.113.${(++ipSeq % 250) + 1}`;
let phoneSeq = 0;
const nextPhone = () =>
  `137${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(5, '0')}`;
let idSeq = 0;
/** a valid resident ID nobody else in the suite uses */
const nextId = () => {
  const n = ++idSeq;
  return fakeResidentId(
    '420102',
    `1980-01-${String((n % 28) + 1).padStart(2, '0')}`,
    n % 2 ? 'male' : 'female',
    () => (n * 0.0137) % 1,
  );
};

for (const kind of DATABASES) {
  describe(`declarations (${kind})`, () => {
    let tp: TestPlatform;
    let yunnan: Client;
    let city: Client;
    let token: string;
    let roomId: string;
    let otherCompoundRoomId: string;
    /** every JSON answer of the new endpoints, for the masking scanner */
    const answers: unknown[] = [];

    const today = () => shanghaiDate();
    const keep = <T>(r: HttpResponse<T>) => {
      answers.push(r.body);
      return r;
    };
    /** A client whose requests come from its own address. */
    const from = (ip = nextIp()) => {
      const c = tp.client();
      const request = c.request.bind(c);
      c.request = (method, url, body, headers = {}) =>
        request(method, url, body, { 'x-forwarded-for': ip, ...headers });
      return c;
    };
    const codeFor = async (phone: string): Promise<string> => {
      const r = await city.get('/api/sms-outbox?pageSize=200');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const text = (r.body.items as { to: string; body: string }[])
        .filter((m) => m.to === maskPhone(phone))
        .map((m) => m.body)
        .find((t) => /验证码 \d{6}/.test(t));
      assert.ok(text, `a code was texted to ${phone}`);
      return /验证码 (\d{6})/.exec(text)![1]!;
    };
    const count = async () =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom('declarations')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const body = (o: Record<string, unknown> = {}) => ({
      phone: nextPhone(),
      name: '王小明',
      document: { kind: 'resident_id', number: nextId() },
      originCode: '320102',
      arrivalDate: today(),
      arrivalMeans: 'train',
      roomId,
      purpose: 'family',
      stayDays: 10,
      health: { temperature: 36.6, symptoms: [] },
      ...o,
    });
    /** Ask for a code for the body's phone and declare with it, from one address. */
    const declare = async (
      b: Record<string, unknown>,
      o: { client?: Client; code?: string; token?: string } = {},
    ) => {
      const c = o.client ?? from();
      const asked = await c.post('/api/codes', { phone: b.phone, purpose: 'declare' });
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      const code = o.code ?? (await codeFor(b.phone as string));
      return keep(await c.post(`/api/declare/${o.token ?? token}`, { ...b, code }));
    };
    const figure = async (metric: string, areaPath: string, facet = '') =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom('topic_feed_figures')
            .select('value')
            .where('topic', '=', 'epidemic')
            .where('metric', '=', metric)
            .where('facet', '=', facet)
            .where('area_path', '=', areaPath)
            .where('day', '=', today())
            .executeTakeFirst()
        )?.value ?? 0,
      );
    const compoundPath = async (code: string) =>
      (
        await tp.platform.database.db
          .selectFrom('areas')
          .select('path')
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).path;

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        trustProxy: true,
        trustedProxies: ['127.0.0.1'],
        declarationsPerHour: PER_HOUR,
      });
      const { db, cipher } = tp.platform.deps;
      await generateRegistry(db, cipher, {
        scale: 0.1,
        within: [DEMO_COMMITTEE, OTHER_COMMITTEE],
        seed: 20,
      });
      [yunnan, city] = await Promise.all([tp.login('yunnan'), tp.login('city')]);
      const link = keep(await yunnan.get(`/api/declaration-links/${COMPOUND}`));
      assert.equal(link.status, 200, JSON.stringify(link.body));
      token = link.body.token;
      const room = await db
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select(['r.id', 'b.compound_code'])
        .where('b.compound_code', 'in', [COMPOUND, OTHER_COMPOUND])
        .orderBy('r.id')
        .execute();
      roomId = room.find((r) => r.compound_code === COMPOUND)!.id;
      otherCompoundRoomId = room.find((r) => r.compound_code === OTHER_COMPOUND)!.id;
    });
    after(() => tp.close());

    it('when committee staff open the poster, then they get one token, its URL and a QR code, the same each time, and a rotation stops the old token', async () => {
      const first = keep(await yunnan.get(`/api/declaration-links/${OTHER_COMPOUND}`));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.match(first.body.token, /^[A-Za-z0-9_-]{22,}$/);
      assert.ok(first.body.url.endsWith(`/d/${first.body.token}`));
      assert.match(first.body.qrSvg, /<svg[\s\S]*<\/svg>/);
      assert.equal(first.body.compound.code, OTHER_COMPOUND);
      assert.equal(first.body.committee.code, DEMO_COMMITTEE);
      const again = await yunnan.get(`/api/declaration-links/${OTHER_COMPOUND}`);
      assert.equal(again.body.token, first.body.token);
      const form = keep(await from().get(`/api/declare/${first.body.token}`));
      assert.equal(form.status, 200);
      assert.equal(form.body.compound.code, OTHER_COMPOUND);
      assert.ok(form.body.buildings.length > 0);

      const rotated = await yunnan.post(`/api/declaration-links/${OTHER_COMPOUND}/rotate`);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.notEqual(rotated.body.token, first.body.token);
      assert.equal((await from().get(`/api/declare/${first.body.token}`)).status, 404);
      assert.equal((await from().get(`/api/declare/${rotated.body.token}`)).status, 200);
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'declarations.link.rotate')
        .where('object_id', '=', OTHER_COMPOUND)
        .execute();
      assert.equal(audit.length, 1);
    });

    it("when anyone but the compound's committee staff asks for its poster, then 404", async () => {
      const other = await staffAccount(tp, {
        username: 'longquan-poster',
        role: 'committee_staff',
        areaCode: OTHER_COMMITTEE,
      });
      const resident = await verifiedResident(tp);
      for (const c of [other, resident.client, await tp.login('nanjingdong')]) {
        assert.equal((await c.get(`/api/declaration-links/${COMPOUND}`)).status, 404);
        assert.equal((await c.post(`/api/declaration-links/${COMPOUND}/rotate`)).status, 404);
      }
      assert.equal((await tp.client().get(`/api/declaration-links/${COMPOUND}`)).status, 401);
    });

    it('when a visitor opens the form, then it names the compound and lists its buildings and rooms, nothing about people', async () => {
      const c = from();
      const form = keep(await c.get(`/api/declare/${token}`));
      assert.equal(form.status, 200);
      assert.equal(form.body.compound.code, COMPOUND);
      assert.ok(form.body.committee.name.includes('云南中路'));
      const building = form.body.buildings[0];
      const rooms = keep(await c.get(`/api/declare/${token}/rooms?building=${building.id}`));
      assert.equal(rooms.status, 200);
      assert.ok(rooms.body.items.length > 0);
      assert.ok(rooms.body.items.every((r: { label: string }) => r.label.length > 0));
    });

    it('when a visitor declares with the code from the outbox, then 201 with a reference, staff see it masked, and the board counts it by origin', async () => {
      const path = await compoundPath(COMPOUND);
      const committeePath = path.split('/').slice(0, -2).join('/');
      const [before, beforeFacet, beforeCommittee] = await Promise.all([
        figure('arrivals_declared', path),
        figure('arrivals_declared', path, 'CN-32'),
        figure('arrivals_declared', committeePath),
      ]);
      const b = body({ name: '赵一鸣', originCode: '320102' });
      const r = await declare(b);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(r.body.reference, /^SB-[0-9A-Z]{6}$/);
      assert.equal(r.body.keyRegion, null);
      assert.equal(r.body.observation, false);
      assert.equal(await figure('arrivals_declared', path), before + 1);
      assert.equal(await figure('arrivals_declared', path, 'CN-32'), beforeFacet + 1);
      assert.equal(await figure('arrivals_declared', committeePath), beforeCommittee + 1);

      const detail = keep(await yunnan.get(`/api/declarations/${r.body.id}`));
      assert.equal(detail.status, 200, JSON.stringify(detail.body));
      assert.equal(detail.body.name, '赵**');
      assert.equal(detail.body.phone, maskPhone(b.phone));
      assert.equal(detail.body.document.number.length, 18);
      assert.match(detail.body.document.number, /^\d{4}\*{10}/);
      assert.equal(detail.body.origin.code, '320102');
      assert.ok(detail.body.origin.path.includes('南京'));
      assert.equal(detail.body.status, 'submitted');
      assert.equal(detail.body.declaredBy, 'self');
      assert.equal(detail.body.compound.code, COMPOUND);
      assert.equal(detail.body.room.id, roomId);
      assert.deepEqual(detail.body.reviews, []);
      const list = keep(await yunnan.get(`/api/declarations?committee=${DEMO_COMMITTEE}`));
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((d: { id: string }) => d.id === r.body.id));
      assert.ok(list.body.counts.submitted >= 1);
    });

    it('when a field breaks a rule, then a 400 names the field and nothing is stored', async () => {
      const badId = (() => {
        const good = nextId();
        const last = good[17] === '0' ? '1' : '0';
        return good.slice(0, 17) + last;
      })();
      const cases: [string, Record<string, unknown>][] = [
        ['originCode', { originCode: '999999' }],
        ['originCode', { originCode: 'XX' }],
        ['originCode', { originCode: 'CN' }],
        ['arrivalDate', { arrivalDate: addDays(today(), 2) }],
        ['arrivalDate', { arrivalDate: addDays(today(), -61) }],
        ['arrivalDate', { arrivalDate: '2026-02-30' }],
        ['document.number', { document: { kind: 'resident_id', number: badId } }],
        ['document.number', { document: { kind: 'passport', number: 'E1' } }],
        ['health.temperature', { health: { temperature: 33.9, symptoms: [] } }],
        ['health.temperature', { health: { temperature: 43.1, symptoms: [] } }],
        ['roomId', { roomId: otherCompoundRoomId }],
        ['roomId', { roomId: crypto.randomUUID() }],
        ['phone', { phone: '12345' }],
        ['name', { name: '   ' }],
      ];
      const stored = await count();
      for (const [field, change] of cases) {
        const c = from();
        const b = body(change);
        const r = keep(await c.post(`/api/declare/${token}`, { ...b, code: '123456' }));
        assert.equal(
          r.status,
          400,
          `${field} ${JSON.stringify(change)}: ${JSON.stringify(r.body)}`,
        );
        assert.equal(r.body.field, field, JSON.stringify(r.body));
      }
      // schema rules name the field too
      for (const [field, change] of [
        ['stayDays', { stayDays: 0 }],
        ['health.symptoms.0', { health: { temperature: 36.5, symptoms: ['sneezing'] } }],
        ['arrivalMeans', { arrivalMeans: 'rocket' }],
      ] as const) {
        const r = await from().post(`/api/declare/${token}`, { ...body(change), code: '123456' });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, field);
      }
      // a wrong SMS code, the rest right: 400 naming code
      const b = body();
      const c = from();
      assert.equal(
        (await c.post('/api/codes', { phone: b.phone, purpose: 'declare' })).status,
        202,
      );
      const right = await codeFor(b.phone);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      const r = await c.post(`/api/declare/${token}`, { ...b, code: wrong });
      assert.equal(r.status, 400);
      assert.equal(r.body.field, 'code');
      assert.equal(await count(), stored, 'nothing stored');
      // the code, refused for a field, still works once
      const ok = await c.post(`/api/declare/${token}`, { ...b, code: right });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(await count(), stored + 1);
    });

    it('when the QR token is forged, then the form, its rooms and the declaration are 404 and nothing is stored', async () => {
      const stored = await count();
      const forged = crypto.randomBytes(18).toString('base64url');
      const c = from();
      assert.equal((await c.get(`/api/declare/${forged}`)).status, 404);
      assert.equal(
        (await c.get(`/api/declare/${forged}/rooms?building=${crypto.randomUUID()}`)).status,
        404,
      );
      const r = await c.post(`/api/declare/${forged}`, { ...body(), code: '123456' });
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'NOT_FOUND');
      assert.equal((await c.post('/api/declare/short', { ...body(), code: '123456' })).status, 404);
      assert.equal(await count(), stored);
    });

    it('when one address floods the form, then it gets 429 with Retry-After and nothing more is stored', async () => {
      const c = from();
      const stored = await count();
      for (let i = 0; i < PER_HOUR; i++) {
        const r = await c.post(`/api/declare/${token}`, { ...body(), code: '000000' });
        assert.equal(r.status, 400);
      }
      const refused = keep(await c.post(`/api/declare/${token}`, { ...body(), code: '000000' }));
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'TOO_MANY_REQUESTS');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal(await count(), stored);
      // another address is not held back
      assert.equal(
        (await from().post(`/api/declare/${token}`, { ...body(), code: '000000' })).status,
        400,
      );
    });

    it('when the same document arrives twice within 14 days in the committee, then the second is a possible duplicate, and marking it one takes it off the board', async () => {
      const path = await compoundPath(COMPOUND);
      const number = nextId();
      const first = await declare(body({ document: { kind: 'resident_id', number } }));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const second = await declare(
        body({ document: { kind: 'resident_id', number }, arrivalDate: addDays(today(), -3) }),
      );
      assert.equal(second.status, 201);
      const row = keep(await yunnan.get(`/api/declarations/${second.body.id}`));
      assert.equal(row.body.possibleDuplicateOf, first.body.id);
      const firstRow = await yunnan.get(`/api/declarations/${first.body.id}`);
      assert.equal(firstRow.body.possibleDuplicateOf, null);

      const missing = await yunnan.post(`/api/declarations/${second.body.id}/review`, {
        decision: 'duplicate',
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'duplicateOf');
      const self = await yunnan.post(`/api/declarations/${second.body.id}/review`, {
        decision: 'duplicate',
        duplicateOf: second.body.id,
      });
      assert.equal(self.status, 400);
      assert.equal(self.body.field, 'duplicateOf');

      const before = await figure('arrivals_declared', path);
      const marked = keep(
        await yunnan.post(`/api/declarations/${second.body.id}/review`, {
          decision: 'duplicate',
          duplicateOf: first.body.id,
          note: '同一人重复申报',
        }),
      );
      assert.equal(marked.status, 200, JSON.stringify(marked.body));
      assert.equal(marked.body.status, 'duplicate');
      assert.equal(marked.body.reviews.length, 1);
      assert.equal(marked.body.reviews[0].decision, 'duplicate');
      assert.equal(marked.body.reviews[0].note, '同一人重复申报');
      assert.equal(await figure('arrivals_declared', path), before - 1);
      const accepted = await yunnan.post(`/api/declarations/${first.body.id}/review`, {
        decision: 'accept',
      });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.status, 'accepted');
      assert.equal(await figure('arrivals_declared', path), before - 1, 'accepting moves nothing');
      // undoing the duplicate (staff accept the second after all) puts it back on the board
      const undone = await yunnan.post(`/api/declarations/${second.body.id}/review`, {
        decision: 'accept',
      });
      assert.equal(undone.status, 200, JSON.stringify(undone.body));
      assert.equal(undone.body.status, 'accepted');
      assert.equal(await figure('arrivals_declared', path), before);
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'declarations.review')
        .where('object_id', 'in', [first.body.id, second.body.id])
        .execute();
      assert.equal(audit.length, 3);

      // another committee's document is not a duplicate of this one's
      const elsewhere = await tp.platform.database.db
        .selectFrom('declarations')
        .select('possible_duplicate_of')
        .where('id', '=', first.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(elsewhere.possible_duplicate_of, null);
    });

    it('when the origin lies in a listed key region, then the answer and the row name it, and the board counts a key-region arrival', async () => {
      const listed = await city.post('/api/key-regions', {
        regionCode: '4201',
        level: 'high',
        from: addDays(today(), -20),
      });
      assert.equal(listed.status, 201, JSON.stringify(listed.body));
      const path = await compoundPath(COMPOUND);
      const [keyBefore, highBefore] = await Promise.all([
        figure('arrivals_key_regions', path),
        figure('arrivals_high_risk', path),
      ]);
      const r = await declare(body({ originCode: '420102', arrivalDate: addDays(today(), -1) }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.keyRegion?.level, 'high');
      assert.ok(r.body.keyRegion.name.includes('武汉'), r.body.keyRegion.name);
      // the observations module opened one in the same transaction (its suite tests it further)
      assert.equal(r.body.observation, true);
      const row = keep(await yunnan.get(`/api/declarations/${r.body.id}`));
      assert.equal(row.body.keyRegion.level, 'high');
      assert.match(row.body.observationId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(await figure('arrivals_key_regions', path), keyBefore + 1);
      assert.equal(await figure('arrivals_high_risk', path), highBefore + 1);
      assert.equal((await figure('arrivals_declared', path, 'CN-42')) > 0, true);
      const list = keep(
        await yunnan.get(`/api/declarations?committee=${DEMO_COMMITTEE}&keyRegion=true`),
      );
      assert.ok(list.body.items.some((d: { id: string }) => d.id === r.body.id));
      assert.ok(list.body.items.every((d: { keyRegion: unknown }) => d.keyRegion !== null));
      assert.ok(list.body.counts.keyRegion >= 1);

      // before the listing's start: no match
      const early = await declare(
        body({ originCode: '420102', arrivalDate: addDays(today(), -25) }),
      );
      assert.equal(early.status, 201);
      assert.equal(early.body.keyRegion, null);
      assert.equal(early.body.observation, false);
    });

    it('when the same person declares again from a key region, then the earlier observation goes on and no second one opens; marking the observed declaration a duplicate ends its observation', async () => {
      // the listing of 4201 (high) made by the test before
      const path = await compoundPath(COMPOUND);
      const observations = (ids: string[]) =>
        tp.platform.database.db
          .selectFrom('observations')
          .select(['id', 'declaration_id', 'state'])
          .where('declaration_id', 'in', ids)
          .execute();
      const observedBefore = await figure('home_observation', path);
      const number = nextId();
      const first = await declare(
        body({
          document: { kind: 'resident_id', number },
          originCode: '420102',
          arrivalDate: addDays(today(), -2),
        }),
      );
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.observation, true);
      const second = await declare(
        body({
          document: { kind: 'resident_id', number },
          originCode: '420103',
          arrivalDate: addDays(today(), -1),
        }),
      );
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.keyRegion?.level, 'high');
      assert.equal(second.body.observation, false);
      const opened = await observations([first.body.id, second.body.id]);
      assert.deepEqual(
        opened.map((o) => o.declaration_id),
        [first.body.id],
      );
      assert.equal(await figure('home_observation', path), observedBefore + 1);

      // staff keep the second and mark the first (the observed one) its duplicate
      const marked = await yunnan.post(`/api/declarations/${first.body.id}/review`, {
        decision: 'duplicate',
        duplicateOf: second.body.id,
        note: '以第二份为准',
      });
      assert.equal(marked.status, 200, JSON.stringify(marked.body));
      const [ended] = await observations([first.body.id]);
      assert.equal(ended!.state, 'ended');
      const steps = await tp.platform.database.db
        .selectFrom('observation_steps')
        .select(['kind', 'note'])
        .where('observation_id', '=', ended!.id)
        .where('kind', '=', 'ended')
        .execute();
      assert.equal(steps.length, 1);
      assert.match(steps[0]!.note, /重复申报.*以第二份为准/);
      assert.equal(await figure('home_observation', path), observedBefore);
    });

    it("when another committee's staff, the street or a resident ask for declarations, then 404 and never data", async () => {
      const r = await declare(body());
      assert.equal(r.status, 201);
      const other = await staffAccount(tp, {
        username: 'longquan-decl',
        role: 'committee_staff',
        areaCode: OTHER_COMMITTEE,
      });
      const resident = await verifiedResident(tp);
      const street = await tp.login('nanjingdong');
      for (const c of [other, resident.client, street]) {
        assert.equal((await c.get(`/api/declarations?committee=${DEMO_COMMITTEE}`)).status, 404);
        assert.equal((await c.get(`/api/declarations/${r.body.id}`)).status, 404);
        assert.equal(
          (await c.post(`/api/declarations/${r.body.id}/review`, { decision: 'accept' })).status,
          404,
        );
        assert.equal(
          (
            await c.post(`/api/declarations/${r.body.id}/reveal`, {
              field: 'phone',
              reason: '核实身份信息',
            })
          ).status,
          404,
        );
      }
      // their own committee: an empty list, not this one's
      const own = await other.get(`/api/declarations?committee=${OTHER_COMMITTEE}`);
      assert.equal(own.status, 200);
      assert.ok(own.body.items.every((d: { id: string }) => d.id !== r.body.id));
      // a resident's own list holds only what they declared
      const mine = await resident.client.get('/api/my/declarations');
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body.items, []);
      assert.equal((await tp.client().get(`/api/declarations/${r.body.id}`)).status, 401);
    });

    it('when a verified resident declares a guest in their own room, then 201 and it is in their list; another room is a 400 naming roomId', async () => {
      const resident = await verifiedResident(tp);
      const stored = await count();
      const notMine = keep(
        await resident.client.post('/api/my/declarations', body({ roomId: otherCompoundRoomId })),
      );
      assert.equal(notMine.status, 400);
      assert.equal(notMine.body.field, 'roomId');
      assert.equal(await count(), stored);
      const b = body({ roomId: resident.roomId, name: '钱多多' });
      const r = keep(await resident.client.post('/api/my/declarations', b));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const mine = keep(await resident.client.get('/api/my/declarations'));
      assert.equal(mine.status, 200);
      assert.equal(mine.body.items.length, 1);
      assert.equal(mine.body.items[0].id, r.body.id);
      assert.equal(mine.body.items[0].declaredBy, 'resident');
      assert.equal(mine.body.items[0].name, '钱**');
      const staffView = await yunnan.get(`/api/declarations/${r.body.id}`);
      assert.equal(staffView.body.declaredBy, 'resident');
      // not verified: 403 naming the rule
      const unverified = await signedUpAccount(tp);
      const refused = await unverified.client.post('/api/my/declarations', body());
      assert.equal(refused.status, 403);
      assert.equal(refused.body.rule, 'verifiedHome');
    });

    it("when a declaration carries a registry resident's document, then it is flagged, and nothing of the registry is shown", async () => {
      const { db, cipher } = tp.platform.deps;
      const person = await db
        .selectFrom('residents')
        .select(['document_enc'])
        .where('committee_code', '=', DEMO_COMMITTEE)
        .where('document_type', '=', 'resident_id')
        .where('status', '=', 'present')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const number = cipher.decrypt(person.document_enc);
      const r = await declare(body({ document: { kind: 'resident_id', number } }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const row = await yunnan.get(`/api/declarations/${r.body.id}`);
      assert.equal(row.body.registryResident, true);
      const plain = await declare(body());
      assert.equal(
        (await yunnan.get(`/api/declarations/${plain.body.id}`)).body.registryResident,
        false,
      );
    });

    it('when staff reveal a field with a reason, then they get it in clear and the reveal is audited with the reason; a short reason is a 400', async () => {
      const b = body();
      const r = await declare(b);
      assert.equal(r.status, 201);
      const short = await yunnan.post(`/api/declarations/${r.body.id}/reveal`, {
        field: 'phone',
        reason: '看',
      });
      assert.equal(short.status, 400);
      assert.equal(short.body.field, 'reason');
      for (const [field, value] of [
        ['phone', b.phone],
        ['name', b.name],
        ['document', (b.document as { number: string }).number],
      ] as const) {
        const shown = await yunnan.post(`/api/declarations/${r.body.id}/reveal`, {
          field,
          reason: '电话核实抵达信息',
        });
        assert.equal(shown.status, 200, JSON.stringify(shown.body));
        assert.equal(shown.body.value, value);
      }
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['detail', 'actor_name'])
        .where('action', '=', 'declarations.reveal')
        .where('object_id', '=', r.body.id)
        .execute();
      assert.equal(audit.length, 3);
      assert.ok(audit.every((a) => a.actor_name === 'yunnan'));
      assert.ok(audit.every((a) => (a.detail as { reason: string }).reason === '电话核实抵达信息'));
    });

    it('when the daily purge runs, then declarations that ended past the retention are deleted, the purge is audited with counts, and the next day is queued', async () => {
      const { db } = tp.platform.deps;
      const old = await declare(body());
      const fresh = await declare(body());
      assert.equal(old.status, 201);
      await db
        .updateTable('declarations')
        .set({ stay_until: addDays(today(), -181), arrival_date: addDays(today(), -200) })
        .where('id', '=', old.body.id)
        .execute();
      const pending = () =>
        db
          .selectFrom('jobs')
          .select(['id', 'payload'])
          .where('kind', '=', 'declarations.purge')
          .where('done_at', 'is', null)
          .execute();
      const [job] = await pending();
      assert.ok(job, 'a purge is scheduled');
      await tp.platform.deps.jobs.stop();
      try {
        await db
          .updateTable('jobs')
          .set({ run_at: new Date(Date.now() - 1000) })
          .where('id', '=', job.id)
          .execute();
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
      } finally {
        tp.platform.deps.jobs.start();
      }
      const left = (await db.selectFrom('declarations').select('id').execute()).map((r) => r.id);
      assert.ok(!left.includes(old.body.id), 'the old declaration is gone');
      assert.ok(left.includes(fresh.body.id), 'the fresh one stays');
      assert.equal((await yunnan.get(`/api/declarations/${old.body.id}`)).status, 404);
      const audit = await db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'declarations.purge')
        .execute();
      assert.ok(audit.some((a) => (a.detail as { deleted: number }).deleted >= 1));
      assert.ok(
        audit.every((a) => !UNMASKED_PHONE.test(JSON.stringify(a.detail))),
        'no people in the purge row',
      );
      const next = await pending();
      assert.equal(next.length, 1);
      assert.equal(next[0]!.payload.day, addDays(job.payload.day as string, 1));
    });

    it('when the staff list is asked with a date that is not a calendar day, then a 400 names the field', async () => {
      for (const [q, field] of [
        ['from=2026-02-31', 'from'],
        ['to=2026-13-01', 'to'],
        ['from=0000-01-01', 'from'],
        ['to=1899-12-31', 'to'],
      ] as const) {
        const r = await yunnan.get(`/api/declarations?committee=${DEMO_COMMITTEE}&${q}`);
        assert.equal(r.status, 400, `${q}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, q);
      }
      const ok = await yunnan.get(
        `/api/declarations?committee=${DEMO_COMMITTEE}&from=2024-02-29&to=${today()}`,
      );
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });

    it('when a key region is listed with a date that is not a calendar day, then a 400 names the field and nothing is stored', async () => {
      for (const [b, field] of [
        [{ from: '2026-02-31' }, 'from'],
        [{ from: '0000-01-01' }, 'from'],
        [{ from: addDays(today(), -1), to: '2026-04-31' }, 'to'],
      ] as const) {
        const r = await city.post('/api/key-regions', { regionCode: '11', level: 'medium', ...b });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, field);
      }
      const stored = await tp.platform.database.db
        .selectFrom('key_regions')
        .select('id')
        .where('region_code', '=', '11')
        .execute();
      assert.equal(stored.length, 0);
    });

    it('when the staff list is paged, then the pages follow each other newest first without repeats, and a foreign cursor is a 400', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await declare(body())).status, 201);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: HttpResponse = keep(
          await yunnan.get(
            `/api/declarations?committee=${DEMO_COMMITTEE}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        // counted once, with the first page
        assert.equal('counts' in r.body, cursor === null, 'counts on the first page only');
        seen.push(...r.body.items.map((d: { id: string }) => d.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      const total = await tp.platform.database.db
        .selectFrom('declarations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('committee_code', '=', DEMO_COMMITTEE)
        .executeTakeFirstOrThrow();
      assert.equal(seen.length, Number(total.n));
      const bad = await yunnan.get(`/api/declarations?committee=${DEMO_COMMITTEE}&cursor=abc`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'cursor');
    });

    it('when the API document is built, then every declarations route is in it', async () => {
      const doc = await tp.client().get('/api/openapi.json');
      assert.equal(doc.status, 200);
      for (const [path, method] of [
        ['/api/declaration-links/{compoundCode}', 'get'],
        ['/api/declaration-links/{compoundCode}/rotate', 'post'],
        ['/api/declare/{token}', 'get'],
        ['/api/declare/{token}', 'post'],
        ['/api/declare/{token}/rooms', 'get'],
        ['/api/my/declarations', 'post'],
        ['/api/my/declarations', 'get'],
        ['/api/declarations', 'get'],
        ['/api/declarations/{id}', 'get'],
        ['/api/declarations/{id}/review', 'post'],
        ['/api/declarations/{id}/reveal', 'post'],
        ['/api/regions', 'get'],
        ['/api/key-regions', 'get'],
      ])
        assert.ok(doc.body.paths[path!]?.[method!], `${method} ${path}`);
    });

    it('when any answer of the declarations endpoints is scanned, then no ID number or mobile number appears in clear', async () => {
      // the stored columns are sealed too
      const rows = await sql<Record<string, unknown>>`select * from declarations`.execute(
        tp.platform.database.db,
      );
      assert.ok(answers.length > 10);
      assert.ok(rows.rows.length > 0);
      for (const a of answers) {
        const text = JSON.stringify(a);
        assert.doesNotMatch(text, UNMASKED_ID);
        assert.doesNotMatch(text, UNMASKED_PHONE);
      }
      for (const row of rows.rows) {
        const text = JSON.stringify(row);
        assert.doesNotMatch(text, UNMASKED_ID);
        assert.doesNotMatch(text, UNMASKED_PHONE);
      }
    });

    it('when the data key is rotated, then every sealed field opens with the new key and the keyed hashes follow it (the last case: the platform keeps the old key)', async () => {
      const { db, cipher } = tp.platform.deps;
      const before = await db
        .selectFrom('declarations')
        .select(['id', 'name_enc', 'phone_enc', 'document_enc', 'document_kind'])
        .orderBy('id')
        .execute();
      const next = createDataCipher(crypto.randomBytes(32));
      const counts = await rotateData(db, cipher, next, declarationRekeyers);
      assert.equal(counts.declarations, before.length);
      const after = await db
        .selectFrom('declarations')
        .select(['id', 'name_enc', 'phone_enc', 'document_enc', 'document_hmac', 'phone_hmac'])
        .orderBy('id')
        .execute();
      for (const [i, a] of after.entries()) {
        const b = before[i]!;
        assert.equal(a.id, b.id);
        const number = next.decrypt(a.document_enc);
        assert.equal(number, cipher.decrypt(b.document_enc));
        assert.equal(next.decrypt(a.name_enc), cipher.decrypt(b.name_enc));
        assert.equal(a.document_hmac, next.lookupHash(`doc:${b.document_kind}:${number}`));
        assert.equal(a.phone_hmac, next.lookupHash(`phone:${next.decrypt(a.phone_enc)}`));
      }
    });
  });
}
