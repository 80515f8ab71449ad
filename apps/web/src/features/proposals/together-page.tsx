import {
  CalendarOutlined,
  CommentOutlined,
  EditOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  PictureOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { ProposalSummary } from '@cc/contracts';
import { Button, Card, Empty, Progress, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, getMyHome, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { MyElevatorsCard } from '../elevators';
import { VotesTogetherLinks } from '../votes';
import { StateTag, SupportBar } from './proposal-format';
import { listProposals } from './proposals-api';
import { VerifyPrompt } from './verify-prompt';
import './proposals.css';

/** The other corners of 社区议事: building boards, consultations, meetings. */
function Entries() {
  const { t } = useTranslation();
  const entries = [
    { to: '/r/together/building', icon: <HomeOutlined />, label: t('proposals.together.building') },
    {
      to: '/r/together/consultations',
      icon: <SolutionOutlined />,
      label: t('proposals.together.consultations'),
    },
    {
      to: '/r/together/meetings',
      icon: <CalendarOutlined />,
      label: t('proposals.together.meetings'),
    },
  ];
  return (
    <nav className="cc-proposals-entries">
      {entries.map((e) => (
        <Link
          key={e.to}
          to={e.to}
          className="cc-proposals-entry"
          data-testid={`together-${e.to.split('/').pop()}`}
        >
          <span className="cc-proposals-entry-icon">{e.icon}</span>
          {e.label}
        </Link>
      ))}
    </nav>
  );
}

/** One proposal in the list: its state, title, excerpt and support against the threshold. */
export function ProposalCard({ p }: { p: ProposalSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Link
      to={`/r/together/proposals/${p.id}`}
      className="cc-proposals-card-link"
      data-testid="proposal-item"
      data-id={p.id}
    >
      <Card size="small" hoverable>
        <Space size={4} wrap style={{ marginBottom: 4 }}>
          <StateTag state={p.state} />
          <Tag>{t(`proposals.category.${p.category}`)}</Tag>
          {p.isOverdue && <Tag color="red">{t('proposals.overdue')}</Tag>}
        </Space>
        <Typography.Text strong style={{ display: 'block' }} ellipsis>
          {p.title}
        </Typography.Text>
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 2 }}
          style={{ margin: '4px 0', fontSize: 13 }}
        >
          {p.excerpt}
        </Typography.Paragraph>
        {p.state === 'open' || p.state === 'awaiting_answer' ? (
          <SupportBar count={p.supportCount} threshold={p.threshold} size="small" />
        ) : p.progress !== null ? (
          <Progress
            percent={p.progress}
            size="small"
            format={() => t('proposals.progress', { progress: p.progress })}
          />
        ) : null}
        <Space size={12} style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }} wrap>
          <span>{p.authorName}</span>
          <span>{formatDateTime(p.createdAt, i18n.language)}</span>
          <span>{t('proposals.supportsShort', { count: p.supportCount })}</span>
          <span>
            <CommentOutlined /> {p.commentCount}
          </span>
          {p.photoCount > 0 && <PictureOutlined />}
          {p.hasPlace && <EnvironmentOutlined />}
        </Space>
      </Card>
    </Link>
  );
}

type Filter = 'all' | 'mine';

/** /r/together: 社区议事 — the committee's proposals, and the ways to the other corners. */
export function TogetherPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const home = useRequest((signal) => getMyHome(signal), []);
  const first = useRequest(
    (signal) => listProposals({ mine: filter === 'mine' || undefined, limit: 20 }, signal),
    [filter],
  );
  const [more, setMore] = useState<{
    key: string;
    items: ProposalSummary[];
    next: string | null;
  }>();
  const [moreError, setMoreError] = useState<string>();
  const [isLoadingMore, setLoadingMore] = useState(false);
  const state = home.data?.state ?? 'unknown';
  const isVerified = state === 'verified';
  const extra = more?.key === filter ? more : undefined;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.next : (first.data?.nextCursor ?? null);

  const loadMore = () => {
    if (!next) return;
    setLoadingMore(true);
    listProposals({ mine: filter === 'mine' || undefined, limit: 20, cursor: next })
      .then(
        (page) =>
          setMore({
            key: filter,
            items: [...(extra?.items ?? []), ...page.items],
            next: page.nextCursor,
          }),
        (e: unknown) => setMoreError(describeError(e, t)),
      )
      .finally(() => setLoadingMore(false));
  };

  return (
    <div className="cc-proposals-page" data-testid="together-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('proposals.together.title')}
        {home.data?.committeeName ? (
          <Typography.Text type="secondary" style={{ fontSize: 13, marginLeft: 8 }}>
            {home.data.committeeName}
          </Typography.Text>
        ) : null}
      </Typography.Title>
      <Entries />
      <VotesTogetherLinks />
      <MyElevatorsCard />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('proposals.together.help')}
      </Typography.Text>
      {home.data && !isVerified && <VerifyPrompt home={state} />}
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('proposals.together.all') },
            { value: 'mine', label: t('proposals.together.mine') },
          ]}
          data-testid="together-filter"
        />
        <Button
          type="primary"
          icon={<EditOutlined />}
          disabled={!isVerified}
          onClick={() => void navigate('/r/together/proposals/new')}
          data-testid="proposal-new"
        >
          {t('proposals.together.new')}
        </Button>
      </Space>
      {first.error && !first.data ? (
        isVerified || state === 'unknown' ? (
          <LoadError error={first.error} onRetry={first.reload} isCompact />
        ) : null
      ) : !first.data ? (
        <PageSpin />
      ) : items.length === 0 ? (
        <Empty description={t('proposals.together.empty')} />
      ) : (
        <div className="cc-proposals-page" style={{ padding: 0 }} data-testid="proposal-list">
          {items.map((p) => (
            <ProposalCard key={p.id} p={p} />
          ))}
        </div>
      )}
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {next && (
        <Button block onClick={loadMore} loading={isLoadingMore} data-testid="proposal-more">
          {t('proposals.together.more')}
        </Button>
      )}
    </div>
  );
}
