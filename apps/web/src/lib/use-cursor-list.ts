import { useCallback, useState } from 'react';
import { useRequest } from './api';

/** A page of a cursor-paged list, as the server sends it (platform/cursor.ts). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorList<P extends CursorPage<unknown>> {
  /** every item loaded so far for these filters, each once, in the server's order */
  items: P['items'];
  /** the last page loaded (its extra fields: counts…) */
  data: P | undefined;
  error: unknown;
  isLoading: boolean;
  /** the server has more for these filters */
  hasMore: boolean;
  /** appends the next page */
  loadMore: () => void;
  /** back to the first page, loaded again (after a change) */
  restart: () => void;
  /** loads the current page again */
  reload: () => void;
}

interface Pages<T> {
  filters: string;
  cursor: string | undefined;
  /** the items of the pages before the current one */
  before: T[];
}

/**
 * A cursor-paged list with 加载更多 ("load more"): the pages loaded so far are kept and the
 * next one appended, an item the next page repeats shown once (by `keyOf`), and a change of
 * `filters` (plain values: strings, numbers, booleans) starts again from the first page.
 * `load` gets the cursor (undefined for the first page).
 */
export function useCursorList<P extends CursorPage<unknown>>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<P>,
  filters: readonly unknown[],
  keyOf: (item: P['items'][number]) => string | number,
): CursorList<P> {
  type T = P['items'][number];
  const filtersKey = JSON.stringify(filters);
  const [pages, setPages] = useState<Pages<T>>({
    filters: filtersKey,
    cursor: undefined,
    before: [],
  });
  // other filters: back to the first page (state adjusted while rendering, as React advises)
  const current: Pages<T> =
    pages.filters === filtersKey ? pages : { filters: filtersKey, cursor: undefined, before: [] };
  if (current !== pages) setPages(current);
  const list = useRequest(
    async (signal) => ({
      at: `${filtersKey}\n${current.cursor ?? ''}`,
      page: await load(current.cursor, signal),
    }),
    [filtersKey, current.cursor],
  );
  const page = list.data?.page;
  const seen = new Set(current.before.map(keyOf));
  const items: T[] = [...current.before, ...(page?.items ?? []).filter((x) => !seen.has(keyOf(x)))];
  // the next cursor of this list's current page only (not of a page of other filters still shown)
  const isCurrent = list.data?.at === `${filtersKey}\n${current.cursor ?? ''}`;
  const nextCursor = isCurrent && !list.isLoading ? (page?.nextCursor ?? null) : null;
  const { reload } = list;
  const restart = useCallback(() => {
    setPages({ filters: filtersKey, cursor: undefined, before: [] });
    reload();
  }, [filtersKey, reload]);
  return {
    items,
    data: page,
    error: list.error,
    isLoading: list.isLoading,
    hasMore: nextCursor !== null,
    loadMore: () => {
      if (nextCursor !== null) setPages({ filters: filtersKey, cursor: nextCursor, before: items });
    },
    restart,
    reload,
  };
}
