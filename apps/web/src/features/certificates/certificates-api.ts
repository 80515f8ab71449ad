import type {
  CertificateList,
  CertificateListQuery,
  CertificateSummary,
  CertificateVerification,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

/** The public check: no sign-in, and a 401 would never be an expired session here. */
export const verifyCertificate = (code: string, signal?: AbortSignal) =>
  apiRequest<CertificateVerification>(`/api/verify/${encodeURIComponent(code)}`, {
    signal,
    isAuthRedirect: false,
  });

export const listCertificates = (query: CertificateListQuery, signal?: AbortSignal) =>
  api.get<CertificateList>('/api/certificates', { ...query }, signal);

export const myCertificates = (signal?: AbortSignal) =>
  api.get<CertificateList>('/api/certificates/mine', undefined, signal);

export const revokeCertificate = (id: string, reason: string) =>
  api.post<CertificateSummary>(`/api/certificates/${id}/revoke`, { reason });

/** The PDF of a certificate (its holder, or staff of its area): a plain link downloads it. */
export const certificatePdfUrl = (id: string) => `/api/certificates/${id}/pdf`;
