import crypto from 'node:crypto';
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
  const publicKey = crypto.createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const keyId = crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    keyId,
    sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
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

const loaded = new WeakMap<object, CertificateSigner>();

/** The signer of a configuration, loaded (and in development made) once per configuration. */
export function certificateSigner(config: Config): CertificateSigner {
  let signer = loaded.get(config);
  if (!signer) {
    signer = certificateSignerFrom(loadCertificateSigningKey(config));
    loaded.set(config, signer);
  }
  return signer;
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
