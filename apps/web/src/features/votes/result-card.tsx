import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { VoteResult } from '@cc/contracts';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { verifyResult, type ChainCheck } from './vote-chain';
import { ChoiceTag, formatArea } from './vote-format';

type Unit = VoteResult['units'][number];

/**
 * 核验哈希链: recomputes the published chain in this browser, rebuilds each group's last ballot
 * from it, and says whether the chain, the units' choices and the tally all match.
 */
export function ChainVerifier({ result }: { result: VoteResult }) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isChecking, setIsChecking] = useState(false);
  async function run() {
    setIsChecking(true);
    setProblem(null);
    try {
      setCheck(await verifyResult(result));
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsChecking(false);
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('votes.chainHead')}</Typography.Text>
      <Typography.Text
        code
        copyable
        style={{ wordBreak: 'break-all' }}
        data-testid="vote-chain-head"
      >
        {result.tally.chainHead ?? '—'}
      </Typography.Text>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={isChecking}
        onClick={() => void run()}
        data-testid="vote-verify-chain"
      >
        {t('votes.verifyChain')}
      </Button>
      {problem && <Alert type="error" showIcon message={problem} />}
      {check && (
        <Alert
          type={check.ok ? 'success' : 'error'}
          showIcon
          data-testid="vote-chain-check"
          data-ok={String(check.ok)}
          data-problem={check.ok ? undefined : check.problem}
          message={
            check.ok
              ? t('votes.chainOk', { count: check.entries })
              : t(`votes.chainBad.${check.problem}`, {
                  seq: check.seq ?? '?',
                  unit: check.detail ?? '',
                  choice: check.problem === 'tally' ? t(`votes.choice.${check.detail}`) : '',
                })
          }
        />
      )}
    </Space>
  );
}

/** Every unit of the electorate and its choice (no names), as published to the owners. */
export function ResultUnits({ units, isCompact = false }: { units: Unit[]; isCompact?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const shown = q.trim() ? units.filter((u) => u.label.includes(q.trim())) : units;
  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('votes.result.search')}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <Table<Unit>
        size="small"
        rowKey={(u) => `${units.indexOf(u)}`}
        dataSource={shown}
        pagination={{ pageSize: isCompact ? 20 : 50, hideOnSinglePage: true, size: 'small' }}
        data-testid="vote-result-units"
        columns={[
          { title: t('votes.result.unit'), dataIndex: 'label' },
          ...(isCompact
            ? []
            : [
                { title: t('votes.area'), dataIndex: 'area', render: (a: number) => formatArea(a) },
              ]),
          {
            title: t('votes.field.choice'),
            dataIndex: 'choice',
            render: (c: Unit['choice'], u: Unit) => (
              <>
                <ChoiceTag choice={c} />
                {u.channel && !isCompact && <Tag>{t(`votes.channel.${u.channel}`)}</Tag>}
              </>
            ),
          },
        ]}
      />
    </>
  );
}

/** The published result for staff: when, every unit and its choice, the chain and its check. */
export function ResultCard({ result }: { result: VoteResult }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('votes.result.title')}
      extra={
        <Typography.Text type="secondary">
          {t('votes.result.publishedAt', { at: shanghaiDateTime(result.publishedAt) })}
        </Typography.Text>
      }
      data-testid="vote-result"
    >
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <ChainVerifier result={result} />
        <ResultUnits units={result.units} />
      </Space>
    </Card>
  );
}
