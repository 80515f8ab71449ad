import type { Area } from '@cc/contracts';
import { Table, type TableColumnsType } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areaName } from '../../lib/format';

interface CompareRow<T> {
  /** The child's place as the server ranks them (best or highest first). */
  rank: number;
  item: T;
}

/** A figure of every child: the column's title, what it sorts by (null: last), how it reads. */
export interface CompareColumn<T> {
  key: string;
  title: string;
  sortValue: (item: T) => number | null;
  text: (item: T) => ReactNode;
}

/** Sorts by `sortValue`, the children without a figure last whichever way it sorts. */
function figureSorter<T>(sortValue: (item: T) => number | null) {
  return (a: CompareRow<T>, b: CompareRow<T>, order?: 'ascend' | 'descend' | null) => {
    const x = sortValue(a.item);
    const y = sortValue(b.item);
    // the table turns the result round when descending
    const last = order === 'descend' ? -1 : 1;
    if (x === null || y === null) return x === y ? 0 : x === null ? last : -last;
    return x - y;
  };
}

/**
 * 交叉比对 on the desktop, for the dashboard's indicators and the topics' metrics alike: every
 * child in a table sortable by rank, name and value (and any further figures), each name a link
 * to the child's own board, the marked rows (the worst child, a topic's key areas) in red; the
 * bar chart beside it, a note under the table.
 * Test ids: `<testPrefix>-table`, `<testPrefix>-row-<code>`, `<testPrefix>-link-<code>`.
 */
export function CompareTable<T extends { area: Area }>({
  items,
  testPrefix,
  rankWidth,
  linkTo,
  value,
  extraColumns = [],
  mark,
  isMarked,
  rowAttributes,
  isLoading,
  note,
  chart,
}: {
  items: readonly T[];
  testPrefix: string;
  rankWidth: number;
  linkTo: (code: string) => string;
  /** The compared figure: the column's title, what it sorts by, how it reads. */
  value: Omit<CompareColumn<T>, 'key'>;
  /** More figures after it (the value and the residents, when ranked per head). */
  extraColumns?: readonly CompareColumn<T>[];
  /** The last column: a child's state, or whether it is a key area. */
  mark: { key: string; title: string; render: (item: T) => ReactNode };
  isMarked: (item: T) => boolean;
  /** A row's data attributes besides its test id. */
  rowAttributes: (item: T) => Record<string, string | undefined>;
  isLoading?: boolean;
  /** A short note under the table (where a figure comes from). */
  note?: ReactNode;
  chart: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const rows: CompareRow<T>[] = items.map((item, index) => ({ rank: index + 1, item }));
  const columns: TableColumnsType<CompareRow<T>> = [
    {
      title: t('dashboards.compare.rank'),
      dataIndex: 'rank',
      width: rankWidth,
      sorter: (a, b) => a.rank - b.rank,
      defaultSortOrder: 'ascend',
    },
    {
      title: t('dashboards.compare.area'),
      key: 'area',
      sorter: (a, b) =>
        areaName(a.item.area, language).localeCompare(areaName(b.item.area, language), language),
      render: (_, row) => (
        <Link
          to={linkTo(row.item.area.code)}
          data-testid={`${testPrefix}-link-${row.item.area.code}`}
        >
          {areaName(row.item.area, language)}
        </Link>
      ),
    },
    ...[{ ...value, key: 'value' }, ...extraColumns].map(
      (column): TableColumnsType<CompareRow<T>>[number] => ({
        title: column.title,
        key: column.key,
        align: 'right',
        sorter: figureSorter(column.sortValue),
        render: (_, row) => column.text(row.item),
      }),
    ),
    {
      title: mark.title,
      key: mark.key,
      width: 96,
      render: (_, row) => mark.render(row.item),
    },
  ];
  const table = (
    <Table<CompareRow<T>>
      rowKey={(row) => row.item.area.code}
      size="small"
      columns={columns}
      dataSource={rows}
      loading={isLoading}
      pagination={false}
      scroll={rows.length > 12 ? { y: 440 } : undefined}
      data-testid={`${testPrefix}-table`}
      rowClassName={(row) => (isMarked(row.item) ? 'cc-row-worst' : '')}
      onRow={(row) =>
        ({
          'data-testid': `${testPrefix}-row-${row.item.area.code}`,
          ...rowAttributes(row.item),
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
  return (
    <div className={extraColumns.length > 0 ? 'cc-compare cc-compare-wide' : 'cc-compare'}>
      {note ? (
        <div>
          {table}
          {note}
        </div>
      ) : (
        table
      )}
      <div className="cc-compare-chart">{chart}</div>
    </div>
  );
}
