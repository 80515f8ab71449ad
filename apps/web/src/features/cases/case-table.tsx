import type { CaseSource, CaseStatus, CaseSummary, Taxonomy } from '@cc/contracts';
import { Table, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { caseScenarioName, deadlineState } from './case-format';
import { DeadlineLabel } from './deadline-label';
import { OverdueTag, SourceTag, StatusTag } from './status-tag';

interface Props {
  items: readonly CaseSummary[];
  isLoading: boolean;
  pagination: TablePaginationConfig;
  taxonomy: Taxonomy | undefined;
  /** for the countdowns */
  now: number;
  isPhone: boolean;
}

/** 工单中心's table: a row opens its case; overdue rows stand out. */
export function CaseTable({ items, isLoading, pagination, taxonomy, now, isPhone }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  // fits a 1440 px desk without scrolling (the source column from 1600 px); the deadline and 超时
  // stay pinned at the right edge on narrower screens
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 140,
      fixed: isPhone ? undefined : 'left',
      render: (value: string, row) => (
        <Link to={`/cases/${encodeURIComponent(row.id)}`}>{value}</Link>
      ),
    },
    {
      title: t('cases.table.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('cases.table.scenario'),
      dataIndex: 'scenarioName',
      width: 150,
      ellipsis: true,
      render: (_, row) => caseScenarioName(row, taxonomy, i18n.language),
    },
    {
      title: t('cases.table.status'),
      dataIndex: 'status',
      width: 96,
      render: (value: CaseStatus) => <StatusTag status={value} />,
    },
    {
      title: t('cases.table.source'),
      dataIndex: 'source',
      width: 100,
      responsive: ['xxl'],
      render: (value: CaseSource) => <SourceTag source={value} />,
    },
    { title: t('cases.table.area'), dataIndex: 'areaName', width: 130, ellipsis: true },
    {
      title: t('cases.table.assignee'),
      dataIndex: 'assigneeName',
      width: 150,
      ellipsis: true,
      render: (_, row) =>
        [row.assigneeName, row.unitName !== row.assigneeName ? row.unitName : null]
          .filter(Boolean)
          .join(' · ') || (
          <Typography.Text type="secondary">{t('cases.detail.unassigned')}</Typography.Text>
        ),
    },
    {
      title: t('cases.table.deadline'),
      key: 'deadline',
      width: 190,
      fixed: isPhone ? undefined : 'right',
      onHeaderCell: () => ({ 'data-testid': 'cases-col-deadline' }) as HTMLAttributes<HTMLElement>,
      render: (_, row) => <DeadlineLabel item={row} now={now} layout="cell" />,
    },
    {
      title: t('cases.table.overdue'),
      key: 'overdue',
      width: 72,
      fixed: isPhone ? undefined : 'right',
      onHeaderCell: () => ({ 'data-testid': 'cases-col-overdue' }) as HTMLAttributes<HTMLElement>,
      render: (_, row) =>
        (deadlineState(row, now)?.isOver ?? row.overdue) ? <OverdueTag /> : null,
    },
  ];

  return (
    <Table<CaseSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={isLoading}
      scroll={{ x: 'max-content' }}
      data-testid="cases-table"
      rowClassName={(row) =>
        (deadlineState(row, now)?.isOver ?? row.overdue) ? 'cc-row-overdue' : ''
      }
      onRow={(row) =>
        ({
          'data-testid': `case-row-${row.number}`,
          'data-status': row.status,
          style: { cursor: 'pointer' },
          onClick: (event) => {
            // the number is a link already; the rest of the row opens the case too
            if ((event.target as HTMLElement).closest('a')) return;
            void navigate(`/cases/${encodeURIComponent(row.id)}`);
          },
        }) as HTMLAttributes<HTMLElement>
      }
      pagination={pagination}
    />
  );
}
