import { defineEvent } from '../../platform/events.js';

/**
 * A certificate was revoked (in the revoker's transaction): the module that issued it marks
 * its own record (affairs: the request's certificate shows as revoked). `sourceType`/`sourceId`
 * are what the issuer passed to `issueCertificate`.
 */
export const certificateRevoked = defineEvent<{
  id: string;
  sourceType: string | null;
  sourceId: string | null;
  revokedAt: Date;
  reason: string;
  /** who revoked it */
  by: { id: string; name: string };
}>('certificates.revoked');
