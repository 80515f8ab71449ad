import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The page sizes offered under the server-paged tables. */
export const PAGE_SIZE_OPTIONS = [20, 50, 100, 200];

interface Options {
  /** The sizes offered; null leaves antd's own. */
  pageSizeOptions?: number[] | null;
}

/**
 * The page and page size of a server-paged table, and its pagination settings: a new page size
 * goes back to the first page, and the total is shown.
 */
export function usePaging(
  defaultPageSize: number,
  { pageSizeOptions = PAGE_SIZE_OPTIONS }: Options = {},
) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(defaultPageSize);
  const pagination = (total: number): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    ...(pageSizeOptions ? { pageSizeOptions } : {}),
    showTotal: (count) => t('common.total', { total: count }),
    onChange: (nextPage, nextSize) => {
      setPage(nextSize === pageSize ? nextPage : 1);
      setPageSize(nextSize);
    },
  });
  return { page, pageSize, setPage, pagination };
}
