import type { DeclarationDocumentKind } from '@cc/contracts';
import { rekeyTable, type Rekeyer } from '../../platform/key-rotation.js';
import { documentHmac, phoneHmac } from '../registry/index.js';

/**
 * Declarations under a new data key: name, phone and document encrypted again, and the keyed
 * hashes (duplicates by document, matching the registry) made again from their plaintext.
 */
const declarations: Rekeyer = rekeyTable(
  'declarations',
  ['name_enc', 'phone_enc', 'document_kind', 'document_enc'],
  {
    name_enc: 'text',
    phone_enc: 'text',
    phone_hmac: 'text',
    document_enc: 'text',
    document_hmac: 'text',
  },
  (r, from, to) => {
    const name = from.decrypt(r.name_enc as string);
    const phone = from.decrypt(r.phone_enc as string);
    const document = from.decrypt(r.document_enc as string);
    return {
      name_enc: to.encrypt(name),
      phone_enc: to.encrypt(phone),
      phone_hmac: phoneHmac(to, phone),
      document_enc: to.encrypt(document),
      document_hmac: documentHmac(to, r.document_kind as DeclarationDocumentKind, document),
    };
  },
);

export const declarationRekeyers: Record<string, Rekeyer> = { declarations };
