import { DownloadOutlined } from '@ant-design/icons';
import {
  VOTE_CHOICES,
  type BallotReceipt,
  type MyVoteGroup,
  type VoteChoice,
  type VoteDetail,
} from '@cc/contracts';
import { Alert, App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { ChoiceTag, formatArea, saveText } from './vote-format';
import { castBallot } from './votes-api';

interface Receipt {
  seq: number;
  hash: string;
  choice: VoteChoice;
  castAt: string;
}

const unitLabels = (g: MyVoteGroup) => g.units.map((u) => u.label).join('、');

/** The receipt of one group's ballot: its place in the chain and its hash, and a file to keep. */
function ReceiptCard({ v, g, r }: { v: VoteDetail; g: MyVoteGroup; r: Receipt }) {
  const { t } = useTranslation();
  const text = [
    `${t('votes.receipt.title')} — ${v.title}`,
    `${t('votes.receipt.vote')}: ${v.id}`,
    `${t('votes.units')}: ${unitLabels(g)}`,
    `${t('votes.field.choice')}: ${t(`votes.choice.${r.choice}`)}`,
    `${t('votes.receipt.castAt')}: ${shanghaiDateTime(r.castAt)}`,
    `${t('votes.receipt.seq')}: ${r.seq}`,
    `${t('votes.receipt.hash')}: ${r.hash}`,
  ].join('\n');
  return (
    <Card size="small" type="inner" title={t('votes.receipt.title')} data-testid="vote-receipt">
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        <span>
          {t('votes.receipt.yours')} <ChoiceTag choice={r.choice} />
        </span>
        <Typography.Text type="secondary">
          {t('votes.receipt.castAt')}
          {t('votes.colon')}
          {shanghaiDateTime(r.castAt)}
        </Typography.Text>
        <span>
          {t('votes.receipt.seq')}
          {t('votes.colon')}
          <span data-testid="vote-receipt-seq">{r.seq}</span>
        </span>
        <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="vote-receipt-hash">
          {r.hash}
        </Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => saveText(`${t('votes.receipt.title')}-${r.seq}.txt`, text)}
          data-testid="vote-receipt-save"
        >
          {t('votes.receipt.save')}
        </Button>
      </Space>
    </Card>
  );
}

/** 同意 / 不同意 / 弃权 for one group (named by its first unit), each behind a confirm. */
function BallotButtons({
  v,
  g,
  isOneOfMany,
  onCast,
}: {
  v: VoteDetail;
  g: MyVoteGroup;
  isOneOfMany: boolean;
  onCast: (r: BallotReceipt) => void;
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState<VoteChoice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const roomId = g.units[0]?.roomId;
  const cast = (choice: VoteChoice) =>
    modal.confirm({
      title: t('votes.resident.confirmTitle', { choice: t(`votes.choice.${choice}`) }),
      content: (
        <>
          {isOneOfMany && <div>{t('votes.resident.confirmFor', { units: unitLabels(g) })}</div>}
          <div>
            {v.allowChange ? t('votes.resident.confirmChange') : t('votes.resident.confirmFinal')}
          </div>
        </>
      ),
      okText: t(`votes.choice.${choice}`),
      okButtonProps: { 'data-testid': 'vote-confirm-ok' },
      onOk: async () => {
        setBusy(choice);
        setProblem(null);
        try {
          // the group this ballot is for, by one of its units (the server needs it when there are several)
          const r = await castBallot(v.id, { choice, ...(roomId ? { roomId } : {}) });
          void message.success(t('votes.resident.cast'));
          onCast(r);
        } catch (error) {
          setProblem(describeError(error, t));
        } finally {
          setBusy(null);
        }
      },
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {problem && <Alert type="error" showIcon message={problem} data-testid="vote-cast-error" />}
      <div className="cc-votes-buttons">
        {VOTE_CHOICES.map((c) => (
          <Button
            key={c}
            size="large"
            type={c === 'agree' ? 'primary' : 'default'}
            danger={c === 'disagree'}
            loading={busy === c}
            disabled={busy !== null && busy !== c}
            onClick={() => cast(c)}
            data-testid={`vote-${c}`}
          >
            {t(`votes.choice.${c}`)}
          </Button>
        ))}
      </div>
    </Space>
  );
}

/**
 * One owner group the signed-in owner votes for: its units, its ballot buttons, its receipt.
 * The test ids are the same in every group; with several groups, scope them by the
 * `vote-group` card and its `data-head`.
 */
export function VoteGroupCard({
  v,
  g,
  index,
  count,
  onCast,
}: {
  v: VoteDetail;
  g: MyVoteGroup;
  /** this group's place among the person's groups (0-based), and how many there are */
  index: number;
  count: number;
  onCast: () => void;
}) {
  const { t } = useTranslation();
  const [cast, setCast] = useState<BallotReceipt | null>(null);
  const [isChanging, setIsChanging] = useState(false);
  const mine = cast && cast.voteId === v.id ? cast : null;
  const receipt: Receipt | null = mine
    ? { seq: mine.seq, hash: mine.hash, choice: mine.choice, castAt: mine.castAt }
    : g.ballot
      ? { ...g.ballot.receipt, choice: g.ballot.choice, castAt: g.ballot.castAt }
      : null;
  const mayCast = g.mayCast && (!receipt || isChanging);
  return (
    <Card
      size="small"
      title={count > 1 ? t('votes.resident.group', { n: index + 1 }) : t('votes.resident.myUnits')}
      data-testid="vote-group"
      data-head={g.headNo}
      data-voted={String(!!receipt)}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <div data-testid="vote-my-units">
          <List
            size="small"
            dataSource={g.units}
            rowKey="roomId"
            renderItem={(u) => (
              <List.Item data-testid="vote-my-unit">
                <span>{u.label}</span>
                <Typography.Text type="secondary">{formatArea(u.area)}</Typography.Text>
              </List.Item>
            )}
          />
          {g.units.length > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('votes.resident.oneBallot')}
            </Typography.Text>
          )}
        </div>
        {g.ballot?.channel === 'paper' && !mine && (
          <Tag color="purple">{t('votes.channel.paper')}</Tag>
        )}
        {receipt && <ReceiptCard v={v} g={g} r={receipt} />}
        {mayCast && (
          <BallotButtons
            v={v}
            g={g}
            isOneOfMany={count > 1}
            onCast={(r) => {
              setCast(r);
              setIsChanging(false);
              onCast();
            }}
          />
        )}
        {receipt && g.mayCast && v.allowChange && !isChanging && (
          <Button block onClick={() => setIsChanging(true)} data-testid="vote-change">
            {t('votes.resident.change')}
          </Button>
        )}
        {isChanging && (
          <Button block type="link" onClick={() => setIsChanging(false)}>
            {t('votes.resident.keep')}
          </Button>
        )}
        {v.state === 'open' && !g.mayCast && !receipt && (
          <Alert type="info" showIcon message={t('votes.resident.notYet')} />
        )}
      </Space>
    </Card>
  );
}
