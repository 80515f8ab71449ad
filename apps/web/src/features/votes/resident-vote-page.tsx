import { Alert, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { pickLanguage, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { isForbidden, NotVerified } from './resident-votes-page';
import { ChainVerifier, ResultUnits } from './result-card';
import { TallySummary } from './tally-card';
import { ruleName, VoteDocuments, VoteStateTag } from './vote-format';
import { VoteGroupCard } from './vote-group-card';
import { getResult, getVote } from './votes-api';
import './votes.css';

/**
 * /r/together/votes/:id: the question; for each owner group the person votes for, its units,
 * ballot and receipt; then the result.
 */
export function ResidentVotePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const detail = useRequest((signal) => getVote(id, signal), [id]);
  const v = detail.data;
  const isPublished = v?.state === 'published';
  const result = useRequest((signal) => getResult(id, signal), [id, isPublished], isPublished);
  if (detail.error && isForbidden(detail.error)) {
    return (
      <div className="cc-votes-phone">
        <NotVerified error={detail.error} />
      </div>
    );
  }
  if (!v && detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!v) return <PageSpin />;
  const me = v.me;
  const groups = me?.groups ?? [];
  // every receipt of the person's groups is in the published chain
  const receipts = groups.flatMap((g) => (g.ballot ? [g.ballot.receipt] : []));
  const chain = result.data?.chain;
  const inChain =
    receipts.length > 0 && chain
      ? receipts.every((r) => chain.some((e) => e.seq === r.seq && e.hash === r.hash))
      : null;
  return (
    <div className="cc-votes-phone" data-testid="resident-vote" data-state={v.state}>
      <Link to="/r/together/votes">{t('votes.resident.back')}</Link>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="vote-title">
          {v.title}
        </Typography.Title>
        <VoteStateTag state={v.state} />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t(`votes.kind.${v.electorateKind}`)} · {v.electorateLabel} ·{' '}
        {t('votes.resident.closes', { at: shanghaiDateTime(v.closesAt) })}
      </Typography.Text>
      <Card size="small">
        {v.body ? <PlainText text={v.body} testId="vote-body" /> : null}
        <VoteDocuments documents={v.documents} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('votes.field.rule')}
          {t('votes.colon')}
          {ruleName(v.rule, i18n.language)}
        </Typography.Text>
      </Card>
      {v.state === 'cancelled' && (
        <Alert
          type="warning"
          showIcon
          message={t('votes.cancelledBecause', { reason: v.cancelReason ?? '' })}
        />
      )}
      {me && !me.canVote && me.reason && (
        <Alert type="info" showIcon message={pickLanguage(me.reason)} data-testid="vote-cannot" />
      )}
      {groups.length > 1 && (
        <Alert
          type="info"
          showIcon
          message={t('votes.resident.groups', { count: groups.length })}
          data-testid="vote-groups-note"
        />
      )}
      {groups.map((g, i) => (
        <VoteGroupCard
          key={g.headNo}
          v={v}
          g={g}
          index={i}
          count={groups.length}
          onCast={detail.reload}
        />
      ))}
      {isPublished && v.tally && <TallySummary tally={v.tally} />}
      {isPublished && result.error ? (
        <LoadError error={result.error} onRetry={result.reload} isCompact />
      ) : null}
      {result.data && (
        <Card size="small" title={t('votes.result.title')} data-testid="vote-result">
          {inChain !== null && (
            <Alert
              type={inChain ? 'success' : 'error'}
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="vote-receipt-in-chain"
              message={inChain ? t('votes.receipt.found') : t('votes.receipt.missing')}
            />
          )}
          <ResultUnits units={result.data.units} isCompact />
          <ChainVerifier result={result.data} />
        </Card>
      )}
    </div>
  );
}
