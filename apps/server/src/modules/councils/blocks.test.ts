import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Block, BlockBoundary, BlockList } from '@cc/contracts';
import {
  blockBoundaryInside,
  createBlock,
  makeCouncilWithMembers,
  otherStreetOperator,
  YUYUAN_COMMITTEES,
  YUYUAN_STREET,
  yuyuanCentre,
  yuyuanOperator,
  COUNCIL_TEST_CONFIG,
} from '../../testing-councils.js';
import {
  DATABASES,
  DEMO_COMMITTEE,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';

type Err = { field?: string; rule?: string; message: string };

const ring = (...points: [number, number][]): BlockBoundary => ({
  type: 'Polygon',
  coordinates: [points],
});

for (const kind of DATABASES) {
  describe(`blocks (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 豫园街道 street operator
    let other: Client; // 南京东路街道 street operator
    let centre: { lat: number; lng: number };
    const db = () => tp.platform.database.db;
    const countBlocks = async () =>
      Number(
        (
          await db()
            .selectFrom('council_blocks')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const body = (o: Record<string, unknown> = {}) => ({
      streetCode: YUYUAN_STREET,
      name: `豫园路街区 ${Math.random().toString(36).slice(2, 8)}`,
      frontage: '豫园路 1–200 号',
      areaCodes: [...YUYUAN_COMMITTEES],
      boundary: blockBoundaryInside(centre),
      ...o,
    });

    before(async () => {
      tp = await startTestPlatform(kind, COUNCIL_TEST_CONFIG);
      staff = await yuyuanOperator(tp, 'yy-blocks');
      other = await otherStreetOperator(tp, 'nj-blocks');
      centre = await yuyuanCentre(tp);
    });
    after(() => tp.close());

    it('when street staff draw a block, then it is stored with its street, areas and outline, and they can read and list it', async () => {
      const r = await staff.post<Block>('/api/blocks', body({ name: '豫园路街区' }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.name, '豫园路街区');
      assert.deepEqual(r.body.street, { code: YUYUAN_STREET, name: '豫园街道' });
      assert.deepEqual(
        r.body.areas.map((a) => a.code),
        [...YUYUAN_COMMITTEES],
      );
      assert.equal(r.body.areas[0]!.name, '学院居委会');
      assert.deepEqual(r.body.boundary, blockBoundaryInside(centre));
      assert.deepEqual(r.body.councils, []);
      const row = await db()
        .selectFrom('council_blocks')
        .selectAll()
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(Math.abs(row.min_lat - (centre.lat - 0.001)) < 1e-9);
      assert.ok(Math.abs(row.max_lng - (centre.lng + 0.001)) < 1e-9);

      const read = await staff.get<Block>(`/api/blocks/${r.body.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.id, r.body.id);
      const list = await staff.get<BlockList>(`/api/blocks?street=${YUYUAN_STREET}`);
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((b) => b.id === r.body.id));
      const mine = await staff.get<BlockList>('/api/blocks');
      assert.ok(mine.body.items.some((b) => b.id === r.body.id));
    });

    it('when the street code is not a street, then 400 streetCode street and nothing is stored', async () => {
      const before = await countBlocks();
      for (const code of [YUYUAN_COMMITTEES[0], '310101999000']) {
        const r = await staff.post<Err>('/api/blocks', body({ streetCode: code }));
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'streetCode');
        assert.equal(r.body.rule, 'street');
      }
      assert.equal(await countBlocks(), before);
    });

    it('when an area code lies outside the street, then 400 areaCodes.N withinStreet and nothing is stored', async () => {
      const before = await countBlocks();
      const r = await staff.post<Err>(
        '/api/blocks',
        body({ areaCodes: [YUYUAN_COMMITTEES[0], DEMO_COMMITTEE] }),
      );
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, 'areaCodes.1');
      assert.equal(r.body.rule, 'withinStreet');
      const street = await staff.post<Err>('/api/blocks', body({ areaCodes: [YUYUAN_STREET] }));
      assert.equal(street.status, 400);
      assert.equal(street.body.field, 'areaCodes.0');
      assert.equal(await countBlocks(), before);
    });

    it('when the outline is not closed, not simple or not inside the street, then 400 boundary naming the rule and nothing is stored', async () => {
      const before = await countBlocks();
      const { lat, lng } = centre;
      const d = 0.001;
      const cases: [BlockBoundary, string][] = [
        [ring([lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d]), 'closed'],
        // a bow tie: two edges cross
        [
          ring([lng, lat], [lng + d, lat + d], [lng + d, lat], [lng, lat + d], [lng, lat]),
          'simple',
        ],
        // fewer than 3 distinct points
        [ring([lng, lat], [lng + d, lat], [lng + d, lat], [lng, lat]), 'simple'],
        // all on one line
        [ring([lng, lat], [lng + d, lat], [lng + 2 * d, lat], [lng, lat]), 'simple'],
        // the third vertex far east of 豫园街道 (in the Huangpu river)
        [
          ring([lng, lat], [lng + d, lat], [121.5, lat + d], [lng, lat + d], [lng, lat]),
          'withinStreet',
        ],
      ];
      for (const [boundary, rule] of cases) {
        const r = await staff.post<Err>('/api/blocks', body({ boundary }));
        assert.equal(r.status, 400, `${rule}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'boundary');
        assert.equal(r.body.rule, rule);
      }
      // a ring of three points is below the schema's minimum (4 with the closing one)
      const short = await staff.post<Err>(
        '/api/blocks',
        body({ boundary: ring([lng, lat], [lng + d, lat], [lng, lat]) }),
      );
      assert.equal(short.status, 400);
      assert.equal(await countBlocks(), before);
    });

    it('when the street is concave and an edge of the block cuts its notch, or the street has no boundary, then 400 and nothing is stored', async () => {
      const before = await countBlocks();
      const { lat, lng } = centre;
      const d = 0.001;
      const saved = await db()
        .selectFrom('areas')
        .select('boundary')
        .where('code', '=', YUYUAN_STREET)
        .executeTakeFirstOrThrow();
      const setStreet = (boundary: unknown) =>
        db()
          .updateTable('areas')
          .set({
            boundary:
              boundary === null || typeof boundary === 'string'
                ? (boundary as string | null)
                : JSON.stringify(boundary),
          })
          .where('code', '=', YUYUAN_STREET)
          .execute();
      try {
        // a U-shaped street around the centre: the notch is lng in (+d, +2d), lat in (+d, +3d)
        await setStreet([
          [
            [
              [lng, lat],
              [lng + 3 * d, lat],
              [lng + 3 * d, lat + 3 * d],
              [lng + 2 * d, lat + 3 * d],
              [lng + 2 * d, lat + d],
              [lng + d, lat + d],
              [lng + d, lat + 3 * d],
              [lng, lat + 3 * d],
              [lng, lat],
            ],
          ],
        ]);
        // every vertex in an arm of the U, the top edge across the notch
        const acrossNotch = ring(
          [lng + 0.5 * d, lat + 0.5 * d],
          [lng + 2.5 * d, lat + 0.5 * d],
          [lng + 2.5 * d, lat + 2.5 * d],
          [lng + 0.5 * d, lat + 2.5 * d],
          [lng + 0.5 * d, lat + 0.5 * d],
        );
        const r = await staff.post<Err>('/api/blocks', body({ boundary: acrossNotch }));
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'boundary');
        assert.equal(r.body.rule, 'withinStreet');

        await setStreet(null);
        const none = await staff.post<Err>('/api/blocks', body());
        assert.equal(none.status, 400, JSON.stringify(none.body));
        assert.equal(none.body.field, 'streetCode');
        assert.equal(none.body.rule, 'noBoundary');
      } finally {
        await setStreet(saved.boundary);
      }
      assert.equal(await countBlocks(), before);
      // the street's own boundary back: the same block is fine
      assert.equal((await staff.post('/api/blocks', body())).status, 201);
    });

    it('when a block of the same name exists in the street, then 409 name and nothing is stored', async () => {
      await createBlock(tp, staff, { name: '露香园街区' });
      const before = await countBlocks();
      const r = await staff.post<Err>('/api/blocks', body({ name: '露香园街区' }));
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.field, 'name');
      assert.equal(await countBlocks(), before);
    });

    it('when staff of another street or a resident ask, then they cannot draw, read, change or list the block (404)', async () => {
      const block = await createBlock(tp, staff);
      const before = await countBlocks();
      const resident = await signedUpAccount(tp);
      for (const c of [other, resident.client]) {
        assert.equal((await c.post('/api/blocks', body())).status, 404);
        assert.equal((await c.get(`/api/blocks/${block.id}`)).status, 404);
        assert.equal(
          (await c.request('PUT', `/api/blocks/${block.id}`, { ...body(), streetCode: undefined }))
            .status,
          404,
        );
        assert.equal((await c.get(`/api/blocks?street=${YUYUAN_STREET}`)).status, 404);
        const all = await c.get<BlockList>('/api/blocks');
        assert.equal(all.status, 200);
        assert.ok(!all.body.items.some((b) => b.id === block.id));
      }
      assert.equal(await countBlocks(), before);
      assert.equal((await tp.client().get(`/api/blocks/${block.id}`)).status, 401);
    });

    it('when staff change a block, then its name, areas and outline change; bad input leaves it as it was', async () => {
      const block = await createBlock(tp, staff, { name: '旧名街区' });
      await createBlock(tp, staff, { name: '占用的名字' });
      const { streetCode: _s, ...rest } = body();
      const moved = blockBoundaryInside({ lat: centre.lat + 0.002, lng: centre.lng }, 0.0005);
      const r = await staff.request<Block>('PUT', `/api/blocks/${block.id}`, {
        ...rest,
        name: '新名街区',
        areaCodes: [YUYUAN_COMMITTEES[1]],
        boundary: moved,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.name, '新名街区');
      assert.deepEqual(
        r.body.areas.map((a) => a.code),
        [YUYUAN_COMMITTEES[1]],
      );
      assert.deepEqual(r.body.boundary, moved);

      const bad = await staff.request<Err>('PUT', `/api/blocks/${block.id}`, {
        ...rest,
        boundary: ring(
          [centre.lng, centre.lat],
          [centre.lng + 0.001, centre.lat + 0.001],
          [centre.lng + 0.001, centre.lat],
          [centre.lng, centre.lat + 0.001],
          [centre.lng, centre.lat],
        ),
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.rule, 'simple');
      const taken = await staff.request<Err>('PUT', `/api/blocks/${block.id}`, {
        ...rest,
        name: '占用的名字',
      });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.field, 'name');
      const now = await staff.get<Block>(`/api/blocks/${block.id}`);
      assert.equal(now.body.name, '新名街区');
      assert.deepEqual(now.body.boundary, moved);
    });

    it('when a representative reads the block of their council, then they see it with their council only', async () => {
      const a = await makeCouncilWithMembers(tp, { members: 1, kind: 'co_management', staff });
      const b = await makeCouncilWithMembers(tp, {
        members: 1,
        kind: 'joint_building',
        staff,
        blockId: a.blockId,
      });
      const asStaff = await staff.get<Block>(`/api/blocks/${a.blockId}`);
      assert.deepEqual(
        asStaff.body.councils.map((c) => c.id).sort(),
        [a.councilId, b.councilId].sort(),
      );
      const rep = a.members[0]!.client;
      const read = await rep.get<Block>(`/api/blocks/${a.blockId}`);
      assert.equal(read.status, 200);
      assert.deepEqual(
        read.body.councils.map((c) => c.id),
        [a.councilId],
      );
      const list = await rep.get<BlockList>('/api/blocks');
      assert.deepEqual(
        list.body.items.map((x) => x.id),
        [a.blockId],
      );
    });
  });
}
