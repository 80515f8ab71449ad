import { LeftOutlined } from '@ant-design/icons';
import type { ProposalDetail, ProposalSupportState } from '@cc/contracts';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CommentThread } from '../../components/discussion';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { getMyHome, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { PlaceView } from './place-picker';
import { AuthorActions, SupportActions } from './proposal-actions';
import {
  AnswerBlock,
  PhotoStrip,
  ProposalTimeline,
  StateTag,
  SupportBar,
  UpdatesList,
} from './proposal-format';
import { getProposal } from './proposals-api';
import { VerifyPrompt } from './verify-prompt';
import './proposals.css';

/** Where the support stands: the bar while it gathers support, and what happens at the threshold. */
function SupportCard({
  d,
  home,
  onCounts,
}: {
  d: ProposalDetail;
  home: Parameters<typeof VerifyPrompt>[0]['home'];
  onCounts: (s: ProposalSupportState) => void;
}) {
  const { t, i18n } = useTranslation();
  const left = Math.max(0, d.threshold - d.supportCount);
  return (
    <Card size="small">
      <SupportBar count={d.supportCount} threshold={d.threshold} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          d.state === 'open' ? t('proposals.detail.thresholdHelp', { left }) : null,
          d.state === 'awaiting_answer' ? t('proposals.detail.thresholdReached') : null,
          d.dueAt && d.state === 'awaiting_answer'
            ? t('proposals.dueAt', { time: formatDateTime(d.dueAt, i18n.language) })
            : null,
          t('proposals.followers', { count: d.followerCount }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      <div style={{ marginTop: 8 }}>
        {d.state === 'open' && !d.canSupport && !d.mySupport && (
          <VerifyPrompt home={home} reason={d.cannotSupportReason} />
        )}
        <SupportActions d={d} onCounts={onCounts} />
      </div>
    </Card>
  );
}

/** The page as loaded, with the counts a tap just brought (until the reload lands). */
function withCounts(d: ProposalDetail, s: ProposalSupportState | null): ProposalDetail {
  if (!s) return d;
  const couldSupport = d.canSupport || d.mySupport;
  return {
    ...d,
    ...s,
    canSupport: couldSupport && !s.mySupport && s.state === 'open',
    canTakeBack: s.mySupport && !d.isMine && s.state === 'open',
  };
}

/** /r/together/proposals/:id: the proposal, its support, the committee's answer and progress, the talk. */
export function ProposalPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const detail = useRequest((signal) => getProposal(id, signal), [id]);
  const home = useRequest((signal) => getMyHome(signal), []);
  const [tapped, setTapped] = useState<{ on: ProposalDetail; s: ProposalSupportState } | null>(
    null,
  );
  if (detail.error && !detail.data)
    return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const d = withCounts(detail.data, tapped?.on === detail.data ? tapped.s : null);
  const reload = () => detail.reload();
  return (
    <div className="cc-proposals-page" data-testid="proposal-page" data-state={d.state}>
      <Button
        type="link"
        icon={<LeftOutlined />}
        onClick={() => void navigate('/r/together')}
        style={{ paddingLeft: 0, alignSelf: 'flex-start' }}
      >
        {t('proposals.detail.back')}
      </Button>
      <div>
        <Space size={4} wrap style={{ marginBottom: 4 }}>
          <StateTag state={d.state} />
          <Tag>{t(`proposals.category.${d.category}`)}</Tag>
          {d.isOverdue && <Tag color="red">{t('proposals.overdue')}</Tag>}
          {d.isEscalated && <Tag color="volcano">{t('proposals.escalated')}</Tag>}
        </Space>
        <Typography.Title level={4} style={{ margin: '4px 0' }} data-testid="proposal-title-text">
          {d.title}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('proposals.detail.by', {
            name: d.authorName,
            time: formatDateTime(d.createdAt, i18n.language),
          })}{' '}
          · {d.committeeName}
        </Typography.Text>
      </div>
      <Card size="small">
        <PlainText text={d.body} testId="proposal-body-text" />
        <PhotoStrip photos={d.photos} />
        {d.place && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('proposals.detail.place')}</Typography.Text>
            <PlaceView committeeCode={d.committeeCode} place={d.place} />
          </div>
        )}
      </Card>
      {d.state !== 'withdrawn' && (
        <SupportCard
          d={d}
          home={home.data?.state ?? 'unknown'}
          onCounts={(next) => {
            // shown at once; the reload that follows brings what else changed
            setTapped({ on: detail.data!, s: next });
            reload();
          }}
        />
      )}
      {d.isMine && <AuthorActions d={d} onChanged={reload} />}
      {d.answer && (
        <Card size="small" title={t('proposals.detail.answer')}>
          <AnswerBlock answer={d.answer} links={d.links} />
        </Card>
      )}
      {(d.answer?.kind === 'accepted' || d.updates.length > 0) && (
        <Card size="small" title={t('proposals.detail.updates')}>
          <UpdatesList updates={d.updates} />
        </Card>
      )}
      <Card size="small" title={t('proposals.detail.timeline')}>
        <ProposalTimeline events={d.timeline} />
      </Card>
      <Card size="small" title={t('proposals.detail.discussion')}>
        <CommentThread subjectType="proposal" subjectId={d.id} />
      </Card>
    </div>
  );
}
