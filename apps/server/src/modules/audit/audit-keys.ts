import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config.js';
import { keyFromFile, parseKey } from '../../platform/crypto.js';
import { StartupError } from '../../platform/db/database.js';

/**
 * The audit key, kept outside the database (AUDIT_KEY, or a key file beside the data), and
 * the keys derived from it with HKDF: one for the chain's HMACs, one for the anchors'
 * signatures, and a short public id that names the key without revealing it.
 * docs/decisions/011-audit-anchors.md says why it is not derived from the data key.
 */
export interface AuditKeys {
  /** HMAC-SHA256 of a row's canonical text under the chain key, hex */
  chainMac(text: string): string;
  /** HMAC-SHA256 of an anchor's canonical text under the anchor key, hex */
  anchorMac(text: string): string;
  /** 16 hex characters naming the key (written into anchors; says nothing of the key) */
  keyId: string;
}

const derive = (key: Buffer, label: string, bytes = 32) =>
  Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), label, bytes));

export function auditKeysFrom(key: Buffer): AuditKeys {
  if (key.length !== 32) throw new Error('the audit key must be 32 bytes');
  const chain = derive(key, 'cc:audit:chain');
  const anchor = derive(key, 'cc:audit:anchor');
  return {
    chainMac: (text) => crypto.createHmac('sha256', chain).update(text).digest('hex'),
    anchorMac: (text) => crypto.createHmac('sha256', anchor).update(text).digest('hex'),
    keyId: derive(key, 'cc:audit:key-id', 8).toString('hex'),
  };
}

export const auditKeyFile = (dataDir: string) => path.join(dataDir, 'keys', 'audit.key');

/**
 * AUDIT_KEY when set; else the key file in the data directory, made once when `create` (the
 * server starting) and never made by a check (a new key would only make every row look forged).
 */
export function loadAuditKey(
  config: Pick<Config, 'auditKey' | 'dataDir' | 'production'>,
  opts: { create: boolean },
): Buffer {
  if (config.auditKey) return parseKey(config.auditKey, 'AUDIT_KEY');
  if (config.production) {
    throw new StartupError(
      'NODE_ENV=production needs AUDIT_KEY (32 bytes, hex or base64): the key of the audit chain, kept outside the database.',
    );
  }
  const file = auditKeyFile(config.dataDir);
  if (!opts.create && !fs.existsSync(file)) {
    throw new StartupError(
      `No audit key: set AUDIT_KEY, or run from the data directory that holds ${file}.`,
    );
  }
  return keyFromFile(file, opts);
}

const loaded = new WeakMap<object, AuditKeys>();

/** The audit keys of a configuration, loaded (and in development made) once per configuration. */
export function auditKeys(config: Config): AuditKeys {
  let keys = loaded.get(config);
  if (!keys) {
    keys = auditKeysFrom(loadAuditKey(config, { create: true }));
    loaded.set(config, keys);
  }
  return keys;
}
