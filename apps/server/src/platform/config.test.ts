import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';

describe('TRUST_PROXY: the proxies whose forwarded headers are believed', () => {
  it('when TRUST_PROXY lists addresses and CIDRs, then exactly those are trusted', () => {
    const c = loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8' }, []);
    assert.deepEqual(c.trustedProxies, ['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8']);
    assert.equal(c.trustProxy, true);
  });

  it('when TRUST_PROXY is unset, empty, 0 or false, then no proxy is trusted', () => {
    for (const v of [undefined, '', '0', 'false', 'off', 'no']) {
      const c = loadConfig(v === undefined ? {} : { TRUST_PROXY: v }, []);
      assert.deepEqual(c.trustedProxies, [], String(v));
      assert.equal(c.trustProxy, false);
    }
  });

  it('when TRUST_PROXY is a switch (1, true, yes, on), then the start is refused with a message that asks for the addresses', () => {
    for (const v of ['1', 'true', 'TRUE', 'yes', 'on']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: v }, []),
        /TRUST_PROXY.*addresses.*10\.0\.0\.5/s,
        v,
      );
    }
  });

  it('when TRUST_PROXY holds something that is no address or CIDR, then the start is refused naming it', () => {
    for (const v of ['10.0.0.300', 'proxy.local', '10.0.0.0/33', '10.0.0.0/', 'fd00::/129', '*']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: `10.0.0.1,${v}` }, []),
        (e: Error) => e.message.includes(`"${v}"`),
      );
    }
  });
});
