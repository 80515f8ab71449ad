import { CheckCircleFilled } from '@ant-design/icons';
import {
  COUNCIL_VOTE_KIND_LABELS,
  TIE_RULE_LABELS,
  VOTE_CHOICES,
  type CouncilBallotReceipt,
  type CouncilVote,
  type CouncilVoteChainEntry,
  type VoteChoice,
} from '@cc/contracts';
import { Alert, Button, Checkbox, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { ChainCheckAlert, councilsApi } from '../councils';
import { BackLink } from './back-link';
import { labelText, shortHash, toggleApproval } from './council-app-format';
import { VoteStateTag } from './vote-state-tag';
import './council-app.css';

/** The receipt of the member's ballot: its number in the chain and its hash. */
function Receipt({ receipt }: { receipt: CouncilBallotReceipt }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleFilled />}
      data-testid="ballot-receipt"
      data-seq={receipt.seq}
      title={t('councilApp.ballot.receiptTitle', { seq: receipt.seq })}
      description={
        <div>
          <div>{t('councilApp.ballot.receiptHelp')}</div>
          <div className="cc-council-hash" title={receipt.hash}>
            {t('councilApp.ballot.hash')} {receipt.hash}
          </div>
        </div>
      }
    />
  );
}

/** An election's ballot: approve up to `seats` candidates; the counter never passes it. */
function ElectionBallot({
  vote,
  onCast,
}: {
  vote: CouncilVote;
  onCast: (approve: number[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const seats = vote.seats ?? 1;
  const [chosen, setChosen] = useState<number[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const isFull = chosen.length >= seats;
  const submit = () => {
    setIsBusy(true);
    void onCast(chosen).finally(() => setIsBusy(false));
  };
  return (
    <>
      <div className="cc-council-ballot-bar">
        <Typography.Text strong data-testid="ballot-count" data-count={chosen.length}>
          {t('councilApp.ballot.count', { count: chosen.length, seats })}
        </Typography.Text>
        {isFull && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('councilApp.ballot.full')}
          </Typography.Text>
        )}
      </div>
      <div className="cc-council-card">
        {vote.candidates.map((c) => {
          const isChosen = chosen.includes(c.no);
          return (
            <div key={c.no} className="cc-council-candidate">
              <Checkbox
                checked={isChosen}
                disabled={!isChosen && isFull}
                onChange={() => setChosen((now) => toggleApproval(now, c.no, seats))}
                data-testid="ballot-candidate"
                data-no={c.no}
                style={{ flex: 1, minWidth: 0 }}
              >
                <span className="cc-council-muted" style={{ marginInlineEnd: 6 }}>
                  {c.no}
                </span>
                {c.name}
              </Checkbox>
            </div>
          );
        })}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('councilApp.ballot.final')}
      </Typography.Text>
      <Button
        type="primary"
        size="large"
        block
        disabled={chosen.length === 0}
        loading={isBusy}
        onClick={submit}
        data-testid="ballot-submit"
      >
        {t('councilApp.ballot.submitElection', { count: chosen.length })}
      </Button>
    </>
  );
}

/** A motion's ballot: agree, disagree or abstain, then cast. */
function MotionBallot({ onCast }: { onCast: (choice: VoteChoice) => Promise<void> }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<VoteChoice | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = () => {
    if (!choice) return;
    setIsBusy(true);
    void onCast(choice).finally(() => setIsBusy(false));
  };
  return (
    <>
      <div className="cc-council-choices" role="radiogroup">
        {VOTE_CHOICES.map((c) => (
          <Button
            key={c}
            size="large"
            role="radio"
            aria-checked={choice === c}
            type={choice === c ? 'primary' : 'default'}
            danger={c === 'disagree' && choice === c}
            onClick={() => setChoice(c)}
            data-testid={`ballot-choice-${c}`}
          >
            {t(`councilApp.ballot.choice.${c}`)}
          </Button>
        ))}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('councilApp.ballot.final')}
      </Typography.Text>
      <Button
        type="primary"
        size="large"
        block
        disabled={!choice}
        loading={isBusy}
        onClick={submit}
        data-testid="ballot-submit"
      >
        {choice
          ? t('councilApp.ballot.submitMotion', { choice: t(`councilApp.ballot.choice.${choice}`) })
          : t('councilApp.ballot.pickChoice')}
      </Button>
    </>
  );
}

