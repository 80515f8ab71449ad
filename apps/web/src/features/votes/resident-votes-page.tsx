import { AuditOutlined } from '@ant-design/icons';
import type { VoteSummary } from '@cc/contracts';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { VoteStateTag } from './vote-format';
import { listMyVisits, listVotes } from './votes-api';
import './votes.css';

/** The server's 403 for an account not verified as living here: say why, and where to verify. */
export function NotVerified({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="votes-verify-prompt"
      message={describeError(error, t)}
      action={<Link to="/r/verify">{t('affairs.goVerify')}</Link>}
    />
  );
}

export const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

function VoteCard({ v }: { v: VoteSummary }) {
  const { t } = useTranslation();
  return (
    <Link
      to={`/r/together/votes/${v.id}`}
      className="cc-votes-card-link"
      data-testid="vote-card"
      data-id={v.id}
    >
      <Card size="small" hoverable>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
          <Typography.Text strong>{v.title}</Typography.Text>
          <Space size={0}>
            {v.passed !== null && (
              <Tag color={v.passed ? 'green' : 'red'}>
                {v.passed ? t('votes.passed') : t('votes.notPassed')}
              </Tag>
            )}
            <VoteStateTag state={v.state} />
          </Space>
        </Space>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
          {t(`votes.kind.${v.electorateKind}`)} · {v.electorateLabel}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('votes.resident.closes', { at: shanghaiDateTime(v.closesAt) })}
        </Typography.Text>
      </Card>
    </Link>
  );
}

/** /r/together/votes: the votes of the resident's area (业主表决), open ones first. */
export function ResidentVotesPage() {
  const { t } = useTranslation();
  const first = useRequest((signal) => listVotes({}, signal), []);
  const [more, setMore] = useState<{ items: VoteSummary[]; next: string | null }>();
  const [moreError, setMoreError] = useState<string>();
  const [isLoadingMore, setLoadingMore] = useState(false);
  if (first.error && isForbidden(first.error)) {
    return (
      <div className="cc-votes-phone">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('votes.resident.title')}
        </Typography.Title>
        <NotVerified error={first.error} />
      </div>
    );
  }
  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  if (!first.data) return <PageSpin />;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.data.nextCursor;
  const rank = (v: VoteSummary) => (v.state === 'open' ? 0 : 1);
  const sorted = [...items].sort((a, b) => rank(a) - rank(b));
  const loadMore = () => {
    if (!next) return;
    setLoadingMore(true);
    listVotes({ cursor: next })
      .then(
        (page) =>
          setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextCursor }),
        (e: unknown) => setMoreError(describeError(e, t)),
      )
      .finally(() => setLoadingMore(false));
  };
  return (
    <div className="cc-votes-phone" data-testid="resident-votes">
      <Link to="/r/together">{t('votes.resident.backTogether')}</Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('votes.resident.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('votes.resident.intro')}</Typography.Text>
      {sorted.length === 0 && <Empty description={t('votes.resident.empty')} />}
      {sorted.map((v) => (
        <VoteCard key={v.id} v={v} />
      ))}
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {next && (
        <Button block onClick={loadMore} loading={isLoadingMore}>
          {t('votes.loadMore')}
        </Button>
      )}
    </div>
  );
}

/**
 * On 议事 (/r/together): the way to 业主表决, and to the visits a volunteer has been handed
 * (shown only when there are any).
 */
export function VotesTogetherLinks() {
  const { t } = useTranslation();
  const visits = useRequest((signal) => listMyVisits(signal), []);
  const open = (visits.data?.items ?? []).filter((v) => !v.outcome).length;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Link to="/r/together/votes" className="cc-votes-card-link" data-testid="together-votes">
        <Card size="small" hoverable>
          <Space>
            <AuditOutlined style={{ fontSize: 20, color: '#1456f0' }} />
            <span>
              <Typography.Text strong>{t('votes.resident.title')}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('votes.resident.entryHelp')}
              </Typography.Text>
            </span>
          </Space>
        </Card>
      </Link>
      {(visits.data?.items.length ?? 0) > 0 && (
        <Link to="/r/together/visits" className="cc-votes-card-link" data-testid="together-visits">
          <Card size="small" hoverable>
            <Typography.Text strong>{t('votes.visits.title')}</Typography.Text>{' '}
            {open > 0 && <Tag color="blue">{t('votes.visits.toDo', { count: open })}</Tag>}
          </Card>
        </Link>
      )}
    </Space>
  );
}
