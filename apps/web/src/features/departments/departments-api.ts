import type {
  CreateDepartmentBody,
  Department,
  DepartmentKeyAnswer,
  DepartmentList,
  UpdateDepartmentBody,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

const BASE = '/api/departments';
const path = (code: string) => `${BASE}/${encodeURIComponent(code)}`;

/** A department as a row of the list kept by hand, which keys its rows by `id`: its code. */
export type DepartmentRow = Department & { id: string };

// the departments, never their keys…
export const listDepartments = async (signal?: AbortSignal) => {
  const list = await api.get<DepartmentList>(BASE, undefined, signal);
  return { items: list.items.map((d): DepartmentRow => ({ ...d, id: d.code })) };
};
// …except in the answers of an addition and a rotation, which show it once
export const createDepartment = (body: CreateDepartmentBody) =>
  api.post<DepartmentKeyAnswer>(BASE, body);
export const updateDepartment = (code: string, body: UpdateDepartmentBody) =>
  apiRequest<Department>(path(code), { method: 'PATCH', body });
/** A new key; the old one stops at once. */
export const rotateDepartmentKey = (code: string) =>
  api.post<DepartmentKeyAnswer>(`${path(code)}/key`);
