import { HomeOutlined, PushpinFilled } from '@ant-design/icons';
import type { FeedNotice } from '@cc/contracts';
import { Badge, Button, Empty, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, getMyHome, useRequest, type MyHome } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { DailyLogsEntry } from '../daily-logs';
import { DeclareEntry } from '../declare';
import { CouncilEntry } from '../council-app';
import { VolunteerEntry } from '../volunteer-app';
import { getFeed } from './notices-api';

/** Not verified: notices reach only verified residents, so say how to get them. */
function VerifyPrompt({ state }: { state: MyHome['state'] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Empty
      data-testid="feed-verify-prompt"
      image={<HomeOutlined style={{ fontSize: 48, color: '#1677ff' }} />}
      styles={{ image: { height: 56 } }}
      description={
        state === 'pending'
          ? t('notices.resident.verifyPending')
          : t('notices.resident.verifyPrompt')
      }
    >
      {state === 'unverified' && (
        <Button type="primary" onClick={() => navigate('/r/verify')} data-testid="feed-verify">
          {t('notices.resident.verifyAction')}
        </Button>
      )}
    </Empty>
  );
}

/** The residents' home (/r): the notices aimed at them, pinned first, unread marked. */
export function ResidentFeed() {
  const { t, i18n } = useTranslation();
  const first = useRequest((signal) => getFeed(undefined, signal), []);
  const home = useRequest((signal) => getMyHome(signal), []);
  const [more, setMore] = useState<{ items: FeedNotice[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<string | undefined>();
  const [isLoadingMore, setLoadingMore] = useState(false);
  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  if (!first.data) return <PageSpin />;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.data.next;
  const loadMore = () => {
    if (!next) return;
    setLoadingMore(true);
    getFeed(next)
      .then(
        (page) => setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next }),
        (e: unknown) => setMoreError(describeError(e, t)),
      )
      .finally(() => setLoadingMore(false));
  };
  return (
    <div style={{ padding: 12 }} data-testid="resident-feed">
      <Typography.Title level={4} style={{ margin: '4px 4px 12px' }}>
        {t('notices.resident.title')}
      </Typography.Title>
      {home.data?.state === 'verified' && <DeclareEntry />}
      {home.data?.state === 'verified' && <DailyLogsEntry />}
      {home.data?.state === 'verified' && <VolunteerEntry />}
      {/* merchants and experts are not residents of a home: for everyone signed in */}
      <CouncilEntry />
      {items.length === 0 ? (
        home.data?.state === 'unverified' || home.data?.state === 'pending' ? (
          <VerifyPrompt state={home.data.state} />
        ) : (
          <Empty description={t('notices.resident.empty')} />
        )
      ) : (
        <List
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              style={{ background: '#fff', padding: 12, marginBottom: 8, borderRadius: 8 }}
            >
              <Link
                to={`/r/notices/${n.id}`}
                style={{ color: 'inherit', width: '100%' }}
                data-testid="feed-item"
                data-read={n.read ? 'true' : 'false'}
              >
                <div style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                  {!n.read && <Badge status="error" aria-label={t('notices.resident.unread')} />}
                  {n.pinned && <PushpinFilled style={{ color: '#d48806' }} />}
                  <Typography.Text strong={!n.read} style={{ flex: 1, minWidth: 0 }} ellipsis>
                    {n.title}
                  </Typography.Text>
                  {n.urgent && <Tag color="volcano">{t('notices.urgent')}</Tag>}
                </div>
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 2 }}
                  style={{ margin: '4px 0', fontSize: 13 }}
                >
                  {n.excerpt}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.publisher} · {formatDateTime(n.publishedAt, i18n.language)}
                </Typography.Text>
              </Link>
            </List.Item>
          )}
        />
      )}
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {next && (
        <Button block onClick={loadMore} loading={isLoadingMore}>
          {t('notices.resident.more')}
        </Button>
      )}
    </div>
  );
}
