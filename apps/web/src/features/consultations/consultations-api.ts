import type {
  AreaFeatureCollection,
  ConsultationAnswerInput,
  ConsultationBody,
  ConsultationDetail,
  ConsultationList,
  ConsultationResponseAck,
  ConsultationResults,
} from '@cc/contracts';
import { api } from '../../lib/api';

const base = '/api/consultations';

export const listConsultations = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<ConsultationList>(base, { cursor, limit: 50 }, signal);
export const listMyConsultations = (cursor: string | undefined, signal?: AbortSignal) =>
  api.get<ConsultationList>(`${base}/for-me`, { cursor, limit: 50 }, signal);
export const getConsultation = (id: string, signal?: AbortSignal) =>
  api.get<ConsultationDetail>(`${base}/${id}`, undefined, signal);
export const getConsultationBoundary = (id: string, signal?: AbortSignal) =>
  api.get<AreaFeatureCollection>(`${base}/${id}/boundary`, undefined, signal);
export const getConsultationResults = (id: string, signal?: AbortSignal) =>
  api.get<ConsultationResults>(`${base}/${id}/results`, undefined, signal);
export const createConsultation = (body: ConsultationBody) =>
  api.post<ConsultationDetail>(base, body);
export const updateConsultation = (id: string, body: ConsultationBody) =>
  api.put<ConsultationDetail>(`${base}/${id}`, body);
export const publishConsultation = (id: string) =>
  api.post<ConsultationDetail>(`${base}/${id}/publish`);
export const closeConsultation = (id: string) =>
  api.post<ConsultationDetail>(`${base}/${id}/close`);
export const answerConsultation = (id: string, answers: ConsultationAnswerInput[]) =>
  api.post<ConsultationResponseAck>(`${base}/${id}/responses`, { answers });
export const exportUrl = (id: string) => `${base}/${id}/export.csv`;
