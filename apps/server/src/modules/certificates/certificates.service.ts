import crypto from 'node:crypto';
import {
  CERTIFICATE_CODE_LENGTH,
  CERTIFICATE_STAFF_ROLES,
  maskName,
  normalizeCertificateCode,
  type CertificateField,
  type CertificateList,
  type CertificateListQuery,
  type CertificatePublicKeys,
  type CertificateSummary,
  type CertificateVerification,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { renderCertificatePdf, verificationUrl } from './certificate-pdf.js';
import {
  canonicalCertificateText,
  certificateSigner,
  retiredCertificateKeys,
} from './certificate-signing.js';
import { certificateRevoked } from './certificates.events.js';
import {
  canReadCertificate,
  canRevokeCertificate,
  certificateScope,
} from './certificates.policy.js';
import {
  findCertificate,
  findCertificateByCode,
  genuineContent,
  toSummary,
  type CertificateRow,
} from './certificates.repo.js';

const NOT_FOUND = 'No such certificate / 证明不存在';
const MAX_FIELDS = 30;

export interface IssueCertificateInput {
  /** what it certifies, as the issuing module names it: 'residence', 'volunteer-hours', … */
  kind: string;
  /** printed as the heading: 居住证明 */
  title: string;
  /** the account that may download it (null: a holder without an account) */
  holderAccountId: string | null;
  /** printed in full on the PDF; stored under the data key, listed masked */
  holderName: string;
  /** the printed label/value pairs, in order */
  fields: CertificateField[];
  /** the area it belongs to (staff whose roles reach it list, download and revoke it) */
  areaCode: string;
  areaPath: string;
  /** printed as the issuer: 云南中路居委会 */
  issuerName: string;
  /** what it was issued for, as the issuer names it: ('affair', request id), …; handed back in `certificateRevoked` */
  sourceType: string | null;
  sourceId: string | null;
}

/** A refused input names the field and the rule. */
function checkText(field: string, value: unknown, max: number, required = true): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (required && text === '') {
    throw AppError.invalid(field, 'required', `${field}: required / 必填`);
  }
  if ([...text].length > max) {
    throw AppError.invalid(
      field,
      'maxLength',
      `${field}: at most ${max} characters / 不能超过 ${max} 个字符`,
    );
  }
  return text;
}

/** A fresh code: 20 characters of Crockford base32 from 100 random bits. */
function newCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = crypto.randomBytes(13); // 104 bits, 100 used
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < CERTIFICATE_CODE_LENGTH; i++) {
    code += alphabet[Number(bits & 31n)];
    bits >>= 5n;
  }
  return code;
}

/**
 * Issue a certificate inside the caller's transaction (the request that earned it completes in
 * the same commit): the record with its holder's name and fields under the data key, signed
 * with Ed25519 under the certificate key; audited as `certificate.issue`. Returns the id and
 * the public verification code (20 characters, no dashes; `formatCertificateCode` groups it).
 * `deps` may be the request's context, whose actor is then named in the audit row.
 */
