import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DATABASES,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { verifyAuditChain } from '../audit/index.js';

const COMMITTEE = '310101002001';

for (const kind of DATABASES) {
  describe(`cases: scope, bad input, idempotency, hotline, export (${kind})`, () => {
    let tp: TestPlatform;
    let inspector: Client;
    let street: Client;
    let admin: Client;
    let otherStreet: Client;
    let here: { lat: number; lng: number };
    const body = (extra: object = {}) => ({
      scenarioCode: 'fire-exit-blocked',
      description: '安全出口堵塞',
      attributes: { exit_location: '北门', blocked_by: 'locked' },
      ...here,
      ...extra,
    });
    const countCases = async () =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [inspector, street, admin] = await Promise.all([
        tp.login('inspector'),
        tp.login('nanjingdong'),
        tp.login('admin'),
      ]);
      here = await tp.centreOf(COMMITTEE);
      const created = await admin.post('/api/accounts', {
        username: 'waitan.op',
        displayName: '外滩街道城运中心',
        password: 'a-long-password-1',
        roles: [{ role: 'street_operator', areaCode: '310101013000' }],
      });
      assert.equal(created.status, 201);
      otherStreet = await tp.login('waitan.op', 'a-long-password-1');
      const hotline = await admin.post('/api/accounts', {
        username: 'hotline12345',
        displayName: '12345热线 受理员',
        password: 'a-long-password-1',
        roles: [{ role: 'hotline_operator', areaCode: '310000000000' }],
      });
      assert.equal(hotline.status, 201);
    });
    after(() => tp.close());

    it('when a case id from another street is used, then 404 for reading and acting, and it is not in their list', async () => {
      const c = (await inspector.post('/api/cases', body())).body;
      assert.equal((await otherStreet.get(`/api/cases/${c.id}`)).status, 404);
      assert.equal(
        (await otherStreet.post(`/api/cases/${c.id}/actions`, { action: 'reject', note: 'x' }))
          .status,
        404,
      );
      const list = await otherStreet.get('/api/cases?pageSize=500');
      assert.ok(!list.body.items.some((x: { id: string }) => x.id === c.id));
      assert.equal((await street.get(`/api/cases/${c.id}`)).status, 200);
      const resident = await tp.login('resident');
      assert.equal(
        (await resident.get(`/api/cases/${c.id}`)).status,
        404,
        'a resident sees only their own',
      );
      const handlerOnly = await tp.login('handler');
      assert.equal(
        (await handlerOnly.post(`/api/cases/${c.id}/actions`, { action: 'reject', note: 'x' }))
          .status,
        404,
        'not assigned to this handler: not theirs to see',
      );
      assert.equal((await tp.client().get(`/api/cases/${c.id}`)).status, 401);
    });

    it('when the input is bad, then 4xx names the field and nothing is stored', async () => {
      const photo = await uploadTestPhoto(street); // someone else's photo
      const n = await countCases();
      const cases: [object, number, string][] = [
        [body({ scenarioCode: 'no-such-thing' }), 400, 'scenarioCode'],
        [
          body({ attributes: { exit_location: '北门', blocked_by: 'locked', colour: 'red' } }),
          400,
          'attributes.colour',
        ],
        [body({ attributes: { exit_location: '北门' } }), 400, 'attributes.blocked_by'],
        [
          body({ attributes: { exit_location: '北门', blocked_by: 'dragon' } }),
          400,
          'attributes.blocked_by',
        ],
        [body({ description: 'x'.repeat(10_000) }), 400, 'description'],
        [body({ description: 'a\u0000b' }), 400, 'description'],
        [body({ address: '北门\u0000' }), 400, 'address'],
        [body({ description: '' }), 400, 'description'],
        [body({ lat: 39.9042, lng: 116.4074 }), 400, 'lat'],
        [body({ lat: 95 }), 400, 'lat'],
        [body({ lat: undefined }), 400, 'lat'],
        [{ ...body(), lat: undefined, lng: undefined }, 400, 'lat'],
        [body({ photoIds: [photo] }), 400, 'photoIds'],
        [body({ photoIds: ['not-a-uuid'] }), 400, 'photoIds.0'],
        [body({ contact: { name: '张三' } }), 400, 'contact'],
        [body({ priority: 'high' }), 400, 'priority'],
        [body({ scenarioCode: "x'; drop table cases; --" }), 400, 'scenarioCode'],
      ];
      for (const [b, status, field] of cases) {
        const r = await inspector.post('/api/cases', b);
        assert.equal(r.status, status, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field, JSON.stringify(r.body));
      }
      const nulInQuery = await inspector.get('/api/cases?scenarioCode=fire%00exit');
      assert.equal(nulInQuery.status, 400, JSON.stringify(nulInQuery.body));
      assert.equal(nulInQuery.body.field, 'scenarioCode');
      const handler = await tp.login('handler');
      const refused = await handler.post('/api/cases', body());
      assert.equal(refused.status, 403, 'handlers fix things; they do not report');
      assert.equal(await countCases(), n);
      const script = await inspector.post(
        '/api/cases',
        body({ description: '<script>alert(1)</script>' }),
      );
      assert.equal(script.status, 201);
      assert.equal(script.body.description, '<script>alert(1)</script>');
    });

    it('when a client retries with the same Idempotency-Key, then one case is made; a different body with that key is a 409', async () => {
      const n = await countCases();
      const key = 'retry-key-0001';
      const [a, b] = await Promise.all([
        inspector.post('/api/cases', body(), { 'idempotency-key': key }),
        inspector.post('/api/cases', body(), { 'idempotency-key': key }),
      ]);
      const c = await inspector.post('/api/cases', body(), { 'idempotency-key': key });
      assert.deepEqual([a.status, b.status].sort(), [200, 201]);
      assert.equal(c.status, 200);
      assert.equal(a.body.id, b.body.id);
      assert.equal(a.body.id, c.body.id);
      assert.equal(await countCases(), n + 1);
      const other = await inspector.post('/api/cases', body({ description: '别的事' }), {
        'idempotency-key': key,
      });
      assert.equal(other.status, 409);
      assert.equal(other.body.field, 'Idempotency-Key');
      const badKey = await inspector.post('/api/cases', body(), { 'idempotency-key': 'x' });
      assert.equal(badKey.status, 400);
    });

    it('when the hotline enters a caller, then the contact is masked for everyone and revealed only with a reason, audited', async () => {
      const hotline = await tp.login('hotline12345', 'a-long-password-1');
      const r = await hotline.post(
        '/api/cases',
        body({ contact: { name: '王小明', phone: '13912345678' } }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.source, 'hotline');
      assert.deepEqual(r.body.contact, { name: '王**', phone: '139****5678' });
      const seen = await street.get(`/api/cases/${r.body.id}`);
      assert.deepEqual(seen.body.contact, { name: '王**', phone: '139****5678' });
      const row = await tp.platform.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes('13912345678'));
      assert.ok(!JSON.stringify(row).includes('王小明'));
      assert.equal((await street.post(`/api/cases/${r.body.id}/contact`, {})).status, 400);
      const revealed = await street.post(`/api/cases/${r.body.id}/contact`, {
        reason: '回访来电人',
      });
      assert.deepEqual(revealed.body, { name: '王小明', phone: '13912345678' });
      assert.equal(
        (await inspector.post(`/api/cases/${r.body.id}/contact`, { reason: '我想看看来电人' }))
          .status,
        403,
      );
      const audit = await admin.get(`/api/audit?action=case.contact.reveal&objectId=${r.body.id}`);
      assert.deepEqual(
        audit.body.items
          .map((e: { outcome: string; actorName: string }) => [e.actorName, e.outcome])
          .sort(),
        [
          ['inspector', 'denied'],
          ['nanjingdong', 'ok'],
        ],
      );
    });

    it('when staff export the list, then a CSV with a header, one row per case and no formulas comes back', async () => {
      await inspector.post('/api/cases', body({ description: '=HYPERLINK("http://evil")' }));
      const list = await street.get('/api/cases?pageSize=500');
      const r = await street.get('/api/cases/export.csv');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /text\/csv/);
      const lines = (r.body as string).trim().split('\r\n');
      assert.ok(lines[0]!.startsWith('"工单号"'), lines[0]);
      const raw = await fetch(`${tp.baseUrl}/api/cases/export.csv`, {
        headers: { cookie: [...street.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      const head = new Uint8Array(await raw.arrayBuffer()).slice(0, 3);
      assert.deepEqual([...head], [0xef, 0xbb, 0xbf], 'a BOM, so Excel reads UTF-8');
      assert.equal(lines.length - 1, list.body.total);
      assert.ok(
        lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil"")"`)),
        lines.slice(0, 3).join('\n'),
      );
      const filtered = await street.get('/api/cases/export.csv?status=closed');
      assert.equal((filtered.body as string).trim().split('\r\n').length, 1);
      assert.equal((await street.get('/api/cases/export.csv?status=nonsense')).status, 400);
    });

    it('when an inspector is about to report near a similar open case, then nearby shows it first and they can add to it', async () => {
      const first = (await inspector.post('/api/cases', body())).body;
      const near = await inspector.get(
        `/api/cases/nearby?scenarioCode=fire-exit-blocked&lat=${here.lat + 0.0001}&lng=${here.lng}`,
      );
      assert.equal(near.status, 200);
      const hit = near.body.items.find((x: { id: string }) => x.id === first.id);
      assert.ok(hit, 'the open case 11 m away is offered');
      assert.ok(hit.distanceMeters <= 50);
      const far = await inspector.get(
        `/api/cases/nearby?scenarioCode=fire-exit-blocked&lat=${here.lat + 0.01}&lng=${here.lng}`,
      );
      assert.ok(
        !far.body.items.some((x: { id: string }) => x.id === first.id),
        '1 km away is not a duplicate',
      );
      const photo = await uploadTestPhoto(inspector);
      const added = await inspector.post(`/api/cases/${first.id}/actions`, {
        action: 'supplement',
        note: '另一个角度',
        photoIds: [photo],
      });
      assert.equal(added.status, 200);
      assert.equal(added.body.timeline.at(-1).action, 'supplement');
      assert.deepEqual(added.body.timeline.at(-1).photoIds, [photo]);
    });

    it('when many people report at the same moment, then each gets its own case, retries make none, and one bad report fails alone', async () => {
      const n = await countCases();
      const strangers = await uploadTestPhoto(street); // not the inspector's to attach
      const mine = await uploadTestPhoto(inspector);
      const requests = [
        ...Array.from({ length: 24 }, (_, i) =>
          inspector.post('/api/cases', body({ description: `同时上报 ${i}` })),
        ),
        ...Array.from({ length: 3 }, () =>
          inspector.post('/api/cases', body({ description: '重试' }), {
            'idempotency-key': 'burst-key-0001',
          }),
        ),
        inspector.post('/api/cases', body({ description: '别人的照片', photoIds: [strangers] })),
        inspector.post('/api/cases', body({ description: '自己的照片', photoIds: [mine] })),
      ];
      const answers = await Promise.all(requests);
      const statuses = answers.map((a) => a.status);
      assert.deepEqual(statuses.slice(0, 24), Array(24).fill(201));
      assert.deepEqual(statuses.slice(24, 27).sort(), [200, 200, 201]);
      assert.equal(new Set(answers.slice(24, 27).map((a) => a.body.id)).size, 1);
      assert.equal(statuses[27], 400);
      assert.equal(answers[27]!.body.field, 'photoIds');
      assert.equal(statuses[28], 201);
      assert.deepEqual(answers[28]!.body.photoIds, [mine]);
      assert.equal(await countCases(), n + 24 + 1 + 1);
      const made = answers.filter((a) => a.status === 201).map((a) => a.body);
      assert.equal(new Set(made.map((c) => c.number)).size, made.length, 'numbers are unique');
      for (const c of made) {
        assert.equal(c.timeline[0].action, 'report');
        assert.ok(['dispatch', 'queue'].includes(c.timeline[1].action));
      }
      const audited = await tp.platform.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'case.create')
        .where(
          'object_id',
          'in',
          made.map((c) => c.id),
        )
        .executeTakeFirstOrThrow();
      assert.equal(Number(audited.n), made.length);
      const chain = await verifyAuditChain(tp.platform.database.db, tp.platform.deps.config);
      assert.equal(chain.ok, true, JSON.stringify(chain.problem));
    });
  });
}
