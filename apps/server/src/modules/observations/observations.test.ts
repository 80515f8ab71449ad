import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { maskName, maskPhone } from '@cc/contracts';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  DEMO_COMMITTEE,
  eventually,
  generateRegistry,
  staffAccount,
  startTestPlatform,
  UNMASKED_ID,
  UNMASKED_PHONE,
  verifiedResident,
  type Client,
  type HttpResponse,
  type TestPlatform,
} from '../../testing.js';
import { keyRegionArrival, type KeyRegionArrival } from '../declarations/index.js';
import { fakeResidentId } from '../registry/index.js';
import { createDataCipher } from '../../platform/crypto.js';
import { rotateData } from '../../platform/key-rotation.js';
import { expireObservations, manifest, purgeObservations, runMissedCheck } from './index.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { MISSED_CHECK_JOB } from './observation-daily.js';
import { addDays } from '../../platform/shanghai-time.js';

/**
 * Home health observation (issue 22), through HTTP on a real database. Observations are opened
 * the way a declaration opens them: the `keyRegionArrival` event published in a transaction
 * (and once through the public declaration form). The suite works in 龙泉园路居委会 with its own
 * staff account, so the demo city's observations elsewhere do not move its counts; 云南中路's
 * staff are the other committee. The check-in links are read where the person finds them: the
 * 短信发件箱. Every answer is kept for the masking scanner at the end.
 */
const COMMITTEE = '310101002002'; // 龙泉园路居委会
const COMPOUND = '310101002002-G1-C1'; // 龙泉园路花园

let ipSeq = 0;
const nextIp = () => `198.51.100.${++ipSeq}`;

