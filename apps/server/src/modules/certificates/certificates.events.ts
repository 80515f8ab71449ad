import { defineEvent } from '../../platform/events.js';

/**
 * A certificate was revoked (in the revoker's transaction): the module that issued it may mark
 * its own record (an affairs request's certificate, …). `sourceType`/`sourceId` are what the
 * issuer passed to `issueCertificate`.
 */
export const certificateRevoked = defineEvent<{
  id: string;
  sourceType: string | null;
  sourceId: string | null;
}>('certificates.revoked');
