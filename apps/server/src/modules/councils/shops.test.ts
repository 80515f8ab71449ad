import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isValidUscc, type CouncilMember, type Shop, type ShopList } from '@cc/contracts';
import crypto from 'node:crypto';
import { createDataCipher } from '../../platform/crypto.js';
import { phoneHmac } from '../registry/index.js';
import { manifest } from './index.js';
import {
  createBlock,
  createCouncil,
  nextUsccNumber,
  otherStreetOperator,
  registerShop,
  usccFor,
  verifyShop,
  YUYUAN_STREET,
  yuyuanCentre,
  yuyuanOperator,
  COUNCIL_TEST_CONFIG,
} from '../../testing-councils.js';
import {
  DATABASES,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  UNMASKED_PHONE,
  type Client,
  type TestAccount,
  type TestPlatform,
} from '../../testing.js';

type Err = { field?: string; rule?: string; message: string };
const XUEYUAN = '310101018012'; // 学院居委会, 豫园街道

for (const kind of DATABASES) {
  describe(`shops (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 豫园街道 street operator
    let other: Client; // 南京东路街道 street operator
    let owner: TestAccount; // a merchant's own account
    let centre: { lat: number; lng: number };
    const db = () => tp.platform.database.db;
    const countShops = async () =>
      Number(
        (
          await db()
            .selectFrom('shops')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const body = (o: Record<string, unknown> = {}) => ({
      name: '老庙黄金',
      uscc: usccFor(nextUsccNumber()),
      address: '豫园路 88 号',
      lat: centre.lat,
      lng: centre.lng,
      category: 'retail',
      contactName: '王建国',
      contactPhone: '13812345678',
      ...o,
    });

    before(async () => {
      tp = await startTestPlatform(kind, COUNCIL_TEST_CONFIG);
      staff = await yuyuanOperator(tp, 'yy-shops');
      other = await otherStreetOperator(tp, 'nj-shops');
      owner = await signedUpAccount(tp);
      centre = await yuyuanCentre(tp);
    });
    after(() => tp.close());

    it('when a merchant registers their own shop, then it is theirs, placed in its committee, its contact encrypted, masked and hashed', async () => {
      const uscc = usccFor(nextUsccNumber());
      const r = await owner.client.post<Shop>(
        '/api/shops',
        body({ uscc, contactPhone: '138 1234 5678' }),
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.uscc, uscc);
      assert.equal(r.body.mine, true);
      assert.equal(r.body.contactName, '王**');
      assert.equal(r.body.contactPhone, '138****5678');
      assert.ok(r.body.committee?.code.startsWith('310101018'), JSON.stringify(r.body.committee));
      assert.deepEqual(r.body.councils, []);
      assert.deepEqual(r.body.joinable, []);
      assert.doesNotMatch(JSON.stringify(r.body), UNMASKED_PHONE);
      const row = await db()
        .selectFrom('shops')
        .selectAll()
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.account_id, owner.accountId);
      assert.equal(row.committee_code, r.body.committee!.code);
      assert.ok(row.area_path.endsWith(`/${YUYUAN_STREET}/${row.committee_code}`), row.area_path);
      assert.ok(!row.contact_name_enc.includes('王建国'));
      assert.ok(!row.contact_phone_enc.includes('13812345678'));
      const cipher = tp.platform.deps.cipher;
      assert.equal(cipher.decrypt(row.contact_name_enc), '王建国');
      assert.equal(cipher.decrypt(row.contact_phone_enc), '13812345678');
      assert.equal(row.contact_phone_hmac, phoneHmac(cipher, '13812345678'));

      const read = await owner.client.get<Shop>(`/api/shops/${r.body.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.mine, true);
      const mine = await owner.client.get<ShopList>('/api/shops');
      assert.deepEqual(
        mine.body.items.map((s) => s.id),
        [r.body.id],
      );
    });

    it('when the credit code’s check character is wrong, then 400 uscc checkCharacter and nothing is stored', async () => {
      const good = usccFor(nextUsccNumber());
      const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      assert.equal(isValidUscc(wrong), false);
      const before = await countShops();
      const r = await owner.client.post<Err>('/api/shops', body({ uscc: wrong }));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, 'uscc');
      assert.equal(r.body.rule, 'checkCharacter');
      // letters the code never uses (I, O, S, V, Z) or lower case: the schema refuses it
      const bad = await owner.client.post<Err>(
        '/api/shops',
        body({ uscc: good.toLowerCase().replace(/\d/, 'i') }),
      );
      assert.equal(bad.status, 400);
      assert.equal(await countShops(), before);
    });

    it('when the credit code is registered already, then 409 uscc and nothing is stored', async () => {
      const uscc = usccFor(nextUsccNumber());
      await registerShop(tp, owner.client, { body: { uscc } });
      const before = await countShops();
      const someone = await signedUpAccount(tp);
      const r = await someone.client.post<Err>('/api/shops', body({ uscc }));
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.field, 'uscc');
      assert.equal(await countShops(), before);
    });

    it('when the contact phone is not a mobile or the point is outside the city, then 400 naming the field and nothing is stored', async () => {
      const before = await countShops();
      const phone = await owner.client.post<Err>(
        '/api/shops',
        body({ contactPhone: '021-63281234' }),
      );
      assert.equal(phone.status, 400, JSON.stringify(phone.body));
      assert.equal(phone.body.field, 'contactPhone');
      assert.equal(phone.body.rule, 'mobile');
      const far = await owner.client.post<Err>('/api/shops', body({ lat: 39.9, lng: 116.4 }));
      assert.equal(far.status, 400, JSON.stringify(far.body));
      assert.equal(far.body.field, 'lat');
      assert.equal(far.body.rule, 'outsideCity');
      const blank = await owner.client.post<Err>('/api/shops', body({ contactName: '  ' }));
      assert.equal(blank.status, 400);
      assert.equal(blank.body.field, 'contactName');
      assert.equal(await countShops(), before);
    });

    it('when a merchant names an account, then 400 accountId staffOnly; staff of the area register for an account or for none', async () => {
      const before = await countShops();
      const someone = await signedUpAccount(tp);
      const r = await owner.client.post<Err>('/api/shops', body({ accountId: someone.accountId }));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, 'accountId');
      assert.equal(r.body.rule, 'staffOnly');
      assert.equal(await countShops(), before);

      const forThem = await staff.post<Shop>('/api/shops', body({ accountId: someone.accountId }));
      assert.equal(forThem.status, 201, JSON.stringify(forThem.body));
      assert.equal(forThem.body.mine, false);
      assert.ok(forThem.body.verifiedAt, 'staff registering a shop have checked it');
      const theirs = await someone.client.get<Shop>(`/api/shops/${forThem.body.id}`);
      assert.equal(theirs.status, 200);
      assert.equal(theirs.body.mine, true);

      const none = await staff.post<Shop>('/api/shops', body());
      assert.equal(none.status, 201);
      const row = await db()
        .selectFrom('shops')
        .select(['account_id', 'created_by'])
        .where('id', '=', none.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.account_id, null);

      // committee staff of 学院 register a shop in 学院 for someone else
      const committee = await staffAccount(tp, {
        username: 'xy-shops',
        role: 'committee_staff',
        areaCode: XUEYUAN,
      });
      const at = await tp.centreOf(XUEYUAN);
      const c = await committee.post<Shop>(
        '/api/shops',
        body({ lat: at.lat, lng: at.lng, accountId: someone.accountId }),
      );
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.equal(c.body.committee?.code, XUEYUAN);
      // an account that does not exist
      const ghost = await staff.post<Err>(
        '/api/shops',
        body({ accountId: '00000000-0000-4000-8000-000000000001' }),
      );
      assert.equal(ghost.status, 400);
      assert.equal(ghost.body.field, 'accountId');
    });

    it('when staff list the shops of their street, then they page through them newest first; a name filter narrows them', async () => {
      const fresh = await signedUpAccount(tp);
      const made: string[] = [];
      for (let i = 0; i < 5; i++)
        made.push((await registerShop(tp, fresh.client, { body: { name: `翻页测试 ${i}` } })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: ShopList } = await staff.get<ShopList>(
          `/api/shops?area=${YUYUAN_STREET}&q=${encodeURIComponent('翻页测试')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.ok(page.body.items.length <= 2);
        seen.push(...page.body.items.map((s) => s.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [...made].reverse());
      const badCursor = await staff.get<Err>(`/api/shops?area=${YUYUAN_STREET}&cursor=nonsense`);
      assert.equal(badCursor.status, 400);
      assert.equal(badCursor.body.field, 'cursor');
      // the merchant's own list has only theirs
      const own = await fresh.client.get<ShopList>('/api/shops');
      assert.deepEqual(own.body.items.map((s) => s.id).sort(), [...made].sort());
    });

    it('when staff of another street or another account ask for a shop, then 404; its own list is empty for them', async () => {
      const shop = await registerShop(tp, owner.client);
      const stranger = await signedUpAccount(tp);
      for (const c of [other, stranger.client])
        assert.equal((await c.get(`/api/shops/${shop.id}`)).status, 404);
      assert.equal((await other.get(`/api/shops?area=${YUYUAN_STREET}`)).status, 404);
      assert.equal((await stranger.client.get(`/api/shops?area=${YUYUAN_STREET}`)).status, 404);
      const theirs = await stranger.client.get<ShopList>('/api/shops');
      assert.deepEqual(theirs.body.items, []);
      const asStaff = await staff.get<Shop>(`/api/shops/${shop.id}`);
      assert.equal(asStaff.status, 200);
      assert.equal(asStaff.body.mine, false);
      assert.equal(asStaff.body.joinable, undefined);
    });

    it('when an alliance’s block holds the shop, then its own account sees it as joinable until it joins', async () => {
      const block = await createBlock(tp, staff);
      const alliance = await createCouncil(staff, { blockId: block.id, name: '豫园路商户联盟' });
      await createCouncil(staff, { blockId: block.id, kind: 'co_management', name: '共管会' });
      const merchant = await signedUpAccount(tp);
      const shop = await registerShop(tp, merchant.client, { verifiedBy: staff });
      const far = await registerShop(tp, merchant.client, {
        point: { lat: centre.lat + 0.005, lng: centre.lng },
      });
      const read = await merchant.client.get<Shop>(`/api/shops/${shop.id}`);
      assert.deepEqual(read.body.joinable, [{ id: alliance.id, name: '豫园路商户联盟' }]);
      const outside = await merchant.client.get<Shop>(`/api/shops/${far.id}`);
      assert.deepEqual(outside.body.joinable, []);
      const joined = await merchant.client.post<CouncilMember>(
        `/api/councils/${alliance.id}/join`,
        { shopId: shop.id },
      );
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      const after = await merchant.client.get<Shop>(`/api/shops/${shop.id}`);
      assert.deepEqual(after.body.joinable, []);
      assert.deepEqual(after.body.councils, [{ id: alliance.id, name: '豫园路商户联盟' }]);
    });

    it('when a merchant registers their own shop, then it waits for the street: staff list it as unverified and verify it (audited); others may not', async () => {
      const merchant = await signedUpAccount(tp);
      const shop = await registerShop(tp, merchant.client);
      assert.equal(shop.verifiedAt, null);
      const unverified = async () =>
        (
          await staff.get<ShopList>(`/api/shops?area=${YUYUAN_STREET}&unverified=true&limit=100`)
        ).body.items.map((s) => s.id);
      assert.ok((await unverified()).includes(shop.id));
      // the owner, another street's staff and a stranger may not verify it: 404, nothing changes
      const stranger = await signedUpAccount(tp);
      for (const c of [merchant.client, other, stranger.client]) {
        const r = await c.post<Err>(`/api/shops/${shop.id}/verify`, {});
        assert.equal(r.status, 404, JSON.stringify(r.body));
      }
      const bad = await staff.post<Err>(`/api/shops/${shop.id}/verify`, { accountId: 'nobody' });
      assert.equal(bad.status, 400);
      assert.equal(
        (await merchant.client.get<Shop>(`/api/shops/${shop.id}`)).body.verifiedAt,
        null,
      );

      const done = await verifyShop(staff, shop.id);
      assert.ok(done.verifiedAt);
      assert.ok(!(await unverified()).includes(shop.id));
      const again = await verifyShop(staff, shop.id);
      assert.equal(again.verifiedAt, done.verifiedAt, 'verifying twice changes nothing');
      const audits = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', shop.id)
        .where('action', '=', 'councils.shop.verify')
        .execute();
      assert.equal(audits.length, 1);
    });

    it('when someone registered another’s credit code, then staff give the shop to its real owner; a member shop keeps its account (409)', async () => {
      const squatter = await signedUpAccount(tp);
      const realOwner = await signedUpAccount(tp);
      const uscc = usccFor(nextUsccNumber());
      const shop = await registerShop(tp, squatter.client, { body: { uscc } });
      // the real owner is told the code is taken, and whom to ask
      const taken = await realOwner.client.post<Err>('/api/shops', body({ uscc }));
      assert.equal(taken.status, 409);
      assert.match(taken.body.message, /街道核实/);
      const ghost = await staff.post<Err>(`/api/shops/${shop.id}/verify`, {
        accountId: '00000000-0000-4000-8000-000000000001',
      });
      assert.equal(ghost.status, 400, JSON.stringify(ghost.body));
      assert.equal(ghost.body.field, 'accountId');

      const given = await verifyShop(staff, shop.id, { accountId: realOwner.accountId });
      assert.ok(given.verifiedAt);
      assert.equal((await realOwner.client.get<Shop>(`/api/shops/${shop.id}`)).body.mine, true);
      assert.equal((await squatter.client.get(`/api/shops/${shop.id}`)).status, 404);
      const audit = await db()
        .selectFrom('audit_log')
        .select('detail')
        .where('object_id', '=', shop.id)
        .where('action', '=', 'councils.shop.verify')
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [(audit.detail as { from?: string }).from, (audit.detail as { to?: string }).to],
        [squatter.accountId, realOwner.accountId],
      );

      // once it is an alliance member, its account speaks for it: staff cannot give it away
      const block = await createBlock(tp, staff);
      const alliance = await createCouncil(staff, { blockId: block.id });
      const joined = await realOwner.client.post(`/api/councils/${alliance.id}/join`, {
        shopId: shop.id,
      });
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      const away = await staff.post<Err>(`/api/shops/${shop.id}/verify`, {
        accountId: squatter.accountId,
      });
      assert.equal(away.status, 409, JSON.stringify(away.body));
      assert.deepEqual([away.body.field, away.body.rule], ['accountId', 'member']);
      assert.equal((await realOwner.client.get<Shop>(`/api/shops/${shop.id}`)).body.mine, true);
    });

    it('when the data key is rotated, then a shop’s contact opens only with the new key and its phone hash is made again', async () => {
      const shop = await registerShop(tp, owner.client, {
        body: { contactName: '李四', contactPhone: '13912340000' },
      });
      const old = tp.platform.deps.cipher;
      const next = createDataCipher(crypto.randomBytes(32));
      const rollBack = new Error('roll back');
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            const n = await manifest.rekeyers!.shops!(trx, old, next);
            assert.ok(n >= 1);
            const row = await trx
              .selectFrom('shops')
              .selectAll()
              .where('id', '=', shop.id)
              .executeTakeFirstOrThrow();
            assert.equal(next.decrypt(row.contact_name_enc), '李四');
            assert.equal(next.decrypt(row.contact_phone_enc), '13912340000');
            assert.throws(() => old.decrypt(row.contact_phone_enc));
            assert.equal(row.contact_phone_hmac, phoneHmac(next, '13912340000'));
            assert.notEqual(row.contact_phone_hmac, phoneHmac(old, '13912340000'));
            throw rollBack; // the platform keeps its key for the other tests
          }),
        (e) => e === rollBack,
      );
    });
  });
}
