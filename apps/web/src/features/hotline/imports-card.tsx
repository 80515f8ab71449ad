import type { HotlineCategory, HotlineImport, HotlineImportList, Taxonomy } from '@cc/contracts';
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Key } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard } from '../../components/list-page';
import { RefreshButton, rowData } from '../../components/page-parts';
import type { RequestState } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import type { CategoryDraft } from './category-modal';
import { heldBack } from './hotline-format';
import { ImportReport } from './import-report';

/**
 * 导入记录: the newest 50 files, posted by the hotline's system or uploaded by hand, one line
 * each — when, from where, the outcome and the counts — and each one's report below its line
 * (`opened`: the newest unless another was chosen).
 */
export function ImportsCard({
  imports,
  mapped,
  taxonomy,
  canManage,
  opened,
  onOpen,
  onMap,
}: {
  imports: RequestState<HotlineImportList>;
  mapped: ReadonlyMap<string, HotlineCategory>;
  taxonomy: Taxonomy | undefined;
  canManage: boolean;
  opened: readonly Key[] | undefined;
  onOpen: (ids: readonly Key[]) => void;
  onMap: (draft: CategoryDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const items = imports.data?.items ?? [];
  const newest = items[0]?.id;
  const expanded = opened ?? (newest ? [newest] : []);

  const columns: TableColumnsType<HotlineImport> = [
    {
      title: t('hotline.imports.at'),
      dataIndex: 'createdAt',
      width: 170,
      render: (iso: string) => formatDateTime(iso, i18n.language),
    },
    {
      title: t('hotline.imports.from'),
      dataIndex: 'via',
      width: 260,
      render: (_, r) => (
        <div>
          {r.via === 'api' ? (
            <Tag color="blue">
              {t('hotline.imports.viaApi')}
              {r.departmentCode ? <span data-user-text> · {r.departmentCode}</span> : null}
            </Tag>
          ) : (
            <Tag>{t('hotline.imports.viaUpload')}</Tag>
          )}
          <div>
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, maxWidth: 240 }}
              ellipsis={{ tooltip: r.fileName }}
              data-user-text
            >
              {r.fileName}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('hotline.imports.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (_, r) =>
        r.outcome === 'refused' ? (
          <Tag color="red">{t('hotline.imports.refused')}</Tag>
        ) : r.finishedAt ? (
          <Tag color="green">{t('hotline.imports.imported')}</Tag>
        ) : (
          <Tag color="processing">{t('hotline.report.running')}</Tag>
        ),
    },
    { title: t('hotline.imports.rowsRead'), dataIndex: 'rowsRead', width: 80, align: 'right' },
    {
      title: t('hotline.imports.created'),
      dataIndex: 'created',
      width: 80,
      align: 'right',
      render: (n: number) => <span data-testid="hotline-import-created">{n}</span>,
    },
    {
      title: t('hotline.imports.duplicates'),
      dataIndex: 'duplicates',
      width: 80,
      align: 'right',
      render: (n: number) => <span data-testid="hotline-import-duplicates">{n}</span>,
    },
    {
      title: t('hotline.imports.held'),
      key: 'held',
      width: 80,
      align: 'right',
      render: (_, r) => {
        const held = heldBack(r);
        return (
          <Typography.Text
            type={held > 0 ? 'warning' : undefined}
            data-testid="hotline-import-held"
          >
            {held}
          </Typography.Text>
        );
      },
    },
  ];

  return (
    <ListCard
      title={t('hotline.imports.title')}
      error={imports.error}
      hasData={!!imports.data}
      onRetry={imports.reload}
      extra={<RefreshButton onClick={imports.reload} />}
    >
      <Table<HotlineImport>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={imports.isLoading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('hotline.imports.empty') }}
        data-testid="hotline-imports-table"
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: onOpen,
          expandedRowRender: (r) => (
            <ImportReport
              report={r}
              mapped={mapped}
              taxonomy={taxonomy}
              canManage={canManage}
              onMap={onMap}
            />
          ),
        }}
        onRow={(r) =>
          rowData('hotline-import-row', {
            'data-id': r.id,
            'data-outcome': r.outcome,
            'data-via': r.via,
          })
        }
      />
    </ListCard>
  );
}
