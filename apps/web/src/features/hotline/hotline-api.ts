import type {
  HotlineCategory,
  HotlineCategoryList,
  HotlineImport,
  HotlineImportList,
  PutHotlineCategoryBody,
} from '@cc/contracts';
import { api, apiUpload } from '../../lib/api';

const CATEGORIES = '/api/hotline/categories';
const IMPORTS = '/api/hotline/imports';
const category = (name: string) => `${CATEGORIES}/${encodeURIComponent(name)}`;

/** The hotline's categories and the scenarios their orders become. */
export const listCategories = (signal?: AbortSignal) =>
  api.get<HotlineCategoryList>(CATEGORIES, undefined, signal);
/** Map a category (added or changed: the category is the key). */
export const putCategory = (name: string, body: PutHotlineCategoryBody) =>
  api.put<HotlineCategory>(category(name), body);
export const deleteCategory = (name: string) => api.delete<void>(category(name));

/** The newest 50 work-order files, posted or uploaded, with their reports. */
export const listImports = (signal?: AbortSignal) =>
  api.get<HotlineImportList>(IMPORTS, undefined, signal);
/** A work-order file uploaded by hand (.csv or .jsonl): its report, or a refusal by line. */
export function uploadOrders(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<HotlineImport>(IMPORTS, form);
}
