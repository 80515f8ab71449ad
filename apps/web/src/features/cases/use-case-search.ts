import { App as AntApp } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { downloadBlob } from '../../lib/download';
import { usePaging } from '../../lib/use-paging';
import { toCaseFilters, type CaseFilterValues } from './case-filter-form';
import { exportUrl, listCases, type CaseFilters } from './cases-api';

export type CaseView = 'list' | 'map';

/** The map shows at most this many cases (the first of the filters' answer). */
export const MAP_LIMIT = 500;

/**
 * 工单中心's search: the filters applied, the table's page, and the cases found — a page of
 * them for the table, or the first {@link MAP_LIMIT} for the map; only the shown view loads.
 */
export function useCaseSearch(view: CaseView) {
  const [filters, setFilters] = useState<CaseFilters>({});
  const { page, pageSize, setPage, pagination } = usePaging(50);

  const list = useRequest(
    (signal) => listCases({ ...filters, page, pageSize }, signal),
    [filters, page, pageSize],
    view === 'list',
  );
  const points = useRequest(
    (signal) => listCases({ ...filters, page: 1, pageSize: MAP_LIMIT }, signal),
    [filters],
    view === 'map',
  );

  /** New filters start again from the first page. */
  function apply(values: CaseFilterValues) {
    setFilters(toCaseFilters(values));
    setPage(1);
  }

  return { filters, apply, list, points, pagination, current: view === 'list' ? list : points };
}

/** The same filters as a CSV file, saved under the name the server gives it. */
export function useCaseExport(filters: CaseFilters) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [isExporting, setIsExporting] = useState(false);

  async function exportCsv() {
    setIsExporting(true);
    try {
      const response = await fetch(exportUrl(filters), { credentials: 'same-origin' });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        const text =
          typeof body === 'object' && body !== null && 'message' in body
            ? String((body as { message: unknown }).message)
            : `HTTP ${response.status}`;
        throw new ApiError({ statusCode: response.status, code: 'EXPORT_FAILED', message: text });
      }
      const blob = await response.blob();
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'cases.csv';
      downloadBlob(blob, name);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsExporting(false);
    }
  }

  return { isExporting, exportCsv };
}
