import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataCipher, hmacSha256, keyFromFile, parseKey } from './crypto.js';

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

describe('key files', () => {
  it('when a key file is made, then only its owner may read it and the same key comes back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-'));
    try {
      const file = path.join(dir, 'keys', 'data.key');
      const key = keyFromFile(file, { create: true });
      assert.equal(key.length, 32);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
      assert.deepEqual(keyFromFile(file, { create: false }), key);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when others may read a key file, then it is refused with the fix; a missing one is not made unless asked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-'));
    try {
      const file = path.join(dir, 'data.key');
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      assert.throws(() => keyFromFile(file, { create: false }), /may be read by others.*chmod 600/);
      assert.throws(
        () => keyFromFile(path.join(dir, 'none.key'), { create: false }),
        /No key file/,
      );
      assert.equal(fs.existsSync(path.join(dir, 'none.key')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a key is not 32 bytes, then the error names where it came from', () => {
    assert.throws(() => parseKey('abcd', 'DATA_KEY'), /DATA_KEY must be 32 bytes/);
    assert.equal(parseKey('ab'.repeat(32), 'DATA_KEY').length, 32);
  });
});
