import { PlusOutlined } from '@ant-design/icons';
import { type ConsultationStatus, type ConsultationSummary } from '@cc/contracts';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ConsultationBuilder } from './consultation-builder';
import { listConsultations } from './consultations-api';

const STATUS_COLORS: Record<ConsultationStatus, string> = {
  draft: 'default',
  scheduled: 'blue',
  open: 'green',
  closed: 'volcano',
};

export function StatusTag({ status }: { status: ConsultationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="consultation-status" data-status={status}>
      {t(`consultations.status.${status}`)}
    </Tag>
  );
}

/** 征询 (console): the consultations of the staff member's areas; a new one in a drawer. */
export function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [isCreating, setCreating] = useState(false);
  const [more, setMore] = useState<{ items: ConsultationSummary[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  const list = useRequest(async (signal) => {
    const first = await listConsultations(undefined, signal);
    setMore({ items: [], cursor: first.nextCursor });
    return first;
  }, []);
  const items = [...(list.data?.items ?? []), ...more.items];

  async function loadMore() {
    if (!more.cursor) return;
    const next = await listConsultations(more.cursor);
    setMore((m) => ({ items: [...m.items, ...next.items], cursor: next.nextCursor }));
  }

  return (
    <ListPage
      testId="consultations-page"
      head={
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <div>
            <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
              {t('consultations.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('consultations.help')}</Typography.Text>
          </div>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="consultation-new"
          >
            {t('consultations.create')}
          </Button>
        </Space>
      }
    >
      <Card>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<ConsultationSummary>
              rowKey="id"
              loading={list.isLoading}
              dataSource={items}
              pagination={false}
              scroll={{ x: 760 }}
              locale={{ emptyText: <Empty description={t('consultations.empty')} /> }}
              columns={[
                {
                  title: t('consultations.column.title'),
                  key: 'title',
                  render: (_, c) => (
                    <Space direction="vertical" size={2}>
                      <Link to={`/consultations/${c.id}`} data-testid="consultation-link">
                        {c.title}
                      </Link>
                      <span>
                        <Tag>
                          {c.isAnonymous
                            ? t('consultations.anonymousTag')
                            : t('consultations.namedTag')}
                        </Tag>
                      </span>
                    </Space>
                  ),
                },
                {
                  title: t('consultations.column.area'),
                  key: 'area',
                  render: (_, c) => c.area.name,
                  width: 160,
                },
                {
                  title: t('consultations.column.status'),
                  key: 'status',
                  width: 110,
                  render: (_, c) => <StatusTag status={c.status} />,
                },
                {
                  title: t('consultations.column.responses'),
                  dataIndex: 'responseCount',
                  width: 100,
                },
                {
                  title: t('consultations.column.closesAt'),
                  key: 'closesAt',
                  width: 170,
                  render: (_, c) => formatDateTime(c.closesAt, i18n.language),
                },
              ]}
            />
            {more.cursor && (
              <Button block style={{ marginTop: 12 }} onClick={() => void loadMore()}>
                {t('consultations.more')}
              </Button>
            )}
          </>
        )}
      </Card>
      {isCreating && (
        <ConsultationBuilder
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            void navigate(`/consultations/${c.id}`);
          }}
        />
      )}
    </ListPage>
  );
}
