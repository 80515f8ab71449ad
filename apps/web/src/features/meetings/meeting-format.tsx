import type { AgendaItem, MeetingDecisionValue, MeetingState, MeetingSummary } from '@cc/contracts';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiDateTime } from '../../lib/shanghai-time';

const STATE_COLOUR: Record<MeetingState, string> = {
  scheduled: 'processing',
  held: 'success',
  cancelled: 'default',
};
const DECISION_COLOUR: Record<MeetingDecisionValue, string> = {
  adopted: 'success',
  rejected: 'error',
  deferred: 'warning',
};

export function MeetingStateTag({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="meeting-state">
      {t(`meetings.state.${state}`)}
    </Tag>
  );
}

export function DecisionTag({ decision }: { decision: MeetingDecisionValue }) {
  const { t } = useTranslation();
  return (
    <Tag color={DECISION_COLOUR[decision]} data-testid="meeting-decision">
      {t(`meetings.decision.${decision}`)}
    </Tag>
  );
}

/** 2026-03-06 14:00–16:00 (the end's date too when it ends on another day). */
export function timeRange(m: Pick<MeetingSummary, 'startsAt' | 'endsAt'>): string {
  const from = shanghaiDateTime(m.startsAt);
  const to = shanghaiDateTime(m.endsAt);
  return `${from}–${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to}`;
}

/** The agenda, with each item's outcome once decided. */
export function AgendaList({ items }: { items: readonly AgendaItem[] }) {
  const { t } = useTranslation();
  return (
    <ol className="cc-meeting-agenda" data-testid="meeting-agenda">
      {items.map((i) => (
        <li key={i.id} data-testid="meeting-agenda-item">
          <Typography.Text strong>{i.title}</Typography.Text>
          {i.sourceType === 'proposal' && (
            <Tag style={{ marginInlineStart: 6 }} color="blue">
              {t('meetings.fromProposal')}
            </Tag>
          )}
          {i.note && (
            <div>
              <Typography.Text type="secondary">{i.note}</Typography.Text>
            </div>
          )}
          {i.decision && (
            <div className="cc-meeting-outcome">
              <DecisionTag decision={i.decision} />
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{i.outcome}</Typography.Text>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
