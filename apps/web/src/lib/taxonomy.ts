import type { Taxonomy } from '@cc/contracts';
import { api, useRequest } from './api';

/** The scenario taxonomy (domains and scenarios), read by the case, dispatch and dashboard pages. */
export const getTaxonomy = (signal?: AbortSignal) =>
  api.get<Taxonomy>('/api/scenarios', undefined, signal);

let cached: Promise<Taxonomy> | undefined;

/** The scenario taxonomy changes only with a deploy: read it once per visit. */
export function loadTaxonomy(): Promise<Taxonomy> {
  cached ??= getTaxonomy().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export function useTaxonomy() {
  return useRequest(() => loadTaxonomy(), []);
}
