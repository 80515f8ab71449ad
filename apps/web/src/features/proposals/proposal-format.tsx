import type {
  AttachmentRef,
  ProposalAnswer,
  ProposalEvent,
  ProposalLinks,
  ProposalState,
  ProposalUpdate,
} from '@cc/contracts';
import { Empty, Image, Progress, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PlainText } from '../../components/plain-text';
import { formatDateTime } from '../../lib/format';

const STATE_COLOURS: Record<ProposalState, string> = {
  open: 'blue',
  awaiting_answer: 'orange',
  accepted: 'green',
  meeting: 'purple',
  case: 'cyan',
  declined: 'default',
  done: 'success',
  withdrawn: 'default',
};

/** A proposal's state as a coloured chip. */
export function StateTag({ state }: { state: ProposalState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="proposal-state" data-state={state}>
      {t(`proposals.state.${state}`)}
    </Tag>
  );
}

/** Supporters against the threshold, e.g. 3/5, as a bar. */
export function SupportBar({
  count,
  threshold,
  size = 'default',
}: {
  count: number;
  threshold: number;
  size?: 'small' | 'default';
}) {
  const { t } = useTranslation();
  const percent = threshold > 0 ? Math.min(100, Math.round((count / threshold) * 100)) : 100;
  return (
    <div data-testid="proposal-supports" data-count={count} data-threshold={threshold}>
      <Progress
        percent={percent}
        size={size}
        status={count >= threshold ? 'success' : 'active'}
        format={() => t('proposals.supports', { count, threshold })}
      />
    </div>
  );
}

/** Photos (image attachments) as thumbnails that open full size. */
export function PhotoStrip({ photos }: { photos: AttachmentRef[] }) {
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6} data-testid="proposal-photos">
        {photos.map((p) => (
          <Image
            key={p.id}
            src={p.url}
            alt={p.name}
            width={96}
            height={96}
            style={{ objectFit: 'cover', borderRadius: 6 }}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** The committee's public answer, with its link to a meeting or a case. */
export function AnswerBlock({
  answer,
  links,
  caseHref,
}: {
  answer: ProposalAnswer;
  links: ProposalLinks;
  caseHref?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="proposal-answer" data-kind={answer.kind}>
      <Space wrap size={4} style={{ marginBottom: 6 }}>
        <Tag color={answer.kind === 'declined' ? 'default' : 'green'}>
          {t(`proposals.answerKind.${answer.kind}`)}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('proposals.detail.answerBy', {
            name: answer.byName,
            time: formatDateTime(answer.at, i18n.language),
          })}
        </Typography.Text>
      </Space>
      <PlainText text={answer.text} testId="proposal-answer-text" />
      {answer.doneBy && (
        <Typography.Text type="secondary">
          {t('proposals.detail.doneBy', { date: answer.doneBy })}
        </Typography.Text>
      )}
      {links.caseNumber && (
        <div>
          {caseHref ? (
            <a href={caseHref}>{t('proposals.detail.caseLink', { number: links.caseNumber })}</a>
          ) : (
            <Typography.Text>
              {t('proposals.detail.caseLink', { number: links.caseNumber })}
            </Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}

/** Progress updates, newest first. */
export function UpdatesList({ updates }: { updates: ProposalUpdate[] }) {
  const { t, i18n } = useTranslation();
  if (updates.length === 0)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proposals.detail.noUpdates')} />
    );
  const newest = [...updates].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div data-testid="proposal-updates">
      {newest.map((u) => (
        <div key={u.id} data-testid="proposal-update" style={{ marginBottom: 10 }}>
          <Progress percent={u.progress} size="small" status={u.done ? 'success' : 'normal'} />
          <PlainText text={u.text} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.byName} · {formatDateTime(u.at, i18n.language)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** The proposal's public timeline, oldest first. */
export function ProposalTimeline({ events }: { events: ProposalEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      data-testid="proposal-timeline"
      items={events.map((e) => ({
        color: e.action === 'escalate' ? 'red' : e.action === 'warn' ? 'orange' : undefined,
        children: (
          <div>
            <Typography.Text strong>{t(`proposals.event.${e.action}`)}</Typography.Text>
            {e.toState && e.toState !== e.fromState && (
              <Typography.Text type="secondary">
                {' '}
                → {t(`proposals.state.${e.toState}`)}
              </Typography.Text>
            )}
            {e.message && <PlainText text={e.message} />}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.actorName === 'system' || e.actorName === '系统 system'
                  ? t('common.system')
                  : e.actorName}{' '}
                · {formatDateTime(e.at, i18n.language)}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