for (const kind of DATABASES) {
  describe(`home health observation (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let yunnan: Client;
    let city: Client;
    let compoundPath: string;
    const answers: HttpResponse[] = [];
    const today = shanghaiDate();

    /** Keep every answer for the masking scanner. */
    const keep = <T extends HttpResponse>(r: T): T => {
      answers.push(r);
      return r;
    };
    /** A client without a session whose requests come from its own address. */
    const visitor = (ip = nextIp()) => {
      const c = tp.client();
      const request = c.request.bind(c);
      c.request = async (method, url, body, headers = {}) =>
        keep(await request(method, url, body, { 'x-forwarded-for': ip, ...headers }));
      return c;
    };
    const get = async (c: Client, url: string) => keep(await c.get(url));
    const post = async (c: Client, url: string, body?: unknown) => keep(await c.post(url, body));

    const newPhone = () => `137${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;

    /** Publish a key-region arrival as a declaration's transaction would; returns the observation. */
    async function open(o: Partial<KeyRegionArrival> = {}) {
      const declarationId = crypto.randomUUID();
      const phone = o.phone ?? newPhone();
      const db = tp.platform.database.db;
      await db.transaction().execute((trx) =>
        tp.platform.deps.events.publish(trx, keyRegionArrival, {
          committeeCode: COMMITTEE,
          committeePath: compoundPath.split('/').slice(0, -2).join('/'),
          areaPath: compoundPath,
          roomId: crypto.randomUUID(),
          roomLabel: '3号楼 2单元 301',
          personName: '赵一鸣',
          region: { code: '4201', name: '湖北省 武汉市', level: 'high' },
          arrivalDate: today,
          declaredBy: null,
          ...o,
          declarationId,
          phone,
        }),
      );
      const row = await db
        .selectFrom('observations')
        .select('id')
        .where('declaration_id', '=', declarationId)
        .executeTakeFirst();
      return { id: row?.id ?? null, phone, declarationId };
    }

    /** The check-in link texted to a phone, from the 短信发件箱. */
    async function tokenFor(phone: string): Promise<string> {
      const r = await get(city, '/api/sms-outbox?pageSize=200');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const text = (r.body.items as { to: string; body: string }[]).find(
        (m) => m.to === maskPhone(phone) && m.body.includes('/c/'),
      )?.body;
      assert.ok(text, `a check-in link was texted to ${maskPhone(phone)}`);
      return /\/c\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
    }

    const list = async (query = '') => {
      const r = await get(staff, `/api/observations?committee=${COMMITTEE}${query}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as {
        items: { id: string; today: string | null; caseNumbers: string[]; state: string }[];
        counts: Record<string, number>;
      };
    };
    const detail = async (id: string) => {
      const r = await get(staff, `/api/observations/${id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    /** The committee's cases of a scenario, as 工单中心 lists them. */
    const casesOf = async (scenario: string) => {
      const r = await get(staff, `/api/cases?scenarioCode=${scenario}&pageSize=500`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items as { number: string; description: string; areaCode: string }[];
    };

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        trustProxy: true,
        trustedProxies: ['127.0.0.1'],
      });
      staff = await staffAccount(tp, {
        username: `obs-staff-${kind}`,
        role: 'committee_staff',
        areaCode: COMMITTEE,
      });
      yunnan = await tp.login('yunnan');
      city = await tp.login('city');
      const area = await tp.platform.database.db
        .selectFrom('areas')
        .select('path')
        .where('code', '=', COMPOUND)
        .executeTakeFirstOrThrow();
      compoundPath = area.path;
    });
    after(() => tp.close());

    it('when a key-region arrival is published, then an observation opens with its period, a link by SMS and a step', async () => {
      const arrival = addDays(today, -3);
      const { id, phone } = await open({ arrivalDate: arrival });
      assert.ok(id);
      const d = await detail(id);
      assert.equal(d.startDate, arrival);
      assert.equal(d.endDate, addDays(arrival, 13), 'high: 14 days, the arrival day the first');
      assert.equal(d.state, 'active');
      assert.equal(d.today, 'missing');
      assert.equal(d.name, maskName('赵一鸣'));
      assert.equal(d.phone, maskPhone(phone));
      assert.deepEqual(d.region, { name: '湖北省 武汉市', level: 'high' });
      assert.deepEqual(d.compound, { code: COMPOUND, name: '龙泉园路花园' });
      assert.deepEqual(
        d.steps.map((s: { kind: string }) => s.kind),
        ['opened'],
      );
      const token = await tokenFor(phone);
      assert.ok(token.length >= 22);
      const view = await visitor().get(`/api/check-in/${token}`);
      assert.equal(view.status, 200, JSON.stringify(view.body));
      assert.deepEqual(
        { ...view.body },
        {
          name: maskName('赵一鸣'),
          startDate: arrival,
          endDate: addDays(arrival, 13),
          state: 'active',
          today: null,
          checkInBy: '20:00',
          feverAt: 37.3,
        },
      );
      // the token is kept only as a keyed hash and sealed
      const stored = await tp.platform.database.db
        .selectFrom('observations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes(token));
      assert.ok(!JSON.stringify(stored).includes(phone));
      assert.ok(!JSON.stringify(stored).includes('赵一鸣'));
    });

    it('when a visitor declares from the QR link with an origin in a key region, then an observation opens from the arrival date and a fever check-in files a case', async () => {
      const { db, cipher } = tp.platform.deps;
      await generateRegistry(db, cipher, { scale: 0.1, within: [COMMITTEE], seed: 22 });
      const room = await db
        .selectFrom('rooms as r')
        .innerJoin('buildings as b', 'b.id', 'r.building_id')
        .select('r.id')
        .where('b.compound_code', '=', COMPOUND)
        .orderBy('r.id')
        .executeTakeFirstOrThrow();
      const listed = await post(city, '/api/key-regions', {
        regionCode: '4201',
        level: 'high',
        from: addDays(today, -20),
      });
      assert.equal(listed.status, 201, JSON.stringify(listed.body));
      const link = await get(staff, `/api/declaration-links/${COMPOUND}`);
      assert.equal(link.status, 200, JSON.stringify(link.body));
      const person = visitor();
      const phone = newPhone();
      const asked = await person.post('/api/codes', { phone, purpose: 'declare' });
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      const texts = await get(city, '/api/sms-outbox?pageSize=200');
      const code = /验证码 (\d{6})/.exec(
        (texts.body.items as { to: string; body: string }[]).find(
          (m) => m.to === maskPhone(phone) && /验证码/.test(m.body),
        )!.body,
      )![1]!;
      const arrival = addDays(today, -1);
      const declared = await person.post(`/api/declare/${link.body.token}`, {
        phone,
        code,
        name: '孙立新',
        document: {
          kind: 'resident_id',
          number: fakeResidentId('420102', '1985-03-04', 'male', () => 0.42),
        },
        originCode: '420102',
        arrivalDate: arrival,
        arrivalMeans: 'train',
        roomId: room.id,
        purpose: 'family',
        stayDays: 20,
        health: { temperature: 36.5, symptoms: [] },
      });
      assert.equal(declared.status, 201, JSON.stringify(declared.body));
      assert.equal(declared.body.observation, true);
      const row = (await list()).items.find(
        (i) => (i as { declarationId?: string }).declarationId === declared.body.id,
      );
      assert.ok(row, 'the observation is on the list');
      const d = await detail(row.id);
      assert.equal(d.startDate, arrival);
      assert.equal(d.endDate, addDays(arrival, 13));
      assert.equal(d.phone, maskPhone(phone));
      const token = await tokenFor(phone);
      const fever = await person.post(`/api/check-in/${token}`, {
        temperature: 37.3,
        symptoms: [],
      });
      assert.equal(fever.status, 201, JSON.stringify(fever.body));
      assert.equal(fever.body.abnormal, true, '37.3 is the fever line');
      const after = await detail(row.id);
      assert.equal(after.caseNumbers.length, 1);
      const cases = await casesOf('home-observation-fever');
      assert.ok(cases.some((c) => c.number === after.caseNumbers[0]));
    });

    it('when a medium-level arrival comes, then it lasts 7 days; when its period is over already, then none opens', async () => {
      const medium = await open({ region: { code: '44', name: '广东省', level: 'medium' } });
      assert.equal((await detail(medium.id!)).endDate, addDays(today, 6));
      const past = await open({ arrivalDate: addDays(today, -14) });
      assert.equal(past.id, null);
      const lastDay = await open({ arrivalDate: addDays(today, -13) });
      assert.equal((await detail(lastDay.id!)).endDate, today);
    });

    it('when the same declaration is delivered twice, then one observation opens', async () => {
      const declarationId = crypto.randomUUID();
      const publish = () =>
        tp.platform.database.db.transaction().execute((trx) =>
          tp.platform.deps.events.publish(trx, keyRegionArrival, {
            declarationId,
            committeeCode: COMMITTEE,
            committeePath: compoundPath.split('/').slice(0, -2).join('/'),
            areaPath: compoundPath,
            roomId: crypto.randomUUID(),
            roomLabel: '1号楼 101',
            personName: '钱二',
            phone: newPhone(),
            region: { code: '42', name: '湖北省', level: 'high' },
            arrivalDate: today,
            declaredBy: null,
          }),
        );
      await publish();
      await publish();
      const rows = await tp.platform.database.db
        .selectFrom('observations')
        .select('id')
        .where('declaration_id', '=', declarationId)
        .execute();
      assert.equal(rows.length, 1);
    });

    it('when the person checks in normally, then today is checked in; a fever files one case a day in 工单中心', async () => {
      const { id, phone } = await open();
      const token = await tokenFor(phone);
      const person = visitor();
      const normal = await person.post(`/api/check-in/${token}`, {
        temperature: 36.6,
        symptoms: [],
      });
      assert.equal(normal.status, 201, JSON.stringify(normal.body));
      assert.deepEqual(normal.body, { today: 'checked_in', abnormal: false });
      assert.equal((await person.get(`/api/check-in/${token}`)).body.today, 'checked_in');

      const fever = await person.post(`/api/check-in/${token}`, {
        temperature: 38.2,
        symptoms: ['cough'],
      });
      assert.equal(fever.status, 201, JSON.stringify(fever.body));
      assert.deepEqual(fever.body, { today: 'abnormal', abnormal: true });
      const again = await person.post(`/api/check-in/${token}`, {
        temperature: 38.6,
        symptoms: [],
      });
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, { today: 'abnormal', abnormal: true });

      const d = await detail(id!);
      assert.equal(d.today, 'abnormal');
      assert.equal(d.checkIns.length, 3);
      assert.deepEqual(d.checkIns[0], {
        day: today,
        at: d.checkIns[0].at,
        temperature: 38.6,
        symptoms: [],
        by: 'self',
        way: 'self',
        note: '',
        abnormal: true,
      });
      assert.equal(d.caseNumbers.length, 1, 'one fever case per observation and day');
      const caseSteps = d.steps.filter((s: { kind: string }) => s.kind === 'case');
      assert.equal(caseSteps.length, 1);
      assert.equal(caseSteps[0].caseNumber, d.caseNumbers[0]);
      const cases = (await casesOf('home-observation-fever')).filter(
        (c) => c.number === d.caseNumbers[0],
      );
      assert.equal(cases.length, 1);
      assert.equal(cases[0]!.areaCode, COMPOUND);
      assert.match(cases[0]!.description, /3号楼 2单元 301/);
      assert.ok(cases[0]!.description.includes(today));
      assert.match(cases[0]!.description, /38\.2℃/);
      assert.ok(!cases[0]!.description.includes(phone));
    });

    it('when the missed check-in check runs twice, then each silent observation has exactly one case', async () => {
      const silent = await open();
      const checked = await open();
      // opened in the morning: the check counts only observations opened before the deadline,
      // and the suite may run after it
      await tp.platform.database.db
        .updateTable('observations')
        .set({ created_at: new Date(`${today}T08:00:00+08:00`) })
        .where('id', 'in', [silent.id!, checked.id!])
        .execute();
      const token = await tokenFor(checked.phone);
      assert.equal(
        (await visitor().post(`/api/check-in/${token}`, { temperature: 36.5, symptoms: [] }))
          .status,
        201,
      );
      const missingBefore = (await list('&today=missing')).counts.missing ?? 0;
      assert.ok(missingBefore >= 1);
      await runMissedCheck(tp.platform.deps, today);
      await runMissedCheck(tp.platform.deps, today);
      const d = await detail(silent.id!);
      assert.equal(d.caseNumbers.length, 1);
      const missed = d.steps.filter((s: { kind: string }) => s.kind === 'missed');
      assert.equal(missed.length, 1);
      assert.equal(missed[0].caseNumber, d.caseNumbers[0]);
      const cases = (await casesOf('home-observation-missed-checkin')).filter((c) =>
        d.caseNumbers.includes(c.number),
      );
      assert.equal(cases.length, 1);
      assert.match(cases[0]!.description, /未在 20:00 前完成健康打卡/);
      assert.ok(!cases[0]!.description.includes(silent.phone));
      assert.deepEqual((await detail(checked.id!)).caseNumbers, []);
      // the row lists the case; the check-in made earlier keeps its own standing
      const row = (await list()).items.find((i) => i.id === silent.id);
      assert.deepEqual(row?.caseNumbers, d.caseNumbers);
      // the job itself, run by the job runner once more for the day: still one case, and it
      // queues the next day's check
      const db = tp.platform.database.db;
      await enqueueJobsQuery([MISSED_CHECK_JOB.spec({ day: today })])!.execute(db);
      tp.platform.deps.jobs.kick();
      await eventually(async () =>
        db
          .selectFrom('jobs')
          .select('id')
          .where('dedupe_key', '=', `observations.missed-check:${addDays(today, 1)}`)
          .executeTakeFirst(),
      );
      const all = await casesOf('home-observation-missed-checkin');
      assert.equal(all.filter((c) => d.caseNumbers.includes(c.number)).length, 1);
      assert.deepEqual((await detail(silent.id!)).caseNumbers, d.caseNumbers);
    });

    it('when staff enter a check-in after a call, then it is recorded as theirs and audited', async () => {
      const { id } = await open();
      const r = await post(staff, `/api/observations/${id}/check-ins`, {
        temperature: 36.8,
        symptoms: [],
        way: 'call',
        note: '电话询问，无不适',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(r.body, { today: 'checked_in', abnormal: false });
      const d = await detail(id!);
      assert.equal(d.checkIns[0].way, 'call');
      assert.equal(d.checkIns[0].by, 'staff');
      assert.equal(d.checkIns[0].note, '电话询问，无不适');
      assert.equal(d.lastCheckIn.by, 'staff');
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('object_id', '=', id!)
        .execute();
      assert.ok(audit.some((a) => a.action === 'observation.check_in'));
    });

    it('when staff end an observation, then it is a step, the check-in link answers 409 and ending again is 409', async () => {
      const { id, phone } = await open();
      const token = await tokenFor(phone);
      const ended = await post(staff, `/api/observations/${id}/end`, {
        reason: 'moved',
        note: '已返回原籍',
      });
      assert.equal(ended.status, 200, JSON.stringify(ended.body));
      assert.equal(ended.body.state, 'ended');
      assert.equal(ended.body.endReason, 'moved');
      const step = ended.body.steps.at(-1);
      assert.equal(step.kind, 'ended');
      assert.match(step.note, /已离开本社区.*已返回原籍/);
      const late = await visitor().post(`/api/check-in/${token}`, {
        temperature: 36.5,
        symptoms: [],
      });
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'CONFLICT');
      assert.match(late.body.message, /观察已结束/);
      assert.equal(
        (
          await post(staff, `/api/observations/${id}/check-ins`, {
            temperature: 36.5,
            symptoms: [],
            way: 'visit',
          })
        ).status,
        409,
      );
      assert.equal(
        (await post(staff, `/api/observations/${id}/end`, { reason: 'other' })).status,
        409,
      );
      assert.equal((await visitor().get(`/api/check-in/${token}`)).body.state, 'ended');
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('object_id', '=', id!)
        .execute();
      assert.ok(audit.some((a) => a.action === 'observation.end'));
      assert.equal(
        (await list('&state=ended')).items.some((i) => i.id === id),
        true,
      );
    });

    it('when a check-in is bad, then 4xx names the field and nothing is stored', async () => {
      const { id, phone } = await open();
      const token = await tokenFor(phone);
      const person = visitor();
      const bad: [unknown, string][] = [
        [{ temperature: 33.9, symptoms: [] }, 'temperature'],
        [{ temperature: 43.1, symptoms: [] }, 'temperature'],
        [{ temperature: '37', symptoms: [] }, 'temperature'],
        [{ temperature: 37, symptoms: ['sneezing'] }, 'symptoms'],
        [{ temperature: 37 }, 'symptoms'],
        [{ temperature: 37, symptoms: [], extra: 1 }, 'extra'],
      ];
      for (const [body, field] of bad) {
        const r = await person.post(`/api/check-in/${token}`, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.field, field, JSON.stringify(r.body));
      }
      const staffBad = await post(staff, `/api/observations/${id}/check-ins`, {
        temperature: 36.5,
        symptoms: [],
        way: 'self',
      });
      assert.equal(staffBad.status, 400);
      assert.equal(staffBad.body.field, 'way');
      const endBad = await post(staff, `/api/observations/${id}/end`, { reason: 'bored' });
      assert.equal(endBad.status, 400);
      assert.equal(endBad.body.field, 'reason');
      for (const t of ['A'.repeat(22), 'not a token', token.slice(0, -1)]) {
        const r = await person.post(`/api/check-in/${encodeURIComponent(t)}`, {
          temperature: 36.5,
          symptoms: [],
        });
        assert.equal(r.status, 404, t);
        assert.equal((await person.get(`/api/check-in/${encodeURIComponent(t)}`)).status, 404);
      }
      const d = await detail(id!);
      assert.equal(d.checkIns.length, 0);
      assert.equal(d.state, 'active');
      assert.equal(d.today, 'missing');
    });

    it('when another committee, a street operator or a resident asks, then 404 and nothing is told', async () => {
      const { id } = await open();
      const resident = await verifiedResident(tp, { committee: DEMO_COMMITTEE });
      const street = await tp.login('nanjingdong');
      for (const c of [yunnan, street, resident.client]) {
        assert.equal((await get(c, `/api/observations/${id}`)).status, 404);
        assert.equal(
          (
            await post(c, `/api/observations/${id}/check-ins`, {
              temperature: 36.5,
              symptoms: [],
              way: 'call',
            })
          ).status,
          404,
        );
        assert.equal(
          (await post(c, `/api/observations/${id}/end`, { reason: 'other' })).status,
          404,
        );
        assert.equal((await get(c, `/api/observations?committee=${COMMITTEE}`)).status, 404);
      }
      assert.equal((await tp.client().get(`/api/observations?committee=${COMMITTEE}`)).status, 401);
      // 云南中路's staff list their own committee, without this one
      const own = await get(yunnan, `/api/observations?committee=${DEMO_COMMITTEE}`);
      assert.equal(own.status, 200);
      assert.ok(!own.body.items.some((i: { id: string }) => i.id === id));
      assert.equal((await detail(id!)).state, 'active');
    });

    it("when staff list today's observations, then the counts and the filters agree", async () => {
      const fresh = await open();
      const all = await list();
      const missing = await list('&today=missing');
      const checkedIn = await list('&today=checked_in');
      const abnormal = await list('&today=abnormal');
      assert.ok(missing.items.every((i) => i.today === 'missing'));
      assert.ok(missing.items.some((i) => i.id === fresh.id));
      assert.ok(checkedIn.items.every((i) => i.today === 'checked_in'));
      assert.ok(abnormal.items.every((i) => i.today === 'abnormal'));
      assert.equal(all.counts.missing, missing.items.length);
      assert.equal(all.counts.checkedIn, checkedIn.items.length);
      assert.equal(all.counts.abnormal, abnormal.items.length);
      assert.equal(all.counts.active, (await list('&state=active&limit=100')).items.length);
      // paging: two at a time reaches them all, each once
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: HttpResponse = await get(
          staff,
          `/api/observations?committee=${COMMITTEE}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        seen.push(...r.body.items.map((i: { id: string }) => i.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.deepEqual([...seen].sort(), all.items.map((i) => i.id).sort());
      assert.equal(new Set(seen).size, seen.length);
      // their only committee when they leave it out
      const own = await get(staff, '/api/observations');
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.deepEqual(own.body.counts, all.counts);
      const badDay = await get(staff, `/api/observations?committee=${COMMITTEE}&day=2026-13-01`);
      assert.equal(badDay.status, 400);
      assert.equal(badDay.body.field, 'day');
    });

    it('when observations open, check in and end, then the epidemic board moves', async () => {
      const figure = async (metric: string) => {
        const r = await get(city, `/api/topics/epidemic/${COMMITTEE}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const m = r.body.metrics.find((x: { id: string }) => x.id === metric);
        assert.ok(m, `the board has ${metric}`);
        return m.value as number | null;
      };
      const stored = async (metric: string) =>
        (
          await tp.platform.database.db
            .selectFrom('topic_feed_figures')
            .select('value')
            .where('topic', '=', 'epidemic')
            .where('metric', '=', metric)
            .where('area_path', '=', compoundPath.split('/').slice(0, -2).join('/'))
            .where('day', '=', today as never)
            .executeTakeFirst()
        )?.value ?? 0;
      const before = await stored('home_observation');
      const opened = [];
      for (let i = 0; i < 5; i++) opened.push(await open());
      assert.equal(await stored('home_observation'), before + 5);
      const checkedBefore = await stored('observation_checked_in');
      const token = await tokenFor(opened[0]!.phone);
      await visitor().post(`/api/check-in/${token}`, { temperature: 36.5, symptoms: [] });
      await visitor().post(`/api/check-in/${token}`, { temperature: 36.6, symptoms: [] });
      assert.equal(await stored('observation_checked_in'), checkedBefore + 1, 'first of the day');
      await post(staff, `/api/observations/${opened[1]!.id}/end`, { reason: 'completed' });
      assert.equal(await stored('home_observation'), before + 4);
      // the board's answer: at least five people under observation here are shown exactly
      assert.equal(await figure('home_observation'), before + 4);
    });

    it('when check-ins are abnormal or missed, then the board counts each observation once a day', async () => {
      const stored = async (metric: string) =>
        Number(
          (
            await tp.platform.database.db
              .selectFrom('topic_feed_figures')
              .select('value')
              .where('topic', '=', 'epidemic')
              .where('metric', '=', metric)
              .where('facet', '=', '')
              .where('area_path', '=', compoundPath)
              .where('day', '=', today as never)
              .executeTakeFirst()
          )?.value ?? 0,
        );
      const sick = await open();
      const silent = await open();
      await tp.platform.database.db
        .updateTable('observations')
        .set({ created_at: new Date(`${today}T08:00:00+08:00`) })
        .where('id', 'in', [sick.id!, silent.id!])
        .execute();
      const abnormalBefore = await stored('observation_abnormal');
      const token = await tokenFor(sick.phone);
      for (const t of [38.2, 38.5])
        assert.equal(
          (await visitor().post(`/api/check-in/${token}`, { temperature: t, symptoms: [] })).status,
          201,
        );
      assert.equal(await stored('observation_abnormal'), abnormalBefore + 1, 'once a day');
      const missedBefore = await stored('observation_missed');
      const made = await runMissedCheck(tp.platform.deps, today);
      assert.ok(made >= 1, 'the silent one at least');
      assert.equal(await stored('observation_missed'), missedBefore + made);
      assert.equal(await runMissedCheck(tp.platform.deps, today), 0);
      assert.equal(await stored('observation_missed'), missedBefore + made, 'once a day');
      const steps = await tp.platform.database.db
        .selectFrom('observation_steps')
        .select('observation_id')
        .where('kind', '=', 'missed')
        .where('observation_id', 'in', [sick.id!, silent.id!])
        .execute();
      assert.deepEqual(
        steps.map((x) => x.observation_id),
        [silent.id],
      );
    });

    it('when staff end an observation and then its period ends at midnight, then the board loses it exactly once', async () => {
      const db = tp.platform.database.db;
      const board = async () =>
        Number(
          (
            await db
              .selectFrom('topic_feed_figures')
              .select('value')
              .where('topic', '=', 'epidemic')
              .where('metric', '=', 'home_observation')
              .where('facet', '=', '')
              .where('area_path', '=', compoundPath)
              .where('day', '=', today as never)
              .executeTakeFirst()
          )?.value ?? 0,
        );
      const before = await board();
      const ended = await open({ arrivalDate: addDays(today, -13) });
      const due = await open({ arrivalDate: addDays(today, -13) });
      assert.equal(await board(), before + 2);
      const r = await post(staff, `/api/observations/${ended.id}/end`, { reason: 'moved' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(await board(), before + 1);
      // both periods over by yesterday: the midnight job ends the one still active, only it
      await db
        .updateTable('observations')
        .set({ end_date: addDays(today, -1) })
        .where('id', 'in', [ended.id!, due.id!])
        .execute();
      assert.equal(await expireObservations(tp.platform.deps, today), 1);
      assert.equal(await board(), before);
      assert.equal(await expireObservations(tp.platform.deps, today), 0);
      assert.equal(await board(), before, 'a second run ends nothing');
      for (const id of [ended.id!, due.id!]) {
        const d = await detail(id);
        assert.equal(d.state, 'ended');
        assert.equal(d.steps.filter((x: { kind: string }) => x.kind === 'ended').length, 1);
      }
      assert.equal((await detail(due.id!)).endReason, 'completed');
      assert.equal((await detail(ended.id!)).endReason, 'moved');
    });

    it('when an observation starts tomorrow, then a check-in today is refused with 409 saying so and nothing is stored', async () => {
      const { id, phone } = await open({ arrivalDate: addDays(today, 1) });
      assert.ok(id);
      const token = await tokenFor(phone);
      const self = await visitor().post(`/api/check-in/${token}`, {
        temperature: 36.5,
        symptoms: [],
      });
      assert.equal(self.status, 409, JSON.stringify(self.body));
      assert.match(self.body.message, /观察自 .* 开始/);
      const byStaff = await post(staff, `/api/observations/${id}/check-ins`, {
        temperature: 36.5,
        symptoms: [],
        way: 'call',
      });
      assert.equal(byStaff.status, 409, JSON.stringify(byStaff.body));
      const stored = await tp.platform.database.db
        .selectFrom('observation_check_ins')
        .select('id')
        .where('observation_id', '=', id)
        .execute();
      assert.equal(stored.length, 0);
    });

    it("when an abnormal observation is ended, then today's counts no longer hold it and ended does", async () => {
      const counts = async () =>
        (await list()).counts as Record<
          'active' | 'checkedIn' | 'missing' | 'abnormal' | 'ended',
          number
        >;
      const before = await counts();
      const { id, phone } = await open();
      const opened = await counts();
      assert.deepEqual(opened, {
        ...before,
        active: before.active + 1,
        missing: before.missing + 1,
      });
      const token = await tokenFor(phone);
      await visitor().post(`/api/check-in/${token}`, { temperature: 38.6, symptoms: ['cough'] });
      const sick = await counts();
      assert.deepEqual(sick, {
        ...before,
        active: before.active + 1,
        abnormal: before.abnormal + 1,
      });
      const r = await post(staff, `/api/observations/${id}/end`, { reason: 'hospital' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(await counts(), { ...before, ended: before.ended + 1 });
      const abnormal = await list('&today=abnormal');
      assert.ok(!abnormal.items.some((i) => i.id === id), 'the filter agrees with the counts');
      assert.equal(abnormal.items.length, before.abnormal);
    });

    it('when the list is asked for a day that is not a calendar day, then a 400 names the field', async () => {
      for (const day of ['0000-01-01', '2026-02-31', '1899-12-31', '2026-02-30']) {
        const r = await get(staff, `/api/observations?committee=${COMMITTEE}&day=${day}`);
        assert.equal(r.status, 400, `${day}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'day', day);
      }
    });

    it('when the retention period has passed since the end, then the purge removes it, audited with counts', async () => {
      const { id } = await open();
      const db = tp.platform.database.db;
      await post(staff, `/api/observations/${id}/end`, { reason: 'completed' });
      const days = tp.platform.deps.config.epidemicRetentionDays;
      assert.equal(await purgeObservations(tp.platform.deps, today), 0);
      const audits = async () =>
        db
          .selectFrom('audit_log')
          .select(['detail'])
          .where('action', '=', 'observation.purge')
          .orderBy('at')
          .execute();
      const auditsBefore = (await audits()).length;
      await db
        .updateTable('observations')
        .set({ ended_on: addDays(today, -days - 1) })
        .where('id', '=', id!)
        .execute();
      const purged = await purgeObservations(tp.platform.deps, today);
      // only this one ended long enough ago
      assert.equal(purged, 1);
      assert.equal((await get(staff, `/api/observations/${id}`)).status, 404);
      const left = await db
        .selectFrom('observation_steps')
        .select('id')
        .where('observation_id', '=', id!)
        .execute();
      assert.equal(left.length, 0);
      const audit = await audits();
      assert.equal(audit.length, auditsBefore + 1);
      assert.ok(JSON.stringify(audit.at(-1)!.detail).includes('"purged":1'));
      // nothing more to purge: no new audit
      assert.equal(await purgeObservations(tp.platform.deps, today), 0);
      assert.equal((await audits()).length, auditsBefore + 1);
    });

    it('when one address floods the check-in link, then it gets 429 with Retry-After', async () => {
      const flood = visitor();
      let last: HttpResponse | null = null;
      for (let i = 0; i < 25; i++) {
        last = await flood.post(`/api/check-in/${'B'.repeat(22)}`, {
          temperature: 36.5,
          symptoms: [],
        });
        if (last.status === 429) break;
        assert.equal(last.status, 404);
      }
      assert.equal(last?.status, 429);
      assert.ok(Number(last.headers.get('retry-after')) > 0);
      // another address is not held back
      assert.equal(
        (
          await visitor().post(`/api/check-in/${'B'.repeat(22)}`, {
            temperature: 36.5,
            symptoms: [],
          })
        ).status,
        404,
      );
    });

    it('when the data key is rotated, then the sealed name and phone open with the new key and the link still finds its observation', async () => {
      const { id, phone } = await open({ personName: '钱多多' });
      const token = await tokenFor(phone);
      const db = tp.platform.database.db;
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const rekey = { observations: manifest.rekeyers!.observations! };
      const counts = await rotateData(db, old, next, rekey);
      assert.ok(counts.observations! >= 1);
      const row = await db
        .selectFrom('observations')
        .select(['id', 'name_enc', 'phone_enc', 'phone_hmac'])
        .where('token_hmac', '=', next.lookupHash(token))
        .executeTakeFirstOrThrow();
      assert.equal(row.id, id);
      assert.equal(next.decrypt(row.name_enc), '钱多多');
      assert.equal(next.decrypt(row.phone_enc), phone);
      assert.equal(row.phone_hmac, next.lookupHash(`phone:${phone}`));
      // back under the platform's key for the rest of the suite
      await rotateData(db, next, old, rekey);
      assert.equal((await visitor().get(`/api/check-in/${token}`)).status, 200);
    });

    it('when every answer is scanned, then no whole ID number or phone number is in one', () => {
      assert.ok(answers.length > 50);
      for (const r of answers) {
        const text = JSON.stringify(r.body);
        // the outbox's texts are masked by number; the check-in links carry no number
        assert.doesNotMatch(text, UNMASKED_ID);
        assert.doesNotMatch(text, UNMASKED_PHONE);
      }
    });
  });
}
