import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SsoInteraction, SsoSystemList } from '@cc/contracts';
import * as oidc from 'openid-client';
import { sha256 } from '../../platform/crypto.js';
import {
  authorizationRequest,
  browserSignIn,
  interactionUid,
  jwtPayload,
  local,
  logoutReceiver,
  registerTestClient,
  relyingParty,
  signInAndRedeem,
  verifyWithJwks,
  type TestRp,
} from '../../testing-sso.js';
import {
  accountId,
  DATABASES,
  eventually,
  staffAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
} from '../../testing.js';

const YUNNAN = '310101002001'; // 云南中路居委会
const YUNNAN_GRID = '310101002001-G1';

/** The answer of userinfo for an access token: its status and body. */
async function userinfo(tp: TestPlatform, accessToken: string) {
  const res = await fetch(`${tp.baseUrl}/oidc/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const isOAuthError = (code: string) => (e: unknown) => {
  assert.ok(e instanceof oidc.ResponseBodyError, String(e));
  assert.equal(e.error, code);
  return true;
};

/** invalid_client: with Basic auth the token endpoint answers 401 and a Basic challenge. */
const isInvalidClient = (e: unknown) => {
  if (e instanceof oidc.WWWAuthenticateChallengeError) {
    assert.equal(e.status, 401);
    assert.equal(e.cause[0]?.parameters.error, 'invalid_client');
    return true;
  }
  return isOAuthError('invalid_client')(e);
};

for (const kind of DATABASES) {
  describe(`one sign-on (${kind})`, () => {
    let tp: TestPlatform;
    let admin: Client;
    let rp: TestRp; // allows committee staff, street operators and administrators: name, roles
    const db = () => tp.platform.database.db;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      admin = await tp.login('admin');
      rp = await relyingParty(tp, await registerTestClient(tp, admin));
    });
    after(() => tp.close());

    it('when a system reads the discovery document, then it finds the issuer at the address it used', async () => {
      const meta = rp.config.serverMetadata();
      assert.equal(meta.issuer, `${tp.baseUrl}/oidc`);
      assert.equal(meta.authorization_endpoint, `${tp.baseUrl}/oidc/auth`);
      assert.equal(meta.token_endpoint, `${tp.baseUrl}/oidc/token`);
      assert.equal(meta.end_session_endpoint, `${tp.baseUrl}/oidc/session/end`);
      assert.equal(meta.jwks_uri, `${tp.baseUrl}/oidc/jwks`);
      assert.equal(meta.backchannel_logout_supported, true);
      assert.equal(meta.backchannel_logout_session_supported, true);
      assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
      for (const scope of ['openid', 'profile', 'roles', 'phone'])
        assert.ok(meta.scopes_supported?.includes(scope), scope);
      assert.deepEqual(meta.response_types_supported, ['code']);
      const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: { d?: string }[] };
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0]!.d, undefined, 'no private part is published');
    });

    it('when a staff member signs in through our interaction (code + PKCE), then the system gets tokens with the allowed claims', async () => {
      const yunnan = await tp.login('yunnan');
      const request = await authorizationRequest(rp);
      // the provider sends the browser to our page, the interaction cookie scoped to our API
      const started = await yunnan.get(local(request.url));
      assert.equal(started.status, 303);
      const uid = interactionUid(started.headers.get('location'));
      assert.ok(uid, started.headers.get('location') ?? '');
      const cookies = started.headers.getSetCookie();
      const interactionCookie = cookies.find((c) => c.startsWith('cc_sso_interaction='))!;
      assert.match(interactionCookie, new RegExp(`path=/api/sso/interactions/${uid};`, 'i'));
      assert.match(interactionCookie, /httponly/i);
      assert.ok(cookies.some((c) => /^cc_sso_resume=.*path=\/oidc\/auth\//i.test(c)));

      const shown = await yunnan.get<SsoInteraction>(`/api/sso/interactions/${uid}`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body, {
        uid,
        prompt: 'consent',
        client: { name: '测试业务系统', department: '测试局', logoUrl: null },
        claims: ['name', 'roles'],
        signedIn: true,
        allowed: true,
      });
      const confirmed = await yunnan.post<{ redirectTo: string }>(
        `/api/sso/interactions/${uid}/confirm`,
      );
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.body.redirectTo, `${tp.baseUrl}/oidc/auth/${uid}`);
      const back = await yunnan.get(local(confirmed.body.redirectTo));
      assert.equal(back.status, 303);
      const callback = new URL(back.headers.get('location')!);
      assert.equal(`${callback.origin}${callback.pathname}`, rp.redirectUri);

      const tokens = await oidc.authorizationCodeGrant(rp.config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, await accountId(tp, 'yunnan'));
      assert.equal(claims.name, '云南中路居委会 刘芳');
      assert.deepEqual(claims.roles, [
        { role: 'committee_staff', areaCode: YUNNAN, areaName: '云南中路居委会' },
      ]);
      assert.equal(claims.phone_number, undefined);
      assert.ok(tokens.refresh_token, 'a refresh token (bound to the session)');
      const info = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
      assert.equal(info.name, '云南中路居委会 刘芳');
      assert.deepEqual(info.roles, claims.roles);
      // the sign-in is audited
      const audit = await db()
        .selectFrom('audit_log')
        .select(['actor_name', 'detail'])
        .where('action', '=', 'sso.sign_in')
        .where('outcome', '=', 'ok')
        .execute();
      assert.ok(audit.some((a) => a.actor_name === 'yunnan'));
    });

    it('when the provider session and the grant exist, then the next jump is redirects only (no interaction)', async () => {
      const yunnan = await tp.login('yunnan');
      const first = await signInAndRedeem(yunnan, rp);
      assert.ok(first.interaction);
      const again = await authorizationRequest(rp);
      const direct = await yunnan.get(local(again.url));
      assert.equal(direct.status, 303);
      const callback = new URL(direct.headers.get('location')!);
      assert.equal(`${callback.origin}${callback.pathname}`, rp.redirectUri, 'straight back');
      const tokens = await oidc.authorizationCodeGrant(rp.config, callback, {
        pkceCodeVerifier: again.verifier,
        expectedState: again.state,
      });
      assert.equal(tokens.claims()!.sub, first.tokens.claims()!.sub);
    });

    it('when a person signs in again after signing out, then the consent given before is not asked again (prompt login)', async () => {
      const planner = await staffAccount(tp, {
        username: 'sso-again',
        role: 'committee_staff',
        areaCode: YUNNAN,
      });
      const first = await signInAndRedeem(planner, rp);
      assert.equal(first.interaction?.prompt, 'consent');
      assert.equal((await planner.post('/api/auth/logout')).status, 204);
      const back = await tp.login('sso-again', 'a-long-password-1');
      const second = await signInAndRedeem(back, rp);
      assert.equal(second.interaction?.prompt, 'login', 'signed out: an interaction, no question');
    });

    it('when a system is allowed only some roles and claims, then it gets only those — whatever scopes it asks', async () => {
      const nameOnly = await relyingParty(
        tp,
        await registerTestClient(tp, admin, {
          name: '只给姓名的系统',
          allowedRoles: ['committee_staff'],
          allowedClaims: ['name'],
        }),
      );
      const user = await staffAccount(tp, {
        username: 'sso-two-roles',
        role: 'committee_staff',
        areaCode: YUNNAN,
      });
      const id = await accountId(tp, 'sso-two-roles');
      const granted = await admin.post(`/api/accounts/${id}/roles`, {
        role: 'grid_leader',
        areaCode: YUNNAN_GRID,
      });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      await db()
        .updateTable('accounts')
        .set({ phone_enc: tp.platform.deps.cipher.encrypt('13912345678') })
        .where('id', '=', id)
        .execute();
      void user;
      const browser = await tp.login('sso-two-roles', 'a-long-password-1');

      const asked = 'openid profile roles phone';
      const a = await signInAndRedeem(browser, nameOnly, { scope: asked });
      assert.deepEqual(a.interaction?.claims, ['name']);
      const ca = a.tokens.claims()!;
      assert.equal(ca.name, 'sso-two-roles 测试');
      assert.equal(ca.roles, undefined);
      assert.equal(ca.phone_number, undefined, 'phone scope asked, the claim not allowed');
      const ia = await userinfo(tp, a.tokens.access_token);
      assert.equal(ia.status, 200);
      assert.equal(ia.body.phone_number, undefined);
      assert.equal(ia.body.roles, undefined);
      assert.equal(ia.body.name, 'sso-two-roles 测试');
      // the refused scopes are remembered: the next jump needs no interaction
      const again = await authorizationRequest(nameOnly, { scope: asked });
      const direct = await browser.get(local(again.url));
      assert.equal(interactionUid(direct.headers.get('location')), null);

      // roles: only the bindings of the roles the system allows
      const gridOnly = await relyingParty(
        tp,
        await registerTestClient(tp, admin, {
          name: '网格系统',
          allowedRoles: ['grid_leader'],
          allowedClaims: ['roles', 'phone_number'],
        }),
      );
      const b = await signInAndRedeem(browser, gridOnly, { scope: asked });
      const cb = b.tokens.claims()!;
      assert.deepEqual(cb.roles, [
        { role: 'grid_leader', areaCode: YUNNAN_GRID, areaName: '云南中路第1网格' },
      ]);
      assert.equal(cb.name, undefined);
      // the mobile, allowed here, is released unmasked and each release is audited
      assert.equal(cb.phone_number, '13912345678');
      const releases = await db()
        .selectFrom('audit_log')
        .select(['object_id', 'detail'])
        .where('action', '=', 'sso.claim.release')
        .execute();
      assert.ok(releases.some((r) => r.object_id === id));
    });

    it('when a system refreshes, then a new token comes and the old refresh token is good no more', async () => {
      const yunnan = await tp.login('yunnan');
      const { tokens } = await signInAndRedeem(yunnan, rp);
      const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      assert.notEqual(refreshed.access_token, tokens.access_token);
      assert.equal((await userinfo(tp, refreshed.access_token)).status, 200);
      await assert.rejects(
        oidc.refreshTokenGrant(rp.config, tokens.refresh_token!),
        isOAuthError('invalid_grant'),
      );
    });

    it('when a system logs the person out (RP-initiated), then the provider asks, ends its session and returns to the system', async () => {
      const yunnan = await tp.login('yunnan');
      const { tokens } = await signInAndRedeem(yunnan, rp);
      const url = oidc.buildEndSessionUrl(rp.config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:9/logged-out',
      });
      const page = await yunnan.get<string>(local(url));
      assert.equal(page.status, 200);
      assert.match(page.body, /<html lang="zh-CN">/);
      assert.match(page.body, /退出统一登录/);
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /form-action 'self' https: http:/);
      assert.match(csp, /frame-ancestors 'none'/);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(xsrf, page.body);
      const done = await yunnan.request(
        'POST',
        '/oidc/session/end/confirm',
        new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded', origin: tp.baseUrl },
      );
      assert.equal(done.status, 303, String(done.body));
      assert.equal(done.headers.get('location'), 'http://127.0.0.1:9/logged-out');
      // the provider's session is gone: the next jump asks again (our session still holds)
      const next = await authorizationRequest(rp);
      const res = await yunnan.get(local(next.url));
      assert.ok(interactionUid(res.headers.get('location')));
      assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
    });

    it('when the person signs out here, then every system with a back-channel URI gets a verifiable logout token and the tokens end', async () => {
      const receiver = await logoutReceiver();
      try {
        const told = await relyingParty(
          tp,
          await registerTestClient(tp, admin, {
            name: '会收到退出通知的系统',
            backchannelLogoutUri: receiver.url,
          }),
        );
        const user = await staffAccount(tp, {
          username: 'sso-bye',
          role: 'street_operator',
          areaCode: '310101002000',
        });
        const { tokens } = await signInAndRedeem(user, told);
        const sid = tokens.claims()!.sid;
        assert.ok(sid, 'the ID token carries the session id');
        assert.equal((await user.post('/api/auth/logout')).status, 204);
        await eventually(async () => receiver.tokens.length > 0);
        const { header, payload } = await verifyWithJwks(tp.baseUrl, receiver.tokens[0]!);
        assert.equal(header.typ, 'logout+jwt');
        assert.equal(payload.iss, `${tp.baseUrl}/oidc`);
        assert.equal(payload.aud, told.client.clientId);
        assert.equal(payload.sub, await accountId(tp, 'sso-bye'));
        assert.equal(payload.sid, sid);
        assert.deepEqual(payload.events, {
          'http://schemas.openid.net/event/backchannel-logout': {},
        });
        assert.equal(payload.nonce, undefined);
        assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
        await assert.rejects(
          oidc.refreshTokenGrant(told.config, tokens.refresh_token!),
          isOAuthError('invalid_grant'),
        );
      } finally {
        await receiver.close();
      }
    });

    it('when the person changes the password, then every other browser is out: the systems are told and the tokens end', async () => {
      const receiver = await logoutReceiver();
      try {
        const told = await relyingParty(
          tp,
          await registerTestClient(tp, admin, {
            name: '改密码会通知的系统',
            backchannelLogoutUri: receiver.url,
          }),
        );
        const user = await staffAccount(tp, {
          username: 'sso-new-password',
          role: 'street_operator',
          areaCode: '310101002000',
        });
        const { tokens } = await signInAndRedeem(user, told);
        const changed = await user.post('/api/auth/password', {
          currentPassword: 'a-long-password-1',
          newPassword: 'another-long-password-2',
        });
        assert.equal(changed.status, 204, JSON.stringify(changed.body));
        await eventually(async () => receiver.tokens.length > 0);
        const { payload } = await verifyWithJwks(tp.baseUrl, receiver.tokens[0]!);
        assert.equal(payload.sub, await accountId(tp, 'sso-new-password'));
        assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
        // the one sign-on held by that browser is gone: the next jump asks again
        const again = await browserSignIn(user, told, await authorizationRequest(told));
        assert.ok(again.interaction, 'an interaction, not straight back with a code');
      } finally {
        await receiver.close();
      }
    });

    it('when an administrator disables the account, then the systems are told and its tokens end', async () => {
      const receiver = await logoutReceiver();
      try {
        const told = await relyingParty(
          tp,
          await registerTestClient(tp, admin, {
            name: '停用账号会通知的系统',
            backchannelLogoutUri: receiver.url,
          }),
        );
        const user = await staffAccount(tp, {
          username: 'sso-disabled',
          role: 'committee_staff',
          areaCode: YUNNAN,
        });
        const { tokens } = await signInAndRedeem(user, told);
        const id = await accountId(tp, 'sso-disabled');
        assert.equal((await admin.post(`/api/accounts/${id}/disable`)).status, 200);
        await eventually(async () => receiver.tokens.length > 0);
        const { payload } = await verifyWithJwks(tp.baseUrl, receiver.tokens[0]!);
        assert.equal(payload.sub, id);
        assert.equal(payload.aud, told.client.clientId);
        assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
        const left = await db()
          .selectFrom('sso_payloads')
          .select('model')
          .where('account_id', '=', id)
          .execute();
        assert.deepEqual(left, []);
      } finally {
        await receiver.close();
      }
    });

    it('when the redirect URI is not registered, then an error page, never a redirect to it', async () => {
      const yunnan = await tp.login('yunnan');
      const request = await authorizationRequest(rp, { redirectUri: 'http://127.0.0.1:9/evil' });
      const res = await yunnan.get<string>(local(request.url));
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.body, /无法完成登录/);
      assert.match(res.body, /redirect_uri/);
      assert.doesNotMatch(res.body, /evil/, 'the address given is not echoed as a link');
    });

    it('when an authorization code is used twice, then invalid_grant, and the tokens it gave are revoked', async () => {
      const yunnan = await tp.login('yunnan');
      const request = await authorizationRequest(rp);
      const { callback } = await browserSignIn(yunnan, rp, request);
      const checks = { pkceCodeVerifier: request.verifier, expectedState: request.state };
      const tokens = await oidc.authorizationCodeGrant(rp.config, callback, checks);
      assert.equal((await userinfo(tp, tokens.access_token)).status, 200);
      await assert.rejects(
        oidc.authorizationCodeGrant(rp.config, callback, checks),
        isOAuthError('invalid_grant'),
      );
      assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
      await assert.rejects(
        oidc.refreshTokenGrant(rp.config, tokens.refresh_token!),
        isOAuthError('invalid_grant'),
      );
    });

    it('when the PKCE verifier does not match, then invalid_grant', async () => {
      const yunnan = await tp.login('yunnan');
      const request = await authorizationRequest(rp);
      const { callback } = await browserSignIn(yunnan, rp, request);
      await assert.rejects(
        oidc.authorizationCodeGrant(rp.config, callback, {
          pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
          expectedState: request.state,
        }),
        isOAuthError('invalid_grant'),
      );
    });

    it('when a request has no PKCE at all, then it is refused', async () => {
      const yunnan = await tp.login('yunnan');
      const url = oidc.buildAuthorizationUrl(rp.config, {
        redirect_uri: rp.redirectUri,
        scope: 'openid',
        state: oidc.randomState(),
      });
      const res = await yunnan.get(local(url));
      assert.equal(res.status, 303);
      const back = new URL(res.headers.get('location')!);
      assert.equal(`${back.origin}${back.pathname}`, rp.redirectUri);
      assert.equal(back.searchParams.get('error'), 'invalid_request');
      assert.equal(back.searchParams.get('code'), null);
    });

    it('when a token is forged or expired, then userinfo answers 401', async () => {
      const yunnan = await tp.login('yunnan');
      const { tokens } = await signInAndRedeem(yunnan, rp);
      assert.equal((await userinfo(tp, crypto.randomBytes(32).toString('base64url'))).status, 401);
      const forgedJwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: 'x', iss: `${tp.baseUrl}/oidc` }),
      ).toString('base64url')}.`;
      assert.equal((await userinfo(tp, forgedJwt)).status, 401);
      await db()
        .updateTable('sso_payloads')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('model', '=', 'AccessToken')
        .where('id', '=', tokens.access_token)
        .execute();
      assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
    });

    it('when a system is disabled, then it cannot start a sign-in or redeem, and its tokens end', async () => {
      const soon = await relyingParty(
        tp,
        await registerTestClient(tp, admin, { name: '将停用的系统' }),
      );
      const yunnan = await tp.login('yunnan');
      const { tokens } = await signInAndRedeem(yunnan, soon);
      const pending = await authorizationRequest(soon);
      const { callback } = await browserSignIn(yunnan, soon, pending);
      const off = await admin.post(`/api/sso/clients/${soon.client.id}/disable`);
      assert.equal(off.status, 200);
      assert.equal(off.body.disabled, true);
      assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
      await assert.rejects(
        oidc.authorizationCodeGrant(soon.config, callback, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
        }),
        isInvalidClient,
      );
      const res = await yunnan.get<string>(local((await authorizationRequest(soon)).url));
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(res.body, /invalid_client/);
      const left = await db()
        .selectFrom('sso_payloads')
        .select('id')
        .where('client_id', '=', soon.client.clientId)
        .execute();
      assert.deepEqual(left, []);
      // enabled again: the tokens do not come back, a new sign-in asks again
      assert.equal((await admin.post(`/api/sso/clients/${soon.client.id}/enable`)).status, 200);
      assert.equal((await userinfo(tp, tokens.access_token)).status, 401);
      const after = await signInAndRedeem(yunnan, soon);
      assert.equal(after.interaction?.prompt, 'consent');
    });

    it('when the reader holds no role the system allows, then the page says so, confirm is 403 and abort tells the system', async () => {
      const grid = await tp.login('grid'); // grid_leader: not among the test system's roles
      const request = await authorizationRequest(rp);
      const res = await grid.get(local(request.url));
      const uid = interactionUid(res.headers.get('location'))!;
      const shown = await grid.get<SsoInteraction>(`/api/sso/interactions/${uid}`);
      assert.equal(shown.body.signedIn, true);
      assert.equal(shown.body.allowed, false);
      const confirm = await grid.post(`/api/sso/interactions/${uid}/confirm`);
      assert.equal(confirm.status, 403);
      const denied = await db()
        .selectFrom('audit_log')
        .select('actor_name')
        .where('action', '=', 'sso.sign_in')
        .where('outcome', '=', 'denied')
        .execute();
      assert.ok(denied.some((d) => d.actor_name === 'grid'));
      const abort = await grid.post<{ redirectTo: string }>(`/api/sso/interactions/${uid}/abort`);
      assert.equal(abort.status, 200);
      const back = await grid.get(local(abort.body.redirectTo));
      const callback = new URL(back.headers.get('location')!);
      assert.equal(`${callback.origin}${callback.pathname}`, rp.redirectUri);
      assert.equal(callback.searchParams.get('error'), 'access_denied');
      assert.equal(callback.searchParams.get('state'), request.state);
    });

    it('when another browser knows the interaction, then it can neither read nor confirm it', async () => {
      const yunnan = await tp.login('yunnan');
      const request = await authorizationRequest(rp);
      const res = await yunnan.get(local(request.url));
      const uid = interactionUid(res.headers.get('location'))!;
      const other = await tp.login('nanjingdong');
      assert.equal((await other.get(`/api/sso/interactions/${uid}`)).status, 404);
      assert.equal((await other.post(`/api/sso/interactions/${uid}/confirm`)).status, 404);
      assert.equal((await other.post(`/api/sso/interactions/${uid}/abort`)).status, 404);
      assert.equal((await yunnan.get('/api/sso/interactions/nosuchuid')).status, 404);
      assert.equal((await yunnan.get('/api/sso/interactions/bad%20uid')).status, 400);
    });

    it('when nobody is signed in, then the page can be read but confirm is 401; an enrolment-only session cannot confirm either', async () => {
      const browser = tp.client();
      const request = await authorizationRequest(rp);
      const res = await browser.get(local(request.url));
      const uid = interactionUid(res.headers.get('location'))!;
      const shown = await browser.get<SsoInteraction>(`/api/sso/interactions/${uid}`);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.signedIn, false);
      assert.equal(shown.body.allowed, false);
      assert.equal(shown.body.prompt, 'consent');
      assert.equal((await browser.post(`/api/sso/interactions/${uid}/confirm`)).status, 401);
      // a session that may only enrol a second factor
      const token = crypto.randomBytes(32).toString('base64url');
      await db()
        .insertInto('sessions')
        .values({
          id: sha256(token),
          account_id: await accountId(tp, 'admin'),
          created_at: new Date(),
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 600_000),
          ip: null,
          user_agent: null,
          enrol_only: true,
        })
        .execute();
      browser.cookies.set('cc_session', token);
      assert.equal((await browser.post(`/api/sso/interactions/${uid}/confirm`)).status, 401);
      // signing in on the page, then confirming, finishes the sign-in
      browser.cookies.delete('cc_session');
      const login = await browser.post('/api/auth/login', {
        username: 'yunnan',
        password: 'shanghai-2026',
      });
      assert.equal(login.status, 200);
      const confirmed = await browser.post<{ redirectTo: string }>(
        `/api/sso/interactions/${uid}/confirm`,
      );
      assert.equal(confirmed.status, 200);
    });

    it('when the sign-in here has ended (idle), then the next jump asks for an interaction again', async () => {
      const user = await staffAccount(tp, {
        username: 'sso-idle',
        role: 'committee_staff',
        areaCode: YUNNAN,
      });
      await signInAndRedeem(user, rp);
      const id = await accountId(tp, 'sso-idle');
      await db()
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
        .where('account_id', '=', id)
        .execute();
      const next = await authorizationRequest(rp);
      const res = await user.get(local(next.url));
      assert.ok(interactionUid(res.headers.get('location')), 'an interaction, not a code');
    });

    it('when staff open 专业系统, then they see the systems their roles may use, each with its launch address', async () => {
      const yunnan = await tp.login('yunnan');
      const mine = await yunnan.get<SsoSystemList>('/api/sso/systems');
      assert.equal(mine.status, 200);
      const names = mine.body.items.map((s) => s.name);
      assert.ok(names.includes('部门业务演示系统'), 'the demo department system');
      assert.ok(names.includes('养老服务管理平台'));
      assert.ok(
        !names.includes('实有人口管理系统'),
        'the police system is not for committee staff',
      );
      const demo = mine.body.items.find((s) => s.name === '部门业务演示系统')!;
      const launch = new URL(demo.launchUrl);
      assert.equal(launch.pathname, '/login');
      assert.equal(launch.searchParams.get('iss'), `${tp.baseUrl}/oidc`);
      assert.equal(launch.searchParams.get('target_link_uri'), launch.origin);

      const city = await tp.login('city');
      const theirs = await city.get<SsoSystemList>('/api/sso/systems');
      assert.ok(theirs.body.items.some((s) => s.name === '实有人口管理系统'));
      // the 22 placeholder systems of 13 departments and the demo system are registered
      const all = await admin.get('/api/sso/clients');
      const seeded = all.body.items.filter(
        (c: { clientId: string }) => !c.clientId.startsWith('cc-'),
      );
      assert.equal(seeded.length, 23);
      assert.equal(new Set(seeded.map((c: { department: string }) => c.department)).size, 14);

      const resident = await verifiedResident(tp);
      assert.equal((await resident.client.get('/api/sso/systems')).status, 403);
      assert.equal((await tp.client().get('/api/sso/systems')).status, 401);
    });

    it('when /oidc is asked for something it does not serve, then a 404 and the security headers', async () => {
      const res = await fetch(`${tp.baseUrl}/oidc/nothing-here`);
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      const jwks = await fetch(`${tp.baseUrl}/oidc/jwks`);
      assert.equal(jwks.status, 200);
      const payload = jwtPayload(
        (await signInAndRedeem(await tp.login('yunnan'), rp)).tokens.id_token!,
      );
      assert.equal(payload.iss, `${tp.baseUrl}/oidc`);
    });
  });
}
