import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CertificateField, CertificatePublicKey } from '@cc/contracts';
import type { Config } from '../../platform/config.js';
import { keyFromFile, parseKey } from '../../platform/crypto.js';
import { StartupError } from '../../platform/db/database.js';

/**
 * The key that signs certificates: Ed25519 from a 32-byte seed kept outside the database
 * (CERT_SIGNING_KEY, required in production; in development a key file made once beside the
 * data). Its public half is published at GET /api/certificates/public-key, so a PDF's signature
 * can be checked offline by anyone (docs/decisions/015-verifiable-certificates.md).
 */
export interface CertificateSigner {
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
  keyId: string;
  publicKey: CertificatePublicKey;
}

/** A public key that verifies (the current one, or a retired one kept for its certificates). */
export interface CertificateVerifier {
  verify(text: string, signature: string): boolean;
  keyId: string;
  publicKey: CertificatePublicKey;
}

export const certificateKeyFile = (dataDir: string) =>
  path.join(dataDir, 'keys', 'certificate-signing.key');

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): this prefix, then the 32 bytes
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function certificateSignerFrom(seed: Buffer): CertificateSigner {
  if (seed.length !== 32) throw new Error('the certificate signing key must be 32 bytes');
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    ...verifierOf(crypto.createPublicKey(privateKey)),
    sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
  };
}

/** The verifier of an Ed25519 public key, named by its key id (SHA-256 of the SPKI DER, 16 hex). */
function verifierOf(publicKey: crypto.KeyObject): CertificateVerifier {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const keyId = crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    keyId,
    verify(text, signature) {
      const sig = Buffer.from(signature, 'base64url');
      if (sig.length !== 64) return false;
      return crypto.verify(null, Buffer.from(text, 'utf8'), publicKey, sig);
    },
    publicKey: {
      algorithm: 'Ed25519',
      keyId,
      pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x! },
    },
  };
}

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/**
 * CERT_RETIRED_PUBLIC_KEYS read: PEM blocks (one after the other), or JSON — a JWK, a list of
 * JWKs or PEM strings, or a JWK set `{ "keys": [...] }` — given inline or as the path of a
 * file holding it. Each must be an Ed25519 public key; anything else stops the start, naming it.
 */
export function retiredPublicKeys(text: string | null): CertificateVerifier[] {
  if (!text?.trim()) return [];
  const name = 'CERT_RETIRED_PUBLIC_KEYS';
  let body = text.trim();
  if (!/^(-----BEGIN|\[|\{)/.test(body)) {
    try {
      body = fs.readFileSync(body, 'utf8').trim();
    } catch (e) {
      throw new StartupError(
        `${name}: neither PEM, JSON nor a readable file: ${(e as Error).message}`,
      );
    }
  }
  let items: unknown[];
  if (body.startsWith('-----BEGIN')) {
    // an environment variable may carry the line breaks as "\n"
    items = body.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? [];
    if (items.length === 0) throw new StartupError(`${name}: no "BEGIN PUBLIC KEY" PEM block`);
  } else {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new StartupError(`${name}: not valid JSON (a JWK, a list of keys, or { "keys": [] })`);
    }
    const keys = (json as { keys?: unknown }).keys;
    items = Array.isArray(json) ? json : Array.isArray(keys) ? keys : [json];
  }
  return items.map((item, i) => {
    let key: crypto.KeyObject;
    try {
      key =
        typeof item === 'string'
          ? crypto.createPublicKey(item)
          : crypto.createPublicKey({ key: item as crypto.JsonWebKey, format: 'jwk' });
    } catch (e) {
      throw new StartupError(`${name}: key ${i + 1} is not a public key: ${(e as Error).message}`);
    }
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
      throw new StartupError(`${name}: key ${i + 1} is not an Ed25519 public key`);
    }
    return verifierOf(key);
  });
}

/**
 * CERT_SIGNING_KEY when set; refused in production without it; else the key file in the data
 * directory, made once (0600, like the data key's).
 */
export function loadCertificateSigningKey(
  config: Pick<Config, 'certSigningKey' | 'dataDir' | 'production'>,
): Buffer {
  if (config.certSigningKey) return parseKey(config.certSigningKey, 'CERT_SIGNING_KEY');
  if (config.production) {
    throw new StartupError(
      'NODE_ENV=production needs CERT_SIGNING_KEY (32 bytes, hex or base64): the Ed25519 seed ' +
        'that signs certificates, kept outside the database.',
    );
  }
  return keyFromFile(certificateKeyFile(config.dataDir), { create: true });
}

/**
 * PUBLIC_URL in production: the QR code on paper must not lead wherever a request's Host
 * header said. Elsewhere the request's origin stands in.
 */
export function requirePublicUrl(config: Pick<Config, 'production' | 'publicUrl'>): void {
  if (config.production && !config.publicUrl) {
    throw new StartupError(
      'NODE_ENV=production needs PUBLIC_URL (https://…, the address people reach the web app ' +
        "at): a certificate's QR code leads there, never to a request's Host header.",
    );
  }
}

interface Keys {
  signer: CertificateSigner;
  /** the current key and the retired ones, by key id */
  verifiers: Map<string, CertificateVerifier>;
  retired: CertificateVerifier[];
}

const loaded = new WeakMap<object, Keys>();

function keysOf(config: Config): Keys {
  let keys = loaded.get(config);
  if (!keys) {
    const signer = certificateSignerFrom(loadCertificateSigningKey(config));
    const retired = retiredPublicKeys(config.certRetiredPublicKeys).filter(
      (k) => k.keyId !== signer.keyId,
    );
    keys = {
      signer,
      retired,
      verifiers: new Map([signer, ...retired].map((k) => [k.keyId, k])),
    };
    loaded.set(config, keys);
  }
  return keys;
}

/** The signer of a configuration, loaded (and in development made) once per configuration. */
export function certificateSigner(config: Config): CertificateSigner {
  return keysOf(config).signer;
}

/** The key that verifies a signature of `keyId`: the current key or a retired one; else null. */
export function certificateVerifier(config: Config, keyId: string): CertificateVerifier | null {
  return keysOf(config).verifiers.get(keyId) ?? null;
}

/** The retired public keys still accepted for verification (published beside the current one). */
export function retiredCertificateKeys(config: Config): CertificatePublicKey[] {
  return keysOf(config).retired.map((k) => k.publicKey);
}

/** What the signature covers: everything printed that makes the certificate what it is. */
export interface SignedContent {
  code: string;
  kind: string;
  title: string;
  holderName: string;
  fields: CertificateField[];
  issuerName: string;
  issuedAt: Date;
}

/**
 * The canonical text that is signed: a JSON array in a fixed order (no key order to agree on),
 * times as ISO 8601 UTC with milliseconds. It is written into the PDF's metadata with the
 * signature, so an offline check needs only the public key.
 */
export function canonicalCertificateText(c: SignedContent): string {
  return JSON.stringify([
    'cc-certificate/v1',
    c.code,
    c.kind,
    c.title,
    c.holderName,
    c.fields.map((f) => [f.label, f.value]),
    c.issuerName,
    c.issuedAt.toISOString(),
  ]);
}
