import { CERTIFICATE_STAFF_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/** What a decision about one certificate needs to know. */
export interface CertificateRef {
  holderAccountId: string | null;
  areaPath: string;
}

/** Its holder, or staff whose certificate roles reach its area. */
export function canReadCertificate(actor: Actor | null, c: CertificateRef): boolean {
  if (!actor) return false;
  if (c.holderAccountId !== null && c.holderAccountId === actor.id) return true;
  return reaches(actor, c.areaPath, CERTIFICATE_STAFF_ROLES);
}

/** Staff whose certificate roles reach its area (never the holder alone). */
export function canRevokeCertificate(actor: Actor | null, c: CertificateRef): boolean {
  return reaches(actor, c.areaPath, CERTIFICATE_STAFF_ROLES);
}

/** The area paths whose certificates the actor lists (none: not staff for certificates). */
export function certificateScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, CERTIFICATE_STAFF_ROLES));
}