export async function issueCertificate(
  trx: Kysely<DB>,
  deps: AppDeps | Ctx,
  input: IssueCertificateInput,
): Promise<{ id: string; code: string }> {
  const kind = checkText('kind', input.kind, 64);
  const title = checkText('title', input.title, 200);
  const holderName = checkText('holderName', input.holderName, 100);
  const issuerName = checkText('issuerName', input.issuerName, 200);
  const areaCode = checkText('areaCode', input.areaCode, 20);
  const areaPath = checkText('areaPath', input.areaPath, 400);
  if (!Array.isArray(input.fields) || input.fields.length > MAX_FIELDS) {
    throw AppError.invalid(
      'fields',
      'maxItems',
      `fields: at most ${MAX_FIELDS} lines / 证明内容最多 ${MAX_FIELDS} 行`,
    );
  }
  const fields = input.fields.map((f, i) => ({
    label: checkText(`fields.${i}.label`, f.label, 100),
    value: checkText(`fields.${i}.value`, f.value, 1000, false),
  }));
  const signer = certificateSigner(deps.config);
  const id = crypto.randomUUID();
  // whole milliseconds: what the signature covers is what the database gives back
  const issuedAt = new Date(Date.now());
  const row = {
    id,
    kind,
    title,
    holder_account_id: input.holderAccountId,
    holder_name_enc: deps.cipher.encrypt(holderName),
    holder_name_masked: maskName(holderName),
    fields_enc: deps.cipher.encrypt(JSON.stringify(fields)),
    area_code: areaCode,
    area_path: areaPath,
    issuer_name: issuerName,
    source_type: input.sourceType,
    source_id: input.sourceId,
    issued_at: issuedAt,
    key_id: signer.keyId,
  };
  // 100 random bits: a clash is not expected, but one would only draw again
  for (;;) {
    const code = newCode();
    const signature = signer.sign(
      canonicalCertificateText({ code, kind, title, holderName, fields, issuerName, issuedAt }),
    );
    const inserted = await trx
      .insertInto('certificates')
      .values({ ...row, code, signature })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    await recordAudit(
      { ...deps, actor: 'actor' in deps ? deps.actor : null, ip: 'ip' in deps ? deps.ip : null },
      {
        action: 'certificate.issue',
        objectType: 'certificate',
        objectId: id,
        areaPath,
        detail: { kind, sourceType: input.sourceType, sourceId: input.sourceId },
      },
      trx,
    );
    return { id, code };
  }
}

/**
 * Revoke a certificate inside the caller's transaction: staff whose roles reach its area, with
 * a reason (required); the verification page then says it is revoked. Audited as
 * `certificate.revoke`; publishes `certificateRevoked` for the module that issued it.
 */
export async function revokeCertificate(
  trx: Kysely<DB>,
  ctx: Ctx,
  input: { id: string; reason: string },
): Promise<CertificateSummary> {
  const reason = checkText('reason', input.reason, 500);
  const row = await findCertificate(trx, input.id, { forUpdate: true });
  if (!row || !canRevokeCertificate(ctx.actor, toRef(row))) throw AppError.notFound(NOT_FOUND);
  if (row.revoked_at) {
    throw AppError.conflict('The certificate is revoked already / 该证明已撤销', 'id');
  }
  const revokedAt = new Date();
  const revoked = await trx
    .updateTable('certificates')
    .set({ revoked_at: revokedAt, revoke_reason: reason, revoked_by: ctx.actor!.id })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx,
    {
      action: 'certificate.revoke',
      objectType: 'certificate',
      objectId: row.id,
      areaPath: row.area_path,
      detail: { reason, kind: row.kind },
    },
    trx,
  );
  await ctx.events.publish(trx, certificateRevoked, {
    id: row.id,
    sourceType: row.source_type,
    sourceId: row.source_id,
    revokedAt,
    reason,
    by: { id: ctx.actor!.id, name: ctx.actor!.displayName },
  });
  return toSummary(revoked);
}

/** The route's revocation: one transaction around `revokeCertificate`. */
export function revokeCertificateNow(
  ctx: Ctx,
  input: { id: string; reason: string },
): Promise<CertificateSummary> {
  return ctx.db.transaction().execute((trx) => revokeCertificate(trx, ctx, input));
}

const NOT_GENUINE: CertificateVerification = { genuine: false };

/**
 * The public check of a code: genuine (its record found and its signature holding), whether
 * revoked, what it is, when and by whom issued — and nothing else; `{ genuine: false }` alone
 * for every other case (malformed, unknown, altered), so an answer says nothing of how near a
 * code came.
 */
