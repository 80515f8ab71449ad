import type { CaseSource, CaseStatus, CaseSummary, Taxonomy } from '@cc/contracts';
import { Table, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { caseScenarioName, currentDeadline, formatCountdown } from './case-format';
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
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 150,
      fixed: isPhone ? undefined : 'left',
      render: (value: string, row) => (
        <Link to={`/cases/${encodeURIComponent(row.id)}`}>{value}</Link>
      ),
    },
    {
      title: t('cases.table.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('cases.table.scenario'),
      dataIndex: 'scenarioName',
      width: 180,
      render: (_, row) => caseScenarioName(row, taxonomy, i18n.language),
    },
    {
      title: t('cases.table.status'),
      dataIndex: 'status',
      width: 110,
      render: (value: CaseStatus) => <StatusTag status={value} />,
    },
    {
      title: t('cases.table.source'),
      dataIndex: 'source',
      width: 110,
      responsive: ['lg'],
      render: (value: CaseSource) => <SourceTag source={value} />,
    },
    { title: t('cases.table.area'), dataIndex: 'areaName', width: 160 },
    {
      title: t('cases.table.assignee'),
      dataIndex: 'assigneeName',
      width: 180,
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
      width: 200,
      render: (_, row) => {
        const deadline = currentDeadline(row);
        if (!deadline) return t('common.none');
        return (
          <span style={{ color: row.overdue ? '#cf1322' : undefined }}>
            {formatDateTime(deadline.at, i18n.language)}
            <br />
            <Typography.Text type={row.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {formatCountdown(deadline.at, now, t)}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('cases.table.overdue'),
      dataIndex: 'overdue',
      width: 80,
      render: (value: boolean) => (value ? <OverdueTag /> : null),
    },
  ];

  return (
    <Table<CaseSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={isLoading}
      scroll={{ x: 1300 }}
      data-testid="cases-table"
      rowClassName={(row) => (row.overdue ? 'cc-row-overdue' : '')}
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
