import { rekeyTable, type Rekeyer } from '../../platform/key-rotation.js';
import { residentIdHmac } from '../registry/index.js';

/**
 * Verification requests under a new data key: the name and ID number re-encrypted, and the ID
 * number's keyed hash made again the registry's way (so a request still finds its resident).
 */
export const verificationRequestsRekeyer: Rekeyer = rekeyTable(
  'verification_requests',
  ['name_enc', 'id_enc'],
  { name_enc: 'text', id_enc: 'text', id_hmac: 'text' },
  (r, from, to) => {
    const id = from.decrypt(r.id_enc as string);
    return {
      name_enc: to.encrypt(from.decrypt(r.name_enc as string)),
      id_enc: to.encrypt(id),
      id_hmac: residentIdHmac(to, id),
    };
  },
);
