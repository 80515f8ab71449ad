import {
  formatCertificateCode,
  type CertificateField,
  type CertificateSummary,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { canonicalCertificateText, certificateVerifier } from './certificate-signing.js';
import type { CertificatesTable } from './certificates.tables.js';
import type { Config } from '../../platform/config.js';

export type CertificateRow = Selectable<CertificatesTable>;

export async function findCertificate(
  db: Kysely<DB>,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CertificateRow | undefined> {
  let q = db.selectFrom('certificates').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findCertificateByCode(
  db: Kysely<DB>,
  code: string,
): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The holder's name and the fields in clear, or null when they no longer decrypt. */
export function openCertificate(
  cipher: DataCipher,
  row: CertificateRow,
): { holderName: string; fields: CertificateField[] } | null {
  try {
    const fields = JSON.parse(cipher.decrypt(row.fields_enc)) as unknown;
    if (!Array.isArray(fields)) return null;
    return {
      holderName: cipher.decrypt(row.holder_name_enc),
      fields: fields.map((f: { label: unknown; value: unknown }) => ({
        label: String(f.label),
        value: String(f.value),
      })),
    };
  } catch {
    return null;
  }
}

/**
 * The record in clear when its stored signature holds under the key it names (the current
 * signing key or a retired one, CERT_RETIRED_PUBLIC_KEYS), else null: a row altered in the
 * database (any signed column), or signed by a key not known, is not genuine.
 */
export function genuineContent(
  deps: { cipher: DataCipher; config: Config },
  row: CertificateRow,
): { holderName: string; fields: CertificateField[]; signedText: string } | null {
  const open = openCertificate(deps.cipher, row);
  if (!open) return null;
  const verifier = certificateVerifier(deps.config, row.key_id);
  if (!verifier) return null;
  const signedText = canonicalCertificateText({
    code: row.code,
    kind: row.kind,
    title: row.title,
    holderName: open.holderName,
    fields: open.fields,
    issuerName: row.issuer_name,
    issuedAt: row.issued_at,
  });
  return verifier.verify(signedText, row.signature) ? { ...open, signedText } : null;
}

export function toSummary(row: CertificateRow): CertificateSummary {
  return {
    id: row.id,
    code: formatCertificateCode(row.code),
    kind: row.kind,
    title: row.title,
    holderName: row.holder_name_masked,
    areaCode: row.area_code,
    issuerName: row.issuer_name,
    issuedAt: row.issued_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
    sourceType: row.source_type,
    sourceId: row.source_id,
    pdfUrl: `/api/certificates/${row.id}/pdf`,
  };
}
