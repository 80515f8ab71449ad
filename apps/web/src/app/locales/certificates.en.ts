import { CERTIFICATE_KIND_LABELS, labelsIn } from '@cc/contracts';
import type { zhCNCertificates } from './certificates';

export const enCertificates: typeof zhCNCertificates = {
  nav: 'Certificates',
  actions: 'Actions',
  revoke: 'Revoke',
  revokeTitle: 'Revoke a certificate',
  revokeHelp: 'Once revoked, anyone who checks it sees “revoked”. A revocation cannot be undone.',
  reason: 'Reason',
  reasonRequired: 'Give the reason for the revocation',
  revoked: 'The certificate is revoked',
  status: { valid: 'Valid', revoked: 'Revoked' },
  fields: {
    code: 'Verification code',
    title: 'Certificate',
    kind: 'Kind',
    holder: 'Holder',
    issuer: 'Issued by',
    issuedAt: 'Date of issue',
    status: 'Status',
    area: 'Area',
  },
  kinds: labelsIn(CERTIFICATE_KIND_LABELS, 'en'),
  verify: {
    heading: 'Certificate check',
    genuine: 'Genuine',
    genuineExplain: 'This certificate was issued on this platform, is unaltered and is valid.',
    revoked: 'Revoked',
    revokedExplain:
      'This certificate was issued on this platform but its issuer has revoked it: it is no longer valid.',
    notGenuine: 'Not genuine',
    notGenuineExplain:
      'No certificate matches this code. Check the code, or ask the office that issued it.',
    another: 'Check another certificate: type the code printed on it',
    codeRequired: 'Type the verification code',
    check: 'Check',
  },
};
