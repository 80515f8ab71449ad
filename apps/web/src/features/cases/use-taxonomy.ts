import type { Taxonomy } from '@cc/contracts';
import { useEffect, useState } from 'react';
import { useRequest } from '../../lib/api';
import { getTaxonomy } from './cases-api';

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

/** The current time, ticking every `intervalMs`, for countdowns. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
