import type { ResidentList } from '@cc/contracts';
import { App as AntApp } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { listResidents } from './registry-api';
import type { ResidentFilters } from './resident-filters';

const PAGE_SIZE = 100;

/**
 * The residents list's pages, keyed by area and filters: a new filter starts again from the
 * first. Nothing is fetched while `isEnabled` is false (a look-up without a name or number).
 */
export function useResidentPages(
  code: string,
  filters: ResidentFilters,
  filterKey: string,
  isEnabled: boolean,
) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const key = `${code}?${filterKey}`;
  const first = useRequest(
    async (signal) => ({
      key,
      list: await listResidents({ area: code, ...filters, limit: PAGE_SIZE }, signal),
    }),
    [key],
    isEnabled,
  );
  const [more, setMore] = useState<{ key: string } & ResidentList>();
  const [isLoadingMore, setIsLoadingMore] = useState(false);

  const base = first.data?.key === key ? first.data.list : undefined;
  const extra = more?.key === key ? more : undefined;
  const items = useMemo(
    () => (base ? [...base.items, ...(extra?.items ?? [])] : []),
    [base, extra],
  );
  const nextCursor = extra ? extra.nextCursor : (base?.nextCursor ?? null);

  async function loadMore() {
    if (!nextCursor) return;
    setIsLoadingMore(true);
    try {
      const page = await listResidents({
        area: code,
        ...filters,
        limit: PAGE_SIZE,
        cursor: nextCursor,
      });
      setMore({
        key,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsLoadingMore(false);
    }
  }

  const reload = () => {
    setMore(undefined);
    first.reload();
  };
  return {
    items,
    isReady: !!base,
    isLoading: first.isLoading,
    error: first.error,
    nextCursor,
    isLoadingMore,
    loadMore,
    reload,
  };
}

export type ResidentPages = ReturnType<typeof useResidentPages>;
