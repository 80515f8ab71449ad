import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './affairs.repo.js';
import { findService } from './catalogue.js';

/** How affairs names itself as a certificate's source (`issueCertificate`'s `sourceType`). */
export const CERTIFICATE_SOURCE = 'affair';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A certificate issued for a request was revoked (in the revoker's transaction): the request's
 * timeline records it — the detail then shows the certificate as revoked (`certificateRevokedAt`)
 * — and the resident is told.
 */
export async function markCertificateRevoked(
  trx: Kysely<DB>,
  p: {
    id: string;
    sourceType: string | null;
    sourceId: string | null;
    revokedAt: Date;
    reason: string;
    by: { id: string; name: string };
  },
): Promise<void> {
  if (p.sourceType !== CERTIFICATE_SOURCE || !p.sourceId || !UUID.test(p.sourceId)) return;
  const r = await repo.lockRequest(trx, p.sourceId);
  if (!r || r.certificate_id !== p.id) return;
  await repo
    .insertEvent(trx, {
      requestId: r.id,
      actorId: p.by.id,
      actorName: p.by.name,
      at: p.revokedAt,
      action: 'certificate_revoked',
      fromState: null,
      toState: null,
      message: p.reason,
      detail: { certificateId: p.id },
    })
    .execute();
  const label = repo.requestLabel(findService(r.service_code), r);
  await queueNotifications(trx, [
    repo.tellApplicant(
      r,
      `【社区云】您的${label}所出具的证明已撤销，原因：${p.reason.slice(0, 60)}。`,
    ),
  ]);
}
