import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO } from '../../testing.js';
import { checkPasswordPolicy, isCommonPassword } from './password-policy.js';

describe('the password policy', () => {
  it('when the demo password is checked, then it passes: 13 characters, not a common password', () => {
    assert.equal(DEMO.password, 'shanghai-2026');
    assert.equal(isCommonPassword(DEMO.password), false);
    assert.doesNotThrow(() => checkPasswordPolicy(DEMO.password, 'password'));
  });

  it('when a password is common in any letter case, then it is refused; length counts characters, not bytes', () => {
    assert.ok(isCommonPassword('password1234'));
    assert.ok(isCommonPassword('PASSWORD1234'));
    assert.doesNotThrow(() => checkPasswordPolicy('社区云一网统管社区云一网', 'password'));
    assert.throws(() => checkPasswordPolicy('社区云一网统管社区云一', 'password'), /at least 12/);
  });
});
