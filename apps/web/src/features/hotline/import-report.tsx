import { CheckCircleOutlined } from '@ant-design/icons';
import type { HotlineCategory, HotlineImport, HotlineUnmapped, Taxonomy } from '@cc/contracts';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FileProblemsTable } from '../../components/file-problems';
import { rowData } from '../../components/page-parts';
import { scenarioName } from '../../lib/scenarios';
import type { CategoryDraft } from './category-modal';
import { heldBack } from './hotline-format';

/** Hotline ids, the first 20 the server kept, and "…" when there were more. */
function Ids({ ids, rows, testId }: { ids: string[]; rows: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={[4, 4]} data-testid={testId}>
      {ids.map((id) => (
        <Typography.Text key={id} code>
          {id}
        </Typography.Text>
      ))}
      {rows > ids.length ? (
        <Typography.Text type="secondary">
          {t('hotline.report.moreIds', { count: rows - ids.length })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/**
 * One file's report at a glance: a refused file's problems by line and column; otherwise what
 * was created, what was already a case, and what was held back — by category, each with
 * 设置对应 (or the scenario it is mapped to now), and by address — with the ids to look for.
 */
export function ImportReport({
  report,
  mapped,
  taxonomy,
  canManage,
  onMap,
}: {
  report: HotlineImport;
  /** the mapping as it is now, by category */
  mapped: ReadonlyMap<string, HotlineCategory>;
  taxonomy: Taxonomy | undefined;
  canManage: boolean;
  onMap: (draft: CategoryDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const testId = 'hotline-report';

  if (report.outcome === 'refused') {
    return (
      <div data-testid={testId} data-id={report.id}>
        <Alert
          type="error"
          showIcon
          title={t('hotline.report.refused')}
          style={{ marginBottom: 12 }}
        />
        <FileProblemsTable
          problems={report.problems}
          isMore={report.moreProblems}
          testId="hotline-report-problems"
        />
      </div>
    );
  }

  const held = heldBack(report);
  const nameOf = (code: string) => {
    const scenario = taxonomy?.scenarios.find((s) => s.code === code);
    return scenario ? scenarioName(scenario, i18n.language) : code;
  };

  return (
    <div data-testid={testId} data-id={report.id}>
      <Space wrap size="middle" style={{ marginBottom: 12 }} data-testid="hotline-report-summary">
        <span>{t('hotline.report.rowsRead', { count: report.rowsRead })}</span>
        <Tag color="green">{t('hotline.report.created', { count: report.created })}</Tag>
        <Tag>{t('hotline.report.duplicates', { count: report.duplicates })}</Tag>
        <Tag color={held > 0 ? 'orange' : 'default'}>
          {t('hotline.report.held', { count: held })}
        </Tag>
        {report.finishedAt ? null : <Tag color="processing">{t('hotline.report.running')}</Tag>}
      </Space>
      {held === 0 && report.changed.length === 0 && report.finishedAt ? (
        <Typography.Paragraph type="success">
          <CheckCircleOutlined /> {t('hotline.report.allDone')}
        </Typography.Paragraph>
      ) : null}
      {report.unmapped.length > 0 ? (
        <div style={{ marginBottom: 12 }}>
          <Typography.Paragraph strong style={{ marginBottom: 4 }}>
            {t('hotline.report.unmappedTitle')}
          </Typography.Paragraph>
          <Table<HotlineUnmapped>
            size="small"
            rowKey="category"
            pagination={false}
            dataSource={report.unmapped}
            data-testid="hotline-report-unmapped"
            onRow={(u) =>
              rowData('hotline-unmapped-row', { 'data-category': u.category, 'data-rows': u.rows })
            }
            columns={[
              {
                title: t('hotline.categories.category'),
                dataIndex: 'category',
                width: 160,
                render: (category: string) => (
                  <Typography.Text strong data-user-text>
                    {category}
                  </Typography.Text>
                ),
              },
              {
                title: t('hotline.report.orders'),
                dataIndex: 'rows',
                width: 80,
              },
              {
                title: t('hotline.report.ids'),
                dataIndex: 'hotlineIds',
                render: (_, u) => (
                  <Ids ids={u.hotlineIds} rows={u.rows} testId="hotline-held-ids" />
                ),
              },
              {
                title: t('hotline.report.mapping'),
                key: 'mapping',
                width: 240,
                render: (_, u) => {
                  const now = mapped.get(u.category);
                  if (now)
                    return (
                      <Typography.Text type="success" data-testid="hotline-unmapped-now">
                        <CheckCircleOutlined />{' '}
                        {t('hotline.report.mappedNow', { scenario: nameOf(now.scenarioCode) })}
                      </Typography.Text>
                    );
                  return canManage ? (
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      onClick={() => onMap({ category: u.category })}
                      data-testid="hotline-map-category"
                      data-category={u.category}
                    >
                      {t('hotline.report.map')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">
                      {t('hotline.report.askAdmin')}
                    </Typography.Text>
                  );
                },
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('hotline.report.sendAgain')}
          </Typography.Text>
        </div>
      ) : null}
      {report.unplaced.rows > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="hotline-report-unplaced"
          title={t('hotline.report.unplacedTitle', { count: report.unplaced.rows })}
          description={
            <>
              <div>{t('hotline.report.unplacedHelp')}</div>
              <Ids
                ids={report.unplaced.hotlineIds}
                rows={report.unplaced.rows}
                testId="hotline-unplaced-ids"
              />
            </>
          }
        />
      ) : null}
      {report.changed.length > 0 ? (
        <Alert
          type="info"
          showIcon
          data-testid="hotline-report-changed"
          title={t('hotline.report.changedTitle', { count: report.changed.length })}
          description={
            <Ids ids={report.changed} rows={report.changed.length} testId="hotline-changed-ids" />
          }
        />
      ) : null}
    </div>
  );
}
