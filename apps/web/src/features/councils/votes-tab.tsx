import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COUNCIL_VOTE_KIND_LABELS,
  TIE_RULE_LABELS,
  type Council,
  type CouncilCandidate,
  type CouncilMember,
  type CouncilVote,
  type CouncilVoteChainEntry,
} from '@cc/contracts';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { atTime, useLabel, VoteStateTag } from './council-format';
import {
  getCouncilVoteChain,
  listCouncilVotes,
  stepCouncilVote,
  type CouncilVoteStep,
} from './councils-api';
import { CouncilVoteDrawer } from './cvote-create-drawer';
import { MeetingModal } from './meeting-modal';
import { RefreshButton, rowData } from '../../components/page-parts';
import { SendModal, useSend } from '../../lib/sending';
import { ChainCheckAlert } from './chain-check';

/** Counts move while a vote is open: read them again this often (ms). */
const LIVE_EVERY = 10_000;

function CandidateTable({ vote }: { vote: CouncilVote }) {
  const { t } = useTranslation();
  const isDecided = vote.state === 'closed' || vote.state === 'published';
  return (
    <Table<CouncilCandidate>
      rowKey="no"
      size="small"
      dataSource={vote.candidates}
      pagination={false}
      onRow={(c) =>
        rowData('cvote-candidate-row', {
          'data-no': c.no,
          'data-elected': c.elected === null ? '' : String(c.elected),
        })
      }
      columns={[
        { title: t('councils.vote.no'), dataIndex: 'no', width: 64 },
        { title: t('councils.vote.candidate'), dataIndex: 'name' },
        {
          title: t('councils.vote.approvals'),
          key: 'approvals',
          align: 'right',
          render: (_: unknown, c) => (c.approvals === null ? t('common.none') : c.approvals),
        },
        {
          title: t('councils.vote.result'),
          key: 'result',
          render: (_: unknown, c) =>
            vote.runoff.includes(c.no) ? (
              <Tag color="warning">{t('councils.vote.runoffTag')}</Tag>
            ) : c.elected ? (
              <Space size={4}>
                <Tag color="success">{t('councils.vote.elected')}</Tag>
                {c.byTieRule ? <Tag color="gold">{t('councils.vote.byTieRule')}</Tag> : null}
              </Space>
            ) : isDecided && c.elected === false ? (
              <Typography.Text type="secondary">{t('councils.vote.notElected')}</Typography.Text>
            ) : null,
        },
      ]}
    />
  );
}

function MotionCounts({ vote }: { vote: CouncilVote }) {
  const { t } = useTranslation();
  if (!vote.counts) return null;
  return (
    <Space wrap data-testid="cvote-counts">
      <Tag color="green">
        {t('councils.vote.agree')} {vote.counts.agree}
      </Tag>
      <Tag color="red">
        {t('councils.vote.disagree')} {vote.counts.disagree}
      </Tag>
      <Tag>
        {t('councils.vote.abstain')} {vote.counts.abstain}
      </Tag>
    </Space>
  );
}

/** The outcome once counted: passed or not; an election's seats left to a runoff. */
function Outcome({ vote }: { vote: CouncilVote }) {
  const { t } = useTranslation();
  if (vote.passed === null || (vote.state !== 'closed' && vote.state !== 'published')) return null;
  if (vote.kind === 'election') {
    return vote.runoff.length > 0 ? (
      <Alert
        type="warning"
        showIcon
        title={t('councils.vote.runoffNeeded', { nos: vote.runoff.join('、') })}
        data-testid="cvote-runoff"
      />
    ) : (
      <Alert
        type="success"
        showIcon
        title={t('councils.vote.seatsFilled')}
        data-testid="cvote-outcome"
      />
    );
  }
  return (
    <Alert
      type={vote.passed ? 'success' : 'error'}
      showIcon
      title={vote.passed ? t('councils.vote.passed') : t('councils.vote.failed')}
      data-testid="cvote-outcome"
      data-passed={String(vote.passed)}
    />
  );
}

