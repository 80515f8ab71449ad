import type { VoteDetail } from '@cc/contracts';
import { Alert, Card, Descriptions, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useInterval } from '../../lib/use-interval';
import { CampaignCard } from './campaign-card';
import { PaperBallotCard } from './paper-ballot-card';
import { ResultCard } from './result-card';
import { TallyCard } from './tally-card';
import { VoteActions } from './vote-actions';
import {
  formatArea,
  ruleName,
  shareText,
  SubjectLink,
  VoteDocuments,
  VoteStateTag,
} from './vote-format';
import { getResult, getVote } from './votes-api';
import './votes.css';

const LIVE_MS = 5_000;

/** The rule frozen on the vote, in words, with its legal source. */
function RuleText({ v }: { v: VoteDetail }) {
  const { t, i18n } = useTranslation();
  const r = v.rule;
  const measures = r.measures.map((m) => t(`votes.measure.${m}`)).join(t('votes.and'));
  return (
    <span data-testid="vote-rule-text">
      {ruleName(r, i18n.language)}
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.participation &&
          t('votes.ruleParticipation', {
            measures,
            share: shareText(r.participation.share, r.participation.op),
          })}
        {t('votes.ruleConsent', {
          measures,
          share: shareText(r.consent.share, r.consent.op),
          basis: t(`votes.basis.${r.consent.basis}`),
        })}
        {r.source ? ` — ${r.source}` : ''}
      </Typography.Text>
    </span>
  );
}

/** /votes/:id: one vote for staff — the question, the live tally, paper ballots, the campaign, the result. */
export function VotePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useRequest((signal) => getVote(id, signal), [id]);
  const [tab, setTab] = useState('tally');
  const v = detail.data;
  useInterval(detail.reload, LIVE_MS, v?.state === 'open');
  const isPublished = v?.state === 'published';
  const result = useRequest((signal) => getResult(id, signal), [id, isPublished], isPublished);
  if (!v && detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!v) return <PageSpin />;
  const tabs = [
    {
      key: 'tally',
      label: <span data-testid="vote-tab-tally">{t('votes.tabs.tally')}</span>,
      children: v.tally ? (
        <TallyCard
          tally={v.tally}
          rule={v.rule}
          title={v.state === 'open' ? t('votes.liveTally') : t('votes.tally')}
        />
      ) : (
        <Alert type="info" showIcon message={t('votes.noTally')} />
      ),
    },
    ...(v.can.enterPaper
      ? [
          {
            key: 'paper',
            label: <span data-testid="vote-tab-paper">{t('votes.tabs.paper')}</span>,
            children: <PaperBallotCard voteId={v.id} onDone={detail.reload} />,
          },
        ]
      : []),
    ...(v.can.campaign
      ? [
          {
            key: 'campaign',
            label: <span data-testid="vote-tab-campaign">{t('votes.tabs.campaign')}</span>,
            children: <CampaignCard voteId={v.id} mayAssign={v.state === 'open'} />,
          },
        ]
      : []),
    ...(isPublished
      ? [
          {
            key: 'result',
            label: <span data-testid="vote-tab-result">{t('votes.tabs.result')}</span>,
            children: result.data ? (
              <ResultCard result={result.data} />
            ) : result.error ? (
              <LoadError error={result.error} onRetry={result.reload} isCompact />
            ) : (
              <PageSpin />
            ),
          },
        ]
      : []),
  ];
  return (
    <div className="cc-vote-page" data-testid="vote-page" data-state={v.state}>
      <div>
        <Link to="/votes">{t('votes.back')}</Link>
      </div>
      <Space align="center" wrap style={{ margin: '8px 0' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="vote-title">
          {v.title}
        </Typography.Title>
        <VoteStateTag state={v.state} />
        <SubjectLink subject={v.subject} />
        {v.passed !== null && (
          <Tag color={v.passed ? 'green' : 'red'} data-testid="vote-passed">
            {v.passed ? t('votes.passed') : t('votes.notPassed')}
          </Tag>
        )}
      </Space>
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} isCompact /> : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('votes.field.electorate')}>
            {t(`votes.kind.${v.electorateKind}`)} · {v.electorateLabel}
            {v.electorate &&
              ` (${t('votes.headsUnitsArea', {
                heads: v.electorate.heads,
                units: v.electorate.units,
                area: formatArea(v.electorate.area),
              })})`}
          </Descriptions.Item>
          <Descriptions.Item label={t('votes.field.time')}>
            {shanghaiDateTime(v.opensAt)} – {shanghaiDateTime(v.closesAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('votes.field.rule')} span={2}>
            <RuleText v={v} />
          </Descriptions.Item>
          <Descriptions.Item label={t('votes.field.allowChange')}>
            {v.allowChange ? t('votes.yes') : t('votes.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('votes.field.ballots')}>{v.ballots}</Descriptions.Item>
        </Descriptions>
        {v.body && <PlainText text={v.body} testId="vote-body" />}
        <VoteDocuments documents={v.documents} />
        {v.state === 'cancelled' && (
          <Alert
            type="warning"
            showIcon
            message={t('votes.cancelledBecause', { reason: v.cancelReason ?? '' })}
          />
        )}
        <VoteActions v={v} onChange={detail.reload} />
      </Card>
      <Tabs activeKey={tab} onChange={setTab} items={tabs} data-testid="vote-tabs" />
    </div>
  );
}
