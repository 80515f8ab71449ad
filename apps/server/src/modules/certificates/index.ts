import { rekeyColumns } from '../../platform/key-rotation.js';
import type { PlatformModule } from '../../platform/module.js';
import { certificateSigner, requirePublicUrl } from './certificate-signing.js';
import { certificateRoutes } from './certificates.routes.js';

export type * from './certificates.tables.js';
export {
  issueCertificate,
  revokeCertificate,
  type IssueCertificateInput,
} from './certificates.service.js';
export { certificateRevoked } from './certificates.events.js';

/**
 * Verifiable certificates: issued by other modules inside their transactions, signed with
 * Ed25519 (CERT_SIGNING_KEY), rendered as PDF on demand, checked publicly at /api/verify/:code,
 * revoked by staff. docs/decisions/015-verifiable-certificates.md.
 */
export const manifest: PlatformModule = {
  name: 'certificates',
  routes: certificateRoutes,
  // the holder's name and the printed fields are under the data key; the signature covers
  // their plaintext, so a new data key leaves every signature valid
  rekeyers: {
    certificates: rekeyColumns('certificates', ['holder_name_enc', 'fields_enc']),
  },
  // the signing key (and the retired public keys) are loaded (in development made) before the
  // server serves, so production without CERT_SIGNING_KEY or PUBLIC_URL, or with a bad retired
  // key, refuses to start rather than failing at the first certificate
  start: async (deps) => {
    requirePublicUrl(deps.config);
    certificateSigner(deps.config);
  },
};
