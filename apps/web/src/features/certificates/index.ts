export { VerifyPage } from './verify-page';
export { CertificatesPage } from './certificates-page';
export { canManageCertificates } from './certificate-roles';
export { certificatePdfUrl, myCertificates } from './certificates-api';
