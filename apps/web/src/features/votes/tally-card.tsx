import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import type { VoteCheck, VoteRuleView, VoteTally } from '@cc/contracts';
import { Alert, Card, Descriptions, Table, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import { formatArea, ruleName, shareText } from './vote-format';

const TallyChart = lazy(() => import('./tally-chart'));

/** The summary line: passed or not and why, in Chinese then English. */
export function TallySummary({ tally }: { tally: VoteTally }) {
  return (
    <Alert
      type={tally.passed ? 'success' : 'warning'}
      showIcon
      data-testid="vote-summary"
      data-passed={String(tally.passed)}
      message={<span style={{ fontSize: 18 }}>{tally.summary.zh}</span>}
      description={tally.summary.en}
    />
  );
}

/** Each threshold of the rule against the figures: percent vs share, met ✓ / ✗. */
export function ChecksTable({ checks }: { checks: VoteCheck[] }) {
  const { t } = useTranslation();
  const figure = (c: VoteCheck, n: number) => (c.measure === 'area' ? formatArea(n) : String(n));
  return (
    <Table<VoteCheck>
      size="small"
      rowKey={(c) => `${c.stage}-${c.measure}`}
      dataSource={checks}
      pagination={false}
      data-testid="vote-checks"
      onRow={(c) => ({ 'data-testid': `vote-check-${c.stage}-${c.measure}` }) as object}
      columns={[
        {
          title: t('votes.check.stage'),
          key: 'stage',
          render: (_: unknown, c) =>
            `${t(`votes.check.${c.stage}`)} · ${t(`votes.measure.${c.measure}`)}`,
        },
        {
          title: t('votes.check.figures'),
          key: 'figures',
          render: (_: unknown, c) => `${figure(c, c.value)} / ${figure(c, c.base)}`,
        },
        {
          title: t('votes.check.percent'),
          key: 'percent',
          render: (_: unknown, c) => (
            <span data-testid="vote-check-percent">
              {c.percent} % {shareText(c.share, c.op)}
            </span>
          ),
        },
        {
          title: t('votes.check.basis'),
          dataIndex: 'basis',
          render: (b: VoteCheck['basis']) => t(`votes.basis.${b}`),
        },
        {
          title: t('votes.check.met'),
          dataIndex: 'met',
          render: (met: boolean) => (
            <span data-testid="vote-check-met" data-met={String(met)}>
              {met ? (
                <CheckCircleTwoTone twoToneColor="#52c41a" />
              ) : (
                <CloseCircleTwoTone twoToneColor="#f5222d" />
              )}{' '}
              {met ? t('votes.check.yes') : t('votes.check.no')}
            </span>
          ),
        },
      ]}
    />
  );
}

/** The live tally for staff (or the final one): summary, the picture, the figures, the checks. */
export function TallyCard({
  tally,
  rule,
  title,
}: {
  tally: VoteTally;
  rule: VoteRuleView;
  title: string;
}) {
  const { t, i18n } = useTranslation();
  const notVoted = tally.electorate.heads - tally.participating.heads;
  return (
    <Card size="small" title={title} data-testid="vote-tally">
      <TallySummary tally={tally} />
      <Suspense fallback={<PageSpin />}>
        <TallyChart tally={tally} />
      </Suspense>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        bordered
        style={{ margin: '12px 0' }}
      >
        <Descriptions.Item label={t('votes.electorate')}>
          <span data-testid="vote-electorate">
            {t('votes.headsUnitsArea', {
              heads: tally.electorate.heads,
              units: tally.electorate.units,
              area: formatArea(tally.electorate.area),
            })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('votes.participating')}>
          <span data-testid="vote-participating">
            {t('votes.headsArea', {
              heads: tally.participating.heads,
              area: formatArea(tally.participating.area),
            })}
          </span>
        </Descriptions.Item>
        {(['agree', 'disagree', 'abstain'] as const).map((c) => (
          <Descriptions.Item key={c} label={t(`votes.choice.${c}`)}>
            <span data-testid={`vote-tally-${c}`}>
              {t('votes.headsArea', { heads: tally[c].heads, area: formatArea(tally[c].area) })}
            </span>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('votes.notVoted')}>
          <span data-testid="vote-tally-not-voted">{notVoted}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('votes.field.ballots')}>
          <span data-testid="vote-ballots">{tally.ballots}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('votes.field.rule')} span={2}>
          {ruleName(rule, i18n.language)}
        </Descriptions.Item>
      </Descriptions>
      <ChecksTable checks={tally.checks} />
      {tally.chainHead && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('votes.chainHead')}
          {t('votes.colon')}
          <Typography.Text code copyable data-testid="vote-chain-head-live">
            {tally.chainHead}
          </Typography.Text>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