/** One election or motion: where it stands, the live or final counts, and its next step. */
function CouncilVoteCard({
  vote,
  onStep,
  onChain,
}: {
  vote: CouncilVote;
  onStep: (step: CouncilVoteStep) => void;
  onChain: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const run = vote.canRun;
  const step = (s: CouncilVoteStep, danger = false, primary = false) => (
    <Button
      key={s}
      size="small"
      danger={danger}
      type={primary ? 'primary' : 'default'}
      onClick={() => onStep(s)}
      data-testid={`cvote-${s}`}
    >
      {t(`councils.vote.step.${s}`)}
    </Button>
  );
  const actions = [
    ...(run && vote.state === 'draft' ? [step('open', false, true), step('cancel', true)] : []),
    ...(run && vote.state === 'open' ? [step('close', false, true), step('cancel', true)] : []),
    ...(run && vote.state === 'closed' ? [step('publish', false, true)] : []),
    ...(vote.state === 'closed' || vote.state === 'published'
      ? [
          <Button key="chain" size="small" onClick={onChain} data-testid="cvote-chain">
            {t('councils.vote.chain')}
          </Button>,
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      className="cc-council-card"
      data-testid="cvote-card"
      data-id={vote.id}
      data-state={vote.state}
      title={
        <Space wrap>
          <Tag color={vote.kind === 'election' ? 'purple' : 'blue'}>
            {label(COUNCIL_VOTE_KIND_LABELS[vote.kind])}
          </Tag>
          <span>{vote.title}</span>
          <VoteStateTag state={vote.state} />
        </Space>
      }
      extra={<Space wrap>{actions}</Space>}
    >
      {vote.body ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{vote.body}</Typography.Paragraph>
      ) : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('councils.vote.closesAt')}>
          {atTime(vote.closesAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('councils.vote.turnout')}>
          <span data-testid="cvote-turnout">
            {vote.electorate === null
              ? t('councils.vote.electorateAtOpen')
              : t('councils.vote.ballotsOf', {
                  ballots: vote.ballots,
                  electorate: vote.electorate,
                })}
          </span>
        </Descriptions.Item>
        {vote.kind === 'election' ? (
          <>
            <Descriptions.Item label={t('councils.vote.seats')}>
              {vote.seats ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('councils.vote.tieRule')}>
              {vote.tieRule ? label(TIE_RULE_LABELS[vote.tieRule]) : t('common.none')}
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('councils.vote.rule')}>
            {vote.rule ? vote.rule.name : t('common.none')}
          </Descriptions.Item>
        )}
        {vote.myBallot ? (
          <Descriptions.Item label={t('councils.vote.myBallot')}>
            <span data-testid="cvote-my-ballot">
              {t('councils.vote.receipt', { seq: vote.myBallot.seq })}
            </span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Outcome vote={vote} />
        {vote.kind === 'election' ? <CandidateTable vote={vote} /> : <MotionCounts vote={vote} />}
      </Space>
    </Card>
  );
}

/** 确认 a vote's step: what it does, said before it is done. */
function StepModal({
  vote,
  step,
  onClose,
  onDone,
}: {
  vote: CouncilVote;
  step: CouncilVoteStep;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const sending = useSend();
  return (
    <SendModal
      title={t(`councils.vote.step.${step}`)}
      okText={t(`councils.vote.step.${step}`)}
      okTestId="cvote-confirm-ok"
      okButtonProps={{ danger: step === 'cancel' }}
      sending={sending}
      onOk={() =>
        void sending.send(async () => {
          await stepCouncilVote(vote.id, step);
          onDone();
        })
      }
      onClose={onClose}
    >
      <Typography.Paragraph>
        {t(`councils.vote.confirm.${step}`, { title: vote.title })}
      </Typography.Paragraph>
    </SendModal>
  );
}

/** The ballot chain of a counted vote: every ballot's hash, and whether the chain holds. */
function ChainModal({ vote, onClose }: { vote: CouncilVote; onClose: () => void }) {
  const { t } = useTranslation();
  const chain = useRequest((signal) => getCouncilVoteChain(vote.id, signal), [vote.id]);
  return (
    <Modal
      open
      title={t('councils.vote.chainTitle', { title: vote.title })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('councils.close')}</Button>}
      width={760}
      destroyOnHidden
    >
      {chain.error ? (
        <LoadError error={chain.error} onRetry={chain.reload} isCompact />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {chain.data ? (
            <ChainCheckAlert check={chain.data.check} testId="cvote-chain-check" />
          ) : null}
          <Table<CouncilVoteChainEntry>
            rowKey="seq"
            size="small"
            loading={chain.isLoading}
            dataSource={chain.data?.entries ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: '#', dataIndex: 'seq', width: 56 },
              {
                title: t('councils.vote.ballot'),
                key: 'ballot',
                render: (_: unknown, e) =>
                  e.approve ? e.approve.join(', ') : e.choice ? t(`councils.vote.${e.choice}`) : '',
              },
              {
                title: t('councils.vote.castAt'),
                key: 'at',
                render: (_: unknown, e) => atTime(e.castAt),
              },
              {
                title: t('councils.fund.hash'),
                key: 'hash',
                render: (_: unknown, e) => (
                  <span className="cc-council-hash" title={e.hash}>
                    {e.hash.slice(0, 16)}…
                  </span>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Modal>
  );
}

/**
 * 选举表决: the council's elections and motions, newest first. Those who run it start one,
 * open it (the electorate freezes), close it and publish the result, each confirmed first;
 * counts refresh while a vote is open.
 */
export function VotesTab({
  council,
  members,
}: {
  council: Council;
  members: readonly CouncilMember[];
}) {
  const { t } = useTranslation();
  const votes = useRequest((signal) => listCouncilVotes(council.id, signal), [council.id]);
  const [isCreating, setCreating] = useState(false);
  const [stepping, setStepping] = useState<{ vote: CouncilVote; step: CouncilVoteStep } | null>(
    null,
  );
  const [chainOf, setChainOf] = useState<CouncilVote | null>(null);
  const [isScheduling, setScheduling] = useState(false);
  const items = votes.data?.items ?? [];
  const anyOpen = items.some((v) => v.state === 'open');
  useInterval(votes.reload, LIVE_EVERY, anyOpen && !votes.isLoading);
  const canRun = council.can.runVotes || council.can.manage;

  return (
    <div data-testid="council-votes">
      <div className="cc-council-head">
        {anyOpen ? (
          <Typography.Text type="secondary">{t('councils.vote.live')}</Typography.Text>
        ) : null}
        <span style={{ flex: 1 }} />
        <RefreshButton onClick={votes.reload} />
        {council.can.manage ? (
          <Button
            icon={<CalendarOutlined />}
            onClick={() => setScheduling(true)}
            data-testid="meeting-create"
          >
            {t('councils.meeting.create')}
          </Button>
        ) : null}
        {canRun ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="vote-create"
          >
            {t('councils.vote.create')}
          </Button>
        ) : null}
      </div>
      {votes.error && !votes.data ? (
        <LoadError error={votes.error} onRetry={votes.reload} />
      ) : items.length === 0 && !votes.isLoading ? (
        <Empty description={t('councils.vote.empty')} />
      ) : (
        items.map((v) => (
          <CouncilVoteCard
            key={v.id}
            vote={v}
            onStep={(step) => setStepping({ vote: v, step })}
            onChain={() => setChainOf(v)}
          />
        ))
      )}
      {isCreating ? (
        <CouncilVoteDrawer
          council={council}
          members={members}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            votes.reload();
          }}
        />
      ) : null}
      {stepping ? (
        <StepModal
          vote={stepping.vote}
          step={stepping.step}
          onClose={() => setStepping(null)}
          onDone={() => {
            setStepping(null);
            votes.reload();
          }}
        />
      ) : null}
      {chainOf ? <ChainModal vote={chainOf} onClose={() => setChainOf(null)} /> : null}
      {isScheduling ? (
        <MeetingModal
          council={council}
          onClose={() => setScheduling(false)}
          onDone={() => setScheduling(false)}
        />
      ) : null}
    </div>
  );
}
