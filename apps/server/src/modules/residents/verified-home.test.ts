import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isStaff } from '../../platform/policy.js';
import {
  DATABASES,
  DEMO_COMMITTEE,
  signedUpAccount,
  startTestPlatform,
  verifiedResident,
  type TestPlatform,
} from '../../testing.js';
import { HOME_NOT_VERIFIED_RULE, requireVerifiedHome } from './index.js';

const ctxOf = (tp: TestPlatform, id: string | null): Ctx => ({
  ...tp.platform.deps,
  actor: id ? { id, username: 'x', displayName: 'x', bindings: [] } : null,
  ip: null,
});

for (const kind of DATABASES) {
  describe(`verified homes (${kind})`, () => {
    let tp: TestPlatform;
    before(async () => {
      tp = await startTestPlatform(kind);
    });
    after(() => tp?.close());

    it('when the test helper verifies residents at once, then each is linked to another registry resident, with the resident role', async () => {
      const made = await Promise.all([1, 2, 3].map(() => verifiedResident(tp)));
      assert.equal(new Set(made.map((r) => r.residentId)).size, 3);
      for (const r of made) {
        assert.equal(r.committeeCode, DEMO_COMMITTEE);
        const me = await r.client.get('/api/residents/me');
        assert.equal(me.status, 200, JSON.stringify(me.body));
        assert.equal(me.body.link.status, 'verified');
        const roles = (await r.client.get('/api/auth/me')).body.roles as { role: string }[];
        assert.deepEqual(
          roles.map((b) => b.role),
          ['resident'],
        );
      }
      const building = await verifiedResident(tp, { building: made[0]!.buildingId });
      assert.equal(building.buildingId, made[0]!.buildingId);
    });

    it('when a use case requires a verified home, then a verified resident gets it and others a 403 with a stable rule', async () => {
      const resident = await verifiedResident(tp);
      const home = await requireVerifiedHome(ctxOf(tp, resident.accountId));
      assert.equal(home.residentId, resident.residentId);
      assert.equal(home.committeeCode, DEMO_COMMITTEE);

      const newcomer = await signedUpAccount(tp);
      const refused = await requireVerifiedHome(ctxOf(tp, newcomer.accountId)).catch((e) => e);
      assert.ok(refused instanceof AppError);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.rule, HOME_NOT_VERIFIED_RULE);
      assert.match(refused.message, /^请先完成住户认证.*verify your home first/i);
      const told = await requireVerifiedHome(ctxOf(tp, newcomer.accountId), '先认证 / x').catch(
        (e) => e,
      );
      assert.equal(told.message, '先认证 / x');
      assert.equal(told.rule, HOME_NOT_VERIFIED_RULE);
      const anonymous = await requireVerifiedHome(ctxOf(tp, null)).catch((e) => e);
      assert.equal(anonymous.statusCode, 401);
    });

    it('when an actor holds only the resident role, then it is not staff; any other role is', () => {
      const binding = (role: 'resident' | 'committee_staff' | 'street_operator') => ({
        id: role,
        role,
        areaCode: DEMO_COMMITTEE,
        areaPath: '/x',
        areaName: 'x',
        areaLevel: 'committee',
      });
      const actor = (roles: ('resident' | 'committee_staff' | 'street_operator')[]) => ({
        id: 'a',
        username: 'a',
        displayName: 'a',
        bindings: roles.map(binding),
      });
      assert.equal(isStaff(null), false);
      assert.equal(isStaff(actor([])), false);
      assert.equal(isStaff(actor(['resident'])), false);
      assert.equal(isStaff(actor(['resident', 'committee_staff'])), true);
      assert.equal(isStaff(actor(['street_operator'])), true);
    });
  });
}