/** The result: an election's approvals and who is elected; a motion's counts and whether it passed. */
function Result({ vote }: { vote: CouncilVote }) {
  const { t } = useTranslation();
  const isElection = vote.kind === 'election';
  const hasCounts = isElection ? vote.candidates.some((c) => c.approvals !== null) : !!vote.counts;
  if (!hasCounts) return null;
  const isFinal = vote.state === 'published' || vote.state === 'closed';
  return (
    <section className="cc-council-card" data-testid="ballot-result">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}>
        <Typography.Text strong>
          {isFinal ? t('councilApp.ballot.result') : t('councilApp.ballot.live')}
        </Typography.Text>
        {isFinal && vote.passed !== null && (
          <Tag color={vote.passed ? 'green' : 'red'} data-testid="ballot-passed">
            {isElection
              ? vote.passed
                ? t('councilApp.ballot.filled')
                : t('councilApp.ballot.runoff')
              : vote.passed
                ? t('councilApp.ballot.passed')
                : t('councilApp.ballot.failed')}
          </Tag>
        )}
      </div>
      {isElection ? (
        [...vote.candidates]
          .sort((a, b) => (b.approvals ?? 0) - (a.approvals ?? 0) || a.no - b.no)
          .map((c) => (
            <div
              key={c.no}
              className="cc-council-line"
              data-testid="cvote-candidate-row"
              data-no={c.no}
              data-elected={c.elected === null ? '' : String(c.elected)}
            >
              <span className="cc-council-row-main">
                <Typography.Text>
                  <span className="cc-council-muted" style={{ marginInlineEnd: 6 }}>
                    {c.no}
                  </span>
                  {c.name}
                </Typography.Text>
              </span>
              {c.elected && (
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {c.byTieRule
                    ? t('councilApp.ballot.electedByTie')
                    : t('councilApp.ballot.elected')}
                </Tag>
              )}
              {vote.runoff.includes(c.no) && (
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('councilApp.ballot.tied')}
                </Tag>
              )}
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {t('councilApp.ballot.approvals', { count: c.approvals ?? 0 })}
              </Typography.Text>
            </div>
          ))
      ) : (
        <div className="cc-council-figures">
          {VOTE_CHOICES.map((c) => (
            <div key={c} className="cc-council-figure" data-testid={`ballot-count-${c}`}>
              <span className="cc-council-muted">{t(`councilApp.ballot.choice.${c}`)}</span>
              <Typography.Text strong style={{ fontSize: 20 }}>
                {vote.counts?.[c] ?? 0}
              </Typography.Text>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** One ballot of the chain: its number, what it says, its hash; the member's own highlighted. */
function ChainEntry({
  entry,
  mine,
}: {
  entry: CouncilVoteChainEntry;
  mine: CouncilBallotReceipt | null;
}) {
  const { t } = useTranslation();
  const isMine = mine?.seq === entry.seq;
  return (
    <div
      className={isMine ? 'cc-council-line cc-council-line-mine' : 'cc-council-line'}
      data-testid={isMine ? 'ballot-chain-mine' : 'ballot-chain-entry'}
      data-seq={entry.seq}
      {...(isMine ? { 'data-match': String(entry.hash === mine.hash) } : {})}
    >
      <span className="cc-council-muted" style={{ minWidth: 24 }}>
        {entry.seq}
      </span>
      <span className="cc-council-row-main">
        {isMine && (
          <Typography.Text strong>
            {t('councilApp.ballot.chainMine', { seq: entry.seq })} ·{' '}
            {entry.hash === mine.hash ? (
              <Typography.Text type="success">{t('councilApp.ballot.chainMineOk')}</Typography.Text>
            ) : (
              <Typography.Text type="danger">
                {t('councilApp.ballot.chainMineDiffers')}
              </Typography.Text>
            )}
          </Typography.Text>
        )}
        <span>
          {entry.approve
            ? entry.approve.join(', ')
            : entry.choice
              ? t(`councilApp.ballot.choice.${entry.choice}`)
              : ''}
        </span>
        <span className="cc-council-hash" title={entry.hash}>
          {shortHash(entry.hash)}
        </span>
      </span>
    </div>
  );
}

/**
 * The chain head of a counted vote and 核验投票链: the member loads the ballot chain with the
 * server's check of it, and finds their own ballot in it by the receipt's number and hash.
 */
function BallotChain({
  voteId,
  head,
  mine,
}: {
  voteId: string;
  head: string;
  mine: CouncilBallotReceipt | null;
}) {
  const { t } = useTranslation();
  const [isAsked, setAsked] = useState(false);
  const chain = useRequest(
    (signal) => councilsApi.getCouncilVoteChain(voteId, signal),
    [voteId],
    isAsked,
  );
  const found = chain.data && mine ? chain.data.entries.some((e) => e.seq === mine.seq) : true;
  return (
    <>
      <div
        className="cc-council-muted"
        style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}
      >
        <span data-testid="ballot-chain-head" style={{ flex: 1, minWidth: 0 }}>
          {t('councilApp.ballot.chainHead')}
          <span className="cc-council-hash" title={head}>
            {shortHash(head)}
          </span>
        </span>
        <Button
          size="small"
          loading={chain.isLoading}
          onClick={() => (isAsked ? chain.reload() : setAsked(true))}
          data-testid="ballot-chain-check"
        >
          {t('councilApp.ballot.chainCheck')}
        </Button>
      </div>
      {chain.error ? (
        <LoadError error={chain.error} onRetry={chain.reload} isCompact />
      ) : chain.data ? (
        <section className="cc-council-card" style={{ display: 'grid', gap: 8 }}>
          <ChainCheckAlert check={chain.data.check} testId="ballot-chain-result" />
          {chain.data.check.ok && chain.data.check.head !== head && (
            <Alert
              type="error"
              showIcon
              title={t('councilApp.ballot.chainHeadDiffers')}
              data-testid="ballot-chain-head-differs"
            />
          )}
          {!found && mine && (
            <Alert
              type="error"
              showIcon
              title={t('councilApp.ballot.chainMineMissing', { seq: mine.seq })}
              data-testid="ballot-chain-mine-missing"
            />
          )}
          <div>
            {chain.data.entries.map((e) => (
              <ChainEntry key={e.seq} entry={e} mine={mine} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}

/**
 * 投票 (/r/council-votes/:id): an election's candidates as checkboxes (at most `seats`, a live
 * counter), or a motion's agree / disagree / abstain; the receipt once cast (one ballot per
 * member, never replaced); the result once the vote is closed and published, with its ballot
 * chain for the member to check.
 */
export function CouncilBallotPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const vote = useRequest((signal) => councilsApi.getCouncilVote(id, signal), [id]);
  const [receipt, setReceipt] = useState<CouncilBallotReceipt | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const cast = async (body: { approve: number[] } | { choice: VoteChoice }) => {
    setProblem(undefined);
    try {
      setReceipt(await councilsApi.castCouncilBallot(id, body));
    } catch (e) {
      setProblem(describeError(e, t));
    } finally {
      vote.reload();
    }
  };

  if (vote.error && !vote.data)
    return (
      <div className="cc-council-page">
        <BackLink to="/r/councils" label={t('councilApp.mine.back')} />
        <LoadError error={vote.error} onRetry={vote.reload} isCompact />
      </div>
    );
  if (!vote.data) return <PageSpin />;
  const v = vote.data;
  const mine = receipt ?? v.myBallot;
  const canCast = v.state === 'open' && v.canVote && !mine;
  return (
    <div className="cc-council-page" data-testid="ballot-page" data-id={v.id} data-state={v.state}>
      <BackLink to={`/r/councils/${v.councilId}`} label={t('councilApp.home.back')} />
      <div className="cc-council-card">
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
            {v.title}
          </Typography.Title>
          <VoteStateTag state={v.state} />
        </div>
        <div className="cc-council-muted" style={{ marginTop: 4 }}>
          {labelText(COUNCIL_VOTE_KIND_LABELS[v.kind], i18n.language, v.kind)} ·{' '}
          {t('councilApp.vote.closesAt', { at: shanghaiDateTime(v.closesAt) })}
        </div>
        {v.kind === 'election' && (
          <div className="cc-council-muted">
            {t('councilApp.ballot.seats', { seats: v.seats ?? 0, candidates: v.candidates.length })}
            {v.tieRule &&
              ` · ${t('councilApp.ballot.tieRule')}${labelText(TIE_RULE_LABELS[v.tieRule], i18n.language)}`}
          </div>
        )}
        {v.rule && (
          <div className="cc-council-muted">
            {t('councilApp.ballot.rule')}
            {v.rule.name}
          </div>
        )}
        {v.electorate !== null && (
          <div className="cc-council-muted" data-testid="ballot-turnout">
            {t('councilApp.ballot.turnout', { ballots: v.ballots, electorate: v.electorate })}
          </div>
        )}
        {v.body && (
          <div style={{ marginTop: 8 }}>
            <PlainText text={v.body} />
          </div>
        )}
      </div>

      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          closable={{ onClose: () => setProblem(undefined) }}
          data-testid="ballot-problem"
        />
      )}
      {mine && <Receipt receipt={mine} />}
      {v.state === 'open' && !v.canVote && !mine && (
        <Alert type="info" showIcon title={t('councilApp.ballot.cannotVote')} />
      )}
      {v.state === 'draft' && <Alert type="info" showIcon title={t('councilApp.ballot.notOpen')} />}
      {v.state === 'cancelled' && (
        <Alert type="warning" showIcon title={t('councilApp.ballot.cancelled')} />
      )}
      {canCast &&
        (v.kind === 'election' ? (
          <ElectionBallot vote={v} onCast={(approve) => cast({ approve })} />
        ) : (
          <MotionBallot onCast={(choice) => cast({ choice })} />
        ))}
      {!canCast && v.kind === 'election' && v.state !== 'published' && v.state !== 'closed' && (
        <section className="cc-council-card" data-testid="ballot-candidates">
          <Typography.Text strong>{t('councilApp.ballot.candidates')}</Typography.Text>
          {v.candidates.map((c) => (
            <div key={c.no} className="cc-council-line">
              <span className="cc-council-muted">{c.no}</span>
              <span>{c.name}</span>
            </div>
          ))}
        </section>
      )}
      <Result vote={v} />
      {v.chainHead && (v.state === 'closed' || v.state === 'published') && (
        <BallotChain voteId={v.id} head={v.chainHead} mine={mine ?? null} />
      )}
    </div>
  );
}
