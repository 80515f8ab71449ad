import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createDataCipher, hmacSha256 } from './crypto.js';

describe('data cipher', () => {
  it('property: hmacSha256 gives what createHmac gives, for any key up to 64 bytes and any text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.string(), (key, text) => {
        const k = Buffer.from(key);
        assert.equal(
          hmacSha256(k)(text),
          crypto.createHmac('sha256', k).update(text).digest('base64url'),
        );
      }),
    );
  });

  it('property: a value encrypts to a different token each time and decrypts to itself', () => {
    const cipher = createDataCipher(crypto.randomBytes(32));
    fc.assert(
      fc.property(fc.string(), (text) => {
        const [a, b] = [cipher.encrypt(text), cipher.encrypt(text)];
        assert.notEqual(a, b);
        assert.equal(cipher.decrypt(a), text);
        assert.equal(cipher.lookupHash(text), cipher.lookupHash(text));
      }),
    );
  });

  it('when a token was changed, then decrypting it throws', () => {
    const cipher = createDataCipher(crypto.randomBytes(32));
    const token = cipher.encrypt('310101199001011234');
    // a character inside the IV, tag and body (the last may only carry padding bits)
    const i = 10;
    const other = token[i] === 'A' ? 'B' : 'A';
    assert.throws(() => cipher.decrypt(token.slice(0, i) + other + token.slice(i + 1)));
  });
});
