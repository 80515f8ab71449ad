import { PlusOutlined } from '@ant-design/icons';
import type { NoticeSummary } from '@cc/contracts';
import { Button, Card, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { NoticeEditor } from './notice-editor';
import { NoticeTags } from './notice-tags';
import { listNotices } from './notices-api';

const PAGE_SIZE = 20;

/** 通知公告: the notices of the staff member's area, with the share of readers. */
export function NoticesPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const [isEditing, setEditing] = useState(false);
  const list = useRequest((signal) => listNotices(page, PAGE_SIZE, signal), [page]);
  return (
    <ListPage
      testId="notices-page"
      head={
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
          <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
            {t('notices.title')}
          </Typography.Title>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(true)}
            data-testid="notice-new"
          >
            {t('notices.new')}
          </Button>
        </Space>
      }
    >
      <Card>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<NoticeSummary>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 800 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showTotal: (total) => t('common.total', { total }),
            }}
            columns={[
              {
                title: t('notices.columns.title'),
                key: 'title',
                render: (_, n) => (
                  <Space direction="vertical" size={2}>
                    <Link to={`/notices/${n.id}`} data-testid="notice-link">
                      {n.title}
                    </Link>
                    <span>
                      <NoticeTags {...n} />
                    </span>
                  </Space>
                ),
              },
              { title: t('notices.columns.publisher'), dataIndex: 'publisher', width: 160 },
              {
                title: t('notices.columns.time'),
                key: 'time',
                width: 170,
                render: (_, n) => {
                  const at = n.publishedAt ?? n.publishAt;
                  return at ? formatDateTime(at, i18n.language) : t('common.none');
                },
              },
              { title: t('notices.columns.recipients'), dataIndex: 'recipients', width: 110 },
              {
                title: t('notices.columns.readShare'),
                key: 'share',
                width: 180,
                render: (_, n) => (
                  <Progress
                    percent={Math.round(n.readShare * 1000) / 10}
                    size="small"
                    format={() => `${n.reads} / ${n.recipients}`}
                  />
                ),
              },
            ]}
          />
        )}
      </Card>
      {isEditing && (
        <NoticeEditor
          onClose={(changed) => {
            setEditing(false);
            if (changed) list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