export async function verifyCertificate(
  deps: AppDeps,
  codeText: string,
): Promise<CertificateVerification> {
  const code = normalizeCertificateCode(codeText);
  if (!code) return NOT_GENUINE;
  const row = await findCertificateByCode(deps.db, code);
  if (!row || !genuineContent(deps, row)) return NOT_GENUINE;
  return {
    genuine: true,
    revoked: row.revoked_at !== null,
    kind: row.kind,
    title: row.title,
    issuedAt: row.issued_at.toISOString(),
    issuer: row.issuer_name,
  };
}

/** The current key, and the retired keys whose certificates still verify. */
export function certificatePublicKeys(deps: AppDeps): CertificatePublicKeys {
  return {
    ...certificateSigner(deps.config).publicKey,
    retired: retiredCertificateKeys(deps.config),
  };
}

/**
 * The certificate as a PDF, drawn from its record, for its holder or staff whose roles reach
 * its area (anyone else: 404). Audited as `certificate.pdf.read` (it prints the holder's name).
 * `origin` is where the QR code leads when PUBLIC_URL is not set (never in production: the
 * server does not start without it).
 */
export async function certificatePdf(
  ctx: Ctx,
  id: string,
  origin: string,
): Promise<{ pdf: Uint8Array; code: string }> {
  const row = await findCertificate(ctx.db, id);
  if (!row || !canReadCertificate(ctx.actor, toRef(row))) throw AppError.notFound(NOT_FOUND);
  const content = genuineContent(ctx, row);
  if (!content) {
    // never print what the signature does not cover
    throw AppError.conflict(
      'The record of this certificate no longer matches its signature / 该证明记录与签名不符，无法出具',
    );
  }
  const pdf = await renderCertificatePdf({
    code: row.code,
    kind: row.kind,
    title: row.title,
    holderName: content.holderName,
    fields: content.fields,
    issuerName: row.issuer_name,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    verifyUrl: verificationUrl(ctx.config.publicUrl ?? origin, row.code),
    signedText: content.signedText,
    signature: row.signature,
    keyId: row.key_id,
  });
  await recordAudit(ctx, {
    action: 'certificate.pdf.read',
    objectType: 'certificate',
    objectId: row.id,
    areaPath: row.area_path,
    detail: { asHolder: row.holder_account_id === ctx.actor?.id },
  });
  return { pdf, code: row.code };
}

/** Certificates of the staff member's areas (or of one area in them), newest first. */
export async function listCertificates(
  ctx: Ctx,
  q: CertificateListQuery,
): Promise<CertificateList> {
  let roots = certificateScope(ctx.actor);
  if (roots.length === 0) {
    await denyAndAudit(
      ctx,
      { action: 'certificate.list', objectType: 'certificate', objectId: null },
      'Only committee and street staff list certificates / 仅居委会、街道工作人员可查看证明',
    );
  }
  if (q.areaCode) {
    const area = await findAreaCached(ctx.db, q.areaCode);
    if (!area || !reaches(ctx.actor, area.path, CERTIFICATE_STAFF_ROLES)) {
      throw AppError.notFound(`No area ${q.areaCode} in your scope / 您的辖区内没有该区域`);
    }
    roots = [area.path];
  }
  let query = ctx.db.selectFrom('certificates').where(pathWithin('area_path', roots));
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status === 'valid') query = query.where('revoked_at', 'is', null);
  if (q.status === 'revoked') query = query.where('revoked_at', 'is not', null);
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: Number(count.n) };
}

/** The signed-in person's own certificates, newest first. */
export async function myCertificates(ctx: Ctx): Promise<CertificateList> {
  const rows = await ctx.db
    .selectFrom('certificates')
    .selectAll()
    .where('holder_account_id', '=', ctx.actor!.id)
    .orderBy('issued_at', 'desc')
    .limit(200)
    .execute();
  return { items: rows.map(toSummary), total: rows.length };
}

function toRef(row: CertificateRow) {
  return { holderAccountId: row.holder_account_id, areaPath: row.area_path };
}
