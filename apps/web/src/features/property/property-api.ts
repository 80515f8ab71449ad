import type {
  ComplaintRates,
  CompoundPropertyDetail,
  CompoundPropertyList,
  CreateFeeChangeBody,
  FeeChangeView,
  OwnersCommitteeBody,
  PropertyCompanyBody,
  RecordFeesBody,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** The area's compounds with their "1 + 3" (staff and operators). */
export const listCompounds = (query: { area?: string; days?: number }, signal?: AbortSignal) =>
  api.get<CompoundPropertyList>('/api/property/compounds', query, signal);

export const getCompound = (code: string, signal?: AbortSignal) =>
  api.get<CompoundPropertyDetail>(
    `/api/property/compounds/${encodeURIComponent(code)}`,
    undefined,
    signal,
  );

/** The verified resident's own compound. */
export const getMyCompound = (signal?: AbortSignal) =>
  api.get<CompoundPropertyDetail>('/api/property/my-compound', undefined, signal);

export const setCompany = (code: string, body: PropertyCompanyBody) =>
  api.put<CompoundPropertyDetail>(
    `/api/property/compounds/${encodeURIComponent(code)}/company`,
    body,
  );

export const setOwnersCommittee = (code: string, body: OwnersCommitteeBody) =>
  api.put<CompoundPropertyDetail>(
    `/api/property/compounds/${encodeURIComponent(code)}/owners-committee`,
    body,
  );

export const recordFees = (code: string, body: RecordFeesBody) =>
  api.put<CompoundPropertyDetail>(`/api/property/compounds/${encodeURIComponent(code)}/fees`, body);

export const createFeeChange = (body: CreateFeeChangeBody) =>
  api.post<FeeChangeView>('/api/property/fee-changes', body);

/** Complaints about property per 1,000 households, by compound and by company. */
export const getComplaintRates = (query: { area?: string; days?: number }, signal?: AbortSignal) =>
  api.get<ComplaintRates>('/api/property/complaints', query, signal);

/** Where the votes page opens a vote on a fee change, prefilled (the votes feature reads it). */
export const voteLink = (changeId: string, compoundCode: string) =>
  `/votes?subject=property_fee:${encodeURIComponent(changeId)}&compound=${encodeURIComponent(compoundCode)}`;

/** fen per m² per month → "1.50" (yuan) */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
