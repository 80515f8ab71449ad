import { Type, type Static } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Verifiable certificates (居住证明 and later volunteer hours, vote results…): issued by the
 * module that decides them (affairs, …), signed with Ed25519, checked by anyone at
 * `/verify/<code>` (docs/decisions/015-verifiable-certificates.md).
 */

/** Who lists certificates of their area, downloads their PDFs and revokes them. */
export const CERTIFICATE_STAFF_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

/**
 * The public verification code: 20 characters of Crockford base32 (100 random bits), shown in
 * groups of four (`K7QM-3XHD-9T2B-WFAP-RC6N`). Reading is forgiving: lower case, spaces and
 * dashes are ignored, and I/L read as 1, O as 0.
 */
export const CERTIFICATE_CODE_LENGTH = 20;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The code in its stored form (20 characters, no dashes), or null when it cannot be one. */
export function normalizeCertificateCode(text: string): string | null {
  const plain = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (plain.length !== CERTIFICATE_CODE_LENGTH) return null;
  for (const c of plain) if (!CROCKFORD.includes(c)) return null;
  return plain;
}

/** `K7QM3XHD…` → `K7QM-3XHD-…`: groups of four for reading aloud and typing. */
export function formatCertificateCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** One printed line of a certificate: a label (bilingual is fine) and its value. */
export const CertificateField = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 100 }),
    value: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type CertificateField = Static<typeof CertificateField>;

export const VerifyCertificateParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type VerifyCertificateParams = Static<typeof VerifyCertificateParams>;

/**
 * The public answer about a code: genuine (and whether revoked) with what the certificate is,
 * or `{ genuine: false }` alone — for a code that does not exist, is malformed, or whose record
 * no longer matches its signature. Never the holder or the fields.
 */
export const CertificateVerification = Type.Object({
  genuine: Type.Boolean(),
  revoked: Type.Optional(Type.Boolean()),
  kind: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  issuedAt: Type.Optional(Type.String({ format: 'date-time' })),
  issuer: Type.Optional(Type.String()),
});
export type CertificateVerification = Static<typeof CertificateVerification>;

/** The key that signs certificates, for checking a PDF's signature offline. */
export const CertificatePublicKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  keyId: Type.String({ description: 'first 16 hex characters of SHA-256 of the SPKI DER' }),
  pem: Type.String({ description: 'SubjectPublicKeyInfo, PEM' }),
  jwk: Type.Object({ kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String() }),
});
export type CertificatePublicKey = Static<typeof CertificatePublicKey>;

/**
 * The public-key endpoint's answer: the current key, and the retired keys that still verify
 * the certificates they signed (CERT_RETIRED_PUBLIC_KEYS), by key id.
 */
export const CertificatePublicKeys = Type.Intersect([
  CertificatePublicKey,
  Type.Object({ retired: Type.Array(CertificatePublicKey) }),
]);
export type CertificatePublicKeys = Static<typeof CertificatePublicKeys>;

/**
 * The kinds of certificate the platform issues, named for people (the verification page, the
 * staff list). Every `certificateKind` of data/affairs/services.json must be here (the
 * catalogue's test checks).
 */
export const CERTIFICATE_KIND_LABELS: Readonly<Record<string, Label>> = {
  residence: { zh: '居住证明', en: 'Residence certificate' },
  'only-child': { zh: '独生子女证明', en: 'Only-child certificate' },
  'volunteer-hours': { zh: '志愿服务时长证明', en: 'Volunteer hours' },
  'vote-result': { zh: '表决结果证明', en: 'Vote result' },
};

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export const CertificateStatus = StringEnum(CERTIFICATE_STATUSES);
export type CertificateStatus = Static<typeof CertificateStatus>;

/** A certificate as staff and its holder see it in a list: the holder's name masked. */
export const CertificateSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** grouped for reading: `K7QM-3XHD-9T2B-WFAP-RC6N` */
  code: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  holderName: Type.String({ description: 'masked (张**)' }),
  areaCode: Type.String(),
  issuerName: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokeReason: Type.Union([Type.String(), Type.Null()]),
  sourceType: Type.Union([Type.String(), Type.Null()]),
  sourceId: Type.Union([Type.String(), Type.Null()]),
  pdfUrl: Type.String(),
});
export type CertificateSummary = Static<typeof CertificateSummary>;

export const CertificateListQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })),
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(CertificateStatus),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type CertificateListQuery = Static<typeof CertificateListQuery>;

export const CertificateList = Type.Object({
  items: Type.Array(CertificateSummary),
  total: Type.Integer(),
});
export type CertificateList = Static<typeof CertificateList>;

export const CertificateIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type CertificateIdParams = Static<typeof CertificateIdParams>;

/** Revocation: the reason is required (it is kept, and shown to staff). */
export const RevokeCertificateBody = Type.Object(
  { reason: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
);
export type RevokeCertificateBody = Static<typeof RevokeCertificateBody>;
