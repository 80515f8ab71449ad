import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maskPhone } from '@cc/contracts';
import { sql } from 'kysely';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';

/**
 * One-time SMS codes and the residents' phone accounts (issue 19), through HTTP. Every case
 * comes from its own client address (X-Forwarded-For through a trusted local proxy) and uses
 * its own phone numbers, so that the per-address and per-phone limits of one case do not
 * touch another. The codes are read where a person would find them: the 短信发件箱.
 */
const DEMO_RESIDENT_PHONE = '13800000008'; // the demo account `resident`
const DEMO_GRID_PHONE = '13800000005'; // the demo account `grid` (a grid leader: staff)
const PASSWORD = 'a-long-password-1';

let ipSeq = 0;
const nextIp = () => `198.51.100.${++ipSeq}`;

for (const kind of DATABASES) {
  describe(`one-time codes and phone accounts (${kind})`, () => {
    let tp: TestPlatform;
    let city: Client;

    /** A client whose requests come from its own address. */
    const from = (ip = nextIp()) => {
      const c = tp.client();
      const request = c.request.bind(c);
      c.request = (method, url, body, headers = {}) =>
        request(method, url, body, { 'x-forwarded-for': ip, ...headers });
      return c;
    };
    const ask = (c: Client, phone: string, purpose: string) =>
      c.post('/api/codes', { phone, purpose });
    /** The texts to a phone in the outbox, newest first. */
    const textsTo = async (phone: string): Promise<string[]> => {
      const r = await city.get('/api/sms-outbox?pageSize=200');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.items as { to: string; body: string }[])
        .filter((m) => m.to === maskPhone(phone))
        .map((m) => m.body);
    };
    /** The newest code texted to a phone. */
    const codeFor = async (phone: string): Promise<string> => {
      const text = (await textsTo(phone)).find((t) => /验证码 \d{6}/.test(t));
      assert.ok(text, `a code was texted to ${phone}`);
      return /验证码 (\d{6})/.exec(text)![1]!;
    };
    /** Past the minute between two codes to one number (all numbers). */
    const pastTheMinute = () =>
      tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .execute();
    const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const signUp = async (phone: string, extra: object = {}) => {
      const c = from();
      assert.equal((await ask(c, phone, 'sign-up')).status, 202);
      const r = await c.post('/api/auth/sign-up', {
        phone,
        code: await codeFor(phone),
        consent: true,
        ...extra,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { c, me: r.body };
    };

    before(async () => {
      tp = await startTestPlatform(kind, {
        loginsPerMinutePerIp: 1000,
        trustProxy: true,
        trustedProxies: ['127.0.0.1'],
      });
      city = await tp.login('city');
    });
    after(() => tp.close());

    it('when the phone is not a mainland mobile number, then a 400 names phone and nothing is sent', async () => {
      for (const phone of ['02163210000', '138000000001', '1380000abcd', '12800000000']) {
        for (const [url, body] of [
          ['/api/codes', { phone, purpose: 'sign-up' }],
          ['/api/auth/sign-up', { phone, code: '123456' }],
          ['/api/auth/code-login', { phone, code: '123456' }],
        ] as const) {
          const r = await from().post(url, body);
          assert.equal(r.status, 400, `${url} ${phone}`);
          assert.equal(r.body.field, 'phone', `${url} ${phone}`);
          assert.match(r.body.message, /phone.* \/ .*手机号/);
        }
      }
      assert.deepEqual(await textsTo('02163210000'), []);
    });

    it('when codes are asked for known and unknown numbers, then the answers are the same', async () => {
      const unknown = '13911110001';
      for (const purpose of ['sign-in', 'reset', 'sign-up']) {
        const known = await ask(from(), DEMO_RESIDENT_PHONE, purpose);
        const stranger = await ask(
          from(),
          purpose === 'sign-up' ? '13911110002' : unknown,
          purpose,
        );
        assert.equal(known.status, 202, JSON.stringify(known.body));
        assert.equal(stranger.status, known.status);
        assert.deepEqual(stranger.body, known.body);
        // the same number again within the minute: refused alike
        if (purpose === 'sign-in') {
          const [again1, again2] = [
            await ask(from(), DEMO_RESIDENT_PHONE, 'reset'),
            await ask(from(), unknown, 'reset'),
          ];
          assert.equal(again1.status, 429);
          assert.equal(again2.status, 429);
          assert.equal(again1.body.code, again2.body.code);
        }
        // past the minute for the next purpose
        await tp.platform.database.db
          .updateTable('code_send_limits')
          .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
          .execute();
      }
      // the unknown number got nothing for sign-in or reset; the known one was told, not coded
      assert.deepEqual(await textsTo(unknown), []);
      const toKnown = await textsTo(DEMO_RESIDENT_PHONE);
      assert.match(toKnown[0]!, /已注册/);
      assert.equal(toKnown.filter((t) => /验证码 \d{6}/.test(t)).length, 2);
    });

    it('when a resident signs up with the code, then the account is signed in and shows the phone masked', async () => {
      const phone = '13911110003';
      const { c, me } = await signUp(phone, { displayName: '王小明' });
      assert.match(me.username, /^r-[a-z0-9]{10}$/);
      assert.deepEqual(me.roles, []);
      const who = await c.get('/api/auth/me');
      assert.equal(who.status, 200);
      assert.equal(who.body.displayName, '王小明');
      const profile = await c.get('/api/me');
      assert.deepEqual(
        { phone: profile.body.phone, hasPassword: profile.body.hasPassword },
        { phone: '139****0003', hasPassword: false },
      );
      // the code was good once
      const again = await from().post('/api/auth/sign-up', {
        phone,
        code: '000000',
        consent: true,
      });
      assert.equal(again.status, 400);
      assert.equal(again.body.field, 'code');
      const row = await tp.platform.database.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', me.id)
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(phone), 'the phone is stored encrypted');
      // a password-less account has no password to guess
      assert.equal(
        (await from().post('/api/auth/login', { username: phone, password: 'x' })).status,
        401,
      );
    });

    it('when a code is wrong, reused, expired or tried a sixth time, then it is refused naming code', async () => {
      const phone = '13911110004';
      const c = from();
      await ask(c, phone, 'sign-up');
      let code = await codeFor(phone);
      const tryCode = (value: string) =>
        c.post('/api/auth/sign-up', { phone, code: value, consent: true });
      const wrong = await tryCode(other(code));
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.field, 'code');
      // four more wrong tries, then the right code is refused too
      for (let i = 0; i < 4; i++) assert.equal((await tryCode(other(code))).status, 400);
      const sixth = await tryCode(code);
      assert.equal(sixth.status, 400);
      assert.equal(sixth.body.field, 'code');
      const count = await tp.platform.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('phone_hmac', '=', tp.platform.deps.cipher.lookupHash(phone))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was stored');

      // a new code (past the minute) replaces the dead one; expired, it is refused
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .where('key', '=', `phone:${tp.platform.deps.cipher.lookupHash(phone)}`)
        .execute();
      assert.equal((await ask(c, phone, 'sign-up')).status, 202);
      code = await codeFor(phone);
      await tp.platform.database.db
        .updateTable('one_time_codes')
        .set({ expires_at: sql<Date>`now() - interval '1 second'` })
        .where('phone_hmac', '=', tp.platform.deps.cipher.lookupHash(phone))
        .execute();
      const expired = await tryCode(code);
      assert.equal(expired.status, 400);
      assert.equal(expired.body.field, 'code');

      // reused: the code of a finished sign-up does not sign in or sign up again
      const { c: signedUp } = await signUp('13911110005', { password: PASSWORD });
      assert.ok(signedUp);
      const used = await codeFor('13911110005');
      const reused = await from().post('/api/auth/code-login', {
        phone: '13911110005',
        code: used,
      });
      assert.equal(reused.status, 400);
    });

    it('when one number asks twice in a minute, or more than ten times a day, then 429 with Retry-After', async () => {
      const phone = '13911110006';
      assert.equal((await ask(from(), phone, 'sign-up')).status, 202);
      const soon = await ask(from(), phone, 'sign-up');
      assert.equal(soon.status, 429);
      const wait = Number(soon.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
      // the day's cap reached (as if the minutes had passed): refused until the window ends
      const key = `phone:${tp.platform.deps.cipher.lookupHash(phone)}`;
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ sent: 10, last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .where('key', '=', key)
        .execute();
      const capped = await ask(from(), phone, 'sign-up');
      assert.equal(capped.status, 429);
      assert.ok(Number(capped.headers.get('retry-after')) > 3600, 'waits for the day’s window');
      // the window over, it may send again
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ window_ends_at: sql<Date>`now() - interval '1 second'` })
        .where('key', '=', key)
        .execute();
      assert.equal((await ask(from(), phone, 'sign-up')).status, 202);
    });

    it('when one address floods code requests, then 429 with Retry-After after twenty', async () => {
      const c = from();
      for (let i = 0; i < 20; i++) {
        const r = await ask(c, `1371111${String(i).padStart(4, '0')}`, 'sign-in');
        assert.equal(r.status, 202, `request ${i + 1}`);
      }
      const flood = await ask(c, '13711119999', 'sign-in');
      assert.equal(flood.status, 429);
      assert.ok(Number(flood.headers.get('retry-after')) > 0);
      // another address is not held back
      assert.equal((await ask(from(), '13711119998', 'sign-in')).status, 202);
    });

    it('when a resident signs in by phone and password, or by code, then the session works; staff get no code', async () => {
      const byPassword = from();
      const r = await byPassword.post('/api/auth/login', {
        username: DEMO_RESIDENT_PHONE,
        password: 'shanghai-2026',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.username, 'resident');
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .execute();
      const byCode = from();
      assert.equal((await ask(byCode, DEMO_RESIDENT_PHONE, 'sign-in')).status, 202);
      const code = await codeFor(DEMO_RESIDENT_PHONE);
      const signedIn = await byCode.post('/api/auth/code-login', {
        phone: DEMO_RESIDENT_PHONE,
        code,
      });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.equal((await byCode.get('/api/auth/me')).body.username, 'resident');

      // a grid leader (staff) is sent no sign-in code, and no code signs them in
      const staff = from();
      assert.equal((await ask(staff, DEMO_GRID_PHONE, 'sign-in')).status, 202);
      assert.deepEqual(await textsTo(DEMO_GRID_PHONE), []);
      const refused = await staff.post('/api/auth/code-login', { phone: DEMO_GRID_PHONE, code });
      assert.equal(refused.status, 400);
      assert.equal((await staff.get('/api/auth/me')).status, 401);
    });

    it('when a password is reset by code, then the old password fails and the old sessions end', async () => {
      const phone = '13911110007';
      const { c: oldSession } = await signUp(phone, { password: PASSWORD });
      const byPassword = from();
      assert.equal(
        (await byPassword.post('/api/auth/login', { username: phone, password: PASSWORD })).status,
        200,
      );
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .where('key', '=', `phone:${tp.platform.deps.cipher.lookupHash(phone)}`)
        .execute();
      const forgot = from();
      assert.equal((await ask(forgot, phone, 'reset')).status, 202);
      const weak = await forgot.post('/api/auth/password-reset', {
        phone,
        code: await codeFor(phone),
        newPassword: 'short',
      });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.field, 'newPassword');
      const reset = await forgot.post('/api/auth/password-reset', {
        phone,
        code: await codeFor(phone),
        newPassword: 'another-long-password-2',
      });
      assert.equal(reset.status, 204, JSON.stringify(reset.body));
      assert.equal((await oldSession.get('/api/auth/me')).status, 401);
      assert.equal((await byPassword.get('/api/auth/me')).status, 401);
      assert.equal(
        (await from().post('/api/auth/login', { username: phone, password: PASSWORD })).status,
        401,
      );
      const fresh = from();
      assert.equal(
        (
          await fresh.post('/api/auth/login', {
            username: phone,
            password: 'another-long-password-2',
          })
        ).status,
        200,
      );
      // the existing password change works for a phone account
      const changed = await fresh.post('/api/auth/password', {
        currentPassword: 'another-long-password-2',
        newPassword: 'a-third-long-password-3',
      });
      assert.equal(changed.status, 204, JSON.stringify(changed.body));
      assert.equal((await fresh.get('/api/me')).body.hasPassword, true);
    });

    it('when a resident proves a new number by code, then the phone changes; a number in use is a 409', async () => {
      const { c } = await signUp('13911110008', { password: PASSWORD });
      const next = '13911110009';
      // a phone code needs a session
      assert.equal((await ask(from(), next, 'phone')).status, 401);
      assert.equal((await ask(c, next, 'phone')).status, 202);
      const code = await codeFor(next);
      // another account cannot use it
      const { c: someoneElse } = await signUp('13911110010');
      const stolen = await someoneElse.request('PUT', '/api/me/phone', { phone: next, code });
      assert.equal(stolen.status, 400);
      const changed = await c.request('PUT', '/api/me/phone', { phone: next, code });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.phone, '139****0009');
      assert.equal(
        (await from().post('/api/auth/login', { username: next, password: PASSWORD })).status,
        200,
      );
      // the number of the demo resident is taken: 409 once the code proves it
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .execute();
      assert.equal((await ask(c, DEMO_RESIDENT_PHONE, 'phone')).status, 202);
      const taken = await c.request('PUT', '/api/me/phone', {
        phone: DEMO_RESIDENT_PHONE,
        code: await codeFor(DEMO_RESIDENT_PHONE),
      });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.field, 'phone');
    });

    it('when an administrator disables a phone account, then its sessions end and no code signs it in', async () => {
      const phone = '13911110011';
      const { c, me } = await signUp(phone);
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .execute();
      const asker = from();
      assert.equal((await ask(asker, phone, 'sign-in')).status, 202);
      const code = await codeFor(phone);
      const admin = await tp.login('admin');
      const disabled = await admin.post(`/api/accounts/${me.id}/disable`);
      assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
      assert.equal((await c.get('/api/auth/me')).status, 401);
      const refused = await asker.post('/api/auth/code-login', { phone, code });
      assert.equal(refused.status, 400);
      assert.equal((await asker.get('/api/auth/me')).status, 401);
      // and a disabled account is sent no sign-in code at all
      await tp.platform.database.db
        .updateTable('code_send_limits')
        .set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` })
        .execute();
      const before = (await textsTo(phone)).length;
      assert.equal((await ask(from(), phone, 'sign-in')).status, 202);
      assert.equal((await textsTo(phone)).length, before);
    });

    it('when anyone tries to sign up a number with a junk code, then known and unknown numbers get the same answer', async () => {
      const answers = [];
      for (const phone of [DEMO_RESIDENT_PHONE, DEMO_GRID_PHONE, '13911110020']) {
        const r = await from().post('/api/auth/sign-up', { phone, code: '123456', consent: true });
        answers.push({ status: r.status, body: r.body });
      }
      assert.equal(answers[0]!.status, 400);
      assert.equal(answers[0]!.body.field, 'code');
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(answers[2], answers[0]);
    });

    it('when sign-up comes without consent to the privacy notice, then a 400 names consent and the code stays good', async () => {
      const phone = '13911110021';
      const c = from();
      assert.equal((await ask(c, phone, 'sign-up')).status, 202);
      const code = await codeFor(phone);
      for (const consent of [undefined, false]) {
        const r = await c.post('/api/auth/sign-up', { phone, code, consent });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.field, 'consent');
        assert.match(r.body.message, /consent.* \/ .*个人信息保护说明/);
      }
      const count = await tp.platform.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('phone_hmac', '=', tp.platform.deps.cipher.lookupHash(phone))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was stored');
      const r = await c.post('/api/auth/sign-up', { phone, code, consent: true });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });

    it('when a staff member’s phone asks for a reset code, or a reset code outlives a staff role, then no SMS resets a staff password', async () => {
      await pastTheMinute();
      const before = (await textsTo(DEMO_GRID_PHONE)).length;
      assert.equal((await ask(from(), DEMO_GRID_PHONE, 'reset')).status, 202);
      assert.equal((await textsTo(DEMO_GRID_PHONE)).length, before, 'no reset code to staff');

      // a resident gets a reset code, then becomes a grid leader: the code does not reset
      const phone = '13911110022';
      const { me } = await signUp(phone, { password: PASSWORD });
      await pastTheMinute();
      const forgot = from();
      assert.equal((await ask(forgot, phone, 'reset')).status, 202);
      const code = await codeFor(phone);
      const admin = await tp.login('admin');
      const granted = await admin.post(`/api/accounts/${me.id}/roles`, {
        role: 'grid_leader',
        areaCode: '310101002001',
      });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      const reset = await forgot.post('/api/auth/password-reset', {
        phone,
        code,
        newPassword: 'taken-over-password-9',
      });
      assert.equal(reset.status, 400);
      assert.equal(reset.body.field, 'code');
      assert.equal(
        (await from().post('/api/auth/login', { username: phone, password: PASSWORD })).status,
        200,
        'the password is unchanged',
      );
    });

    it('when a signed-in account asks for more than five phone-change codes a day, then 429 with Retry-After', async () => {
      const { c } = await signUp('13911110023');
      for (let i = 0; i < 5; i++) {
        const r = await ask(c, `1361111${String(i).padStart(4, '0')}`, 'phone');
        assert.equal(r.status, 202, `request ${i + 1}: ${JSON.stringify(r.body)}`);
      }
      const sixth = await ask(c, '13611119999', 'phone');
      assert.equal(sixth.status, 429);
      assert.ok(Number(sixth.headers.get('retry-after')) > 3600, 'waits for the day’s window');
      assert.deepEqual(await textsTo('13611119999'), []);
      // another account is not held back
      const { c: neighbour } = await signUp('13911110024');
      assert.equal((await ask(neighbour, '13611119998', 'phone')).status, 202);
    });

    it('when a code-only resident sets a first password by a code to its phone, then this session stays and the password works', async () => {
      const phone = '13911110025';
      const { c } = await signUp(phone);
      assert.equal((await c.get('/api/me')).body.hasPassword, false);
      // no current password to give: the change asks for one
      await pastTheMinute();
      assert.equal((await from().post('/api/me/password/code')).status, 401);
      const sent = await c.post('/api/me/password/code');
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const code = await codeFor(phone);
      const weak = await c.post('/api/me/password', { code, newPassword: 'short' });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.field, 'newPassword');
      const wrong = await c.post('/api/me/password', { code: other(code), newPassword: PASSWORD });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.field, 'code');
      const set = await c.post('/api/me/password', { code, newPassword: PASSWORD });
      assert.equal(set.status, 204, JSON.stringify(set.body));
      const profile = await c.get('/api/me');
      assert.equal(profile.status, 200, 'this session continues');
      assert.equal(profile.body.hasPassword, true);
      assert.equal(
        (await from().post('/api/auth/login', { username: phone, password: PASSWORD })).status,
        200,
      );
      // once set, a code does not replace it: the current password changes it
      await pastTheMinute();
      const again = await c.post('/api/me/password/code');
      assert.equal(again.status, 409);
      const reused = await c.post('/api/me/password', { code, newPassword: 'another-long-one-77' });
      assert.equal(reused.status, 409);
    });
  });
}
