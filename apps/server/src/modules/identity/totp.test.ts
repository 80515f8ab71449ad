import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, matchTotp, otpauthUri, totp } from './totp.js';

// RFC 6238 appendix B, the SHA-1 rows: the seed is the ASCII of "12345678901234567890"
const SEED = Buffer.from('12345678901234567890', 'ascii');
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it("when the RFC's SHA-1 test vectors are computed with 8 digits, then every code matches", () => {
    for (const [t, code] of VECTORS) assert.equal(totp(SEED, t, 8), code, `T = ${t}`);
  });

  it('when 6 digits are asked for, then the code is the last 6 of the 8 (dynamic truncation mod 10^6)', () => {
    for (const [t, code] of VECTORS) assert.equal(totp(SEED, t), code.slice(2), `T = ${t}`);
  });

  it('when a code is checked, then one step either side is accepted and nothing further', () => {
    const t = 1111111111;
    const code = totp(SEED, t);
    assert.equal(matchTotp(SEED, code, t), Math.floor(t / 30));
    assert.equal(matchTotp(SEED, code, t + 30), Math.floor(t / 30));
    assert.equal(matchTotp(SEED, code, t - 30), Math.floor(t / 30));
    assert.equal(matchTotp(SEED, code, t + 90), null);
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 50471'])
      assert.equal(matchTotp(SEED, bad, t), null, bad);
  });

  it('when the seed goes through base32 and the otpauth URI, then it comes back the same', () => {
    const b32 = base32Encode(SEED);
    assert.equal(b32, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode(b32), SEED);
    const uri = new URL(otpauthUri('Community Cloud', 'admin', b32));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Community Cloud:admin');
    assert.equal(uri.searchParams.get('secret'), b32);
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
});
