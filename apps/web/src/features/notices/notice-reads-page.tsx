import type { BuildingReads } from '@cc/contracts';
import { App, Button, Card, Col, Popconfirm, Row, Space, Statistic, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useInterval } from '../../lib/use-interval';
import { AttachmentList } from './attachments';
import { NoticeMarkdown } from './markdown';
import { NoticeEditor } from './notice-editor';
import { NoticeTags } from './notice-tags';
import { getNotice, getReads, publishNotice, withdrawNotice } from './notices-api';

const ReadsChart = lazy(() => import('./reads-chart'));

const pct = (share: number) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/** One notice for its staff: the content, the audience, and who has read it per building. */
export function NoticeReadsPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [isEditing, setEditing] = useState(false);
  const notice = useRequest((signal) => getNotice(id, signal), [id]);
  const reads = useRequest((signal) => getReads(id, signal), [id]);
  // counts move while residents read: refresh every 10 s
  useInterval(() => reads.reload(), 10_000);
  if (notice.error && !notice.data)
    return <LoadError error={notice.error} onRetry={notice.reload} />;
  const n = notice.data;
  if (!n) return <PageSpin />;
  const act = (fn: () => Promise<unknown>) =>
    fn().then(
      () => {
        notice.reload();
        reads.reload();
      },
      (e: unknown) => message.error(describeError(e, t)),
    );
  const r = reads.data;
  return (
    <div data-testid="notice-reads-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
          {n.title}
        </Typography.Title>
        <Space wrap>
          {n.editable && (
            <Button onClick={() => setEditing(true)} data-testid="notice-edit">
              {t('notices.edit')}
            </Button>
          )}
          {n.status === 'draft' && (
            <Button type="primary" onClick={() => void act(() => publishNotice(n.id))}>
              {t('notices.publish')}
            </Button>
          )}
          {n.status !== 'withdrawn' && (
            <Popconfirm
              title={t('notices.withdrawConfirm')}
              onConfirm={() => act(() => withdrawNotice(n.id))}
            >
              <Button danger data-testid="notice-withdraw">
                {t('notices.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <div style={{ margin: '8px 0 16px' }}>
        <NoticeTags
          status={n.status}
          pinned={n.pinned}
          urgent={n.urgent}
          delivering={r?.delivering}
        />
        <Typography.Text type="secondary">
          {n.publisher}
          {n.publishedAt ? ` · ${formatDateTime(n.publishedAt, i18n.language)}` : ''}
          {!n.publishedAt && n.publishAt ? ` · ${formatDateTime(n.publishAt, i18n.language)}` : ''}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('notices.reads.title')}>
            {reads.error && !r ? (
              <LoadError error={reads.error} onRetry={reads.reload} isCompact />
            ) : (
              <>
                <Row gutter={16}>
                  <Col span={8} data-testid="reads-targeted">
                    <Statistic title={t('notices.reads.targeted')} value={r?.targeted ?? 0} />
                  </Col>
                  <Col span={8} data-testid="reads-read">
                    <Statistic title={t('notices.reads.read')} value={r?.read ?? 0} />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title={t('notices.reads.share')}
                      value={pct(r?.share ?? 0)}
                      valueStyle={{ color: '#389e0d' }}
                    />
                  </Col>
                </Row>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('notices.reads.byBuilding')}
                </Typography.Title>
                {r && r.buildings.length > 0 ? (
                  <>
                    <Suspense fallback={<PageSpin />}>
                      <ReadsChart
                        items={r.buildings}
                        readLabel={t('notices.reads.read')}
                        unreadLabel={t('notices.resident.unread')}
                      />
                    </Suspense>
                    <Table<BuildingReads>
                      rowKey="buildingId"
                      size="small"
                      dataSource={r.buildings}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      columns={[
                        { title: t('notices.reads.compound'), dataIndex: 'compoundName' },
                        { title: t('notices.reads.building'), dataIndex: 'name' },
                        { title: t('notices.reads.targeted'), dataIndex: 'targeted' },
                        { title: t('notices.reads.read'), dataIndex: 'read' },
                        {
                          title: t('notices.reads.share'),
                          dataIndex: 'share',
                          render: (s: number) => pct(s),
                        },
                      ]}
                    />
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('notices.reads.none')}</Typography.Text>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card>
            <Typography.Paragraph type="secondary">
              {t('notices.reads.targets')}：{(n.targets ?? []).map((x) => x.name).join('、')}
            </Typography.Paragraph>
            <NoticeMarkdown source={n.body} testId="notice-body-view" />
            <AttachmentList items={n.attachments} />
          </Card>
        </Col>
      </Row>
      {isEditing && (
        <NoticeEditor
          notice={n}
          onClose={(changed) => {
            setEditing(false);
            if (changed) notice.reload();
          }}
        />
      )}
    </div>
  );
}
