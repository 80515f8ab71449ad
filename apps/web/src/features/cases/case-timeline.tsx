import type { CaseEvent } from '@cc/contracts';
import { Rate, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { formatDuration, STATUS_COLORS } from './case-format';
import { PhotoThumbs } from './photo-thumbs';
import { StatusTag } from './status-tag';
import type { CaseStatus } from '@cc/contracts';
import { CASE_STATUSES } from '@cc/contracts';

const asStatus = (value: string | null): CaseStatus | undefined =>
  CASE_STATUSES.find((s) => s === value);

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/** The part of a step's detail worth a line: where it went, what it merged with, the stars. */
function EventDetail({ event }: { event: CaseEvent }) {
  const { t, i18n } = useTranslation();
  const d = record(event.detail);
  switch (event.action) {
    case 'dispatch':
    case 'reopen': {
      const unit = str(d.unitName);
      if (!unit) return null;
      // how it was found, from the structured detail (older rows' free text is not shown)
      const via =
        d.via === 'point' && str(d.pointName)
          ? t('cases.timeline.viaPoint', {
              name: str(d.pointName),
              distance: typeof d.distanceM === 'number' ? d.distanceM : 0,
            })
          : d.via === 'rule'
            ? t('cases.timeline.viaRule')
            : null;
      return (
        <div>
          {t('cases.timeline.to', { name: unit })}
          {via ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {via}
            </Typography.Text>
          ) : null}
        </div>
      );
    }
    case 'queue':
      return <div>{t('cases.timeline.queued')}</div>;
    case 'merge':
      return str(d.into) ? (
        <div>
          {t('cases.timeline.mergedInto')}{' '}
          <Link to={`/cases/${encodeURIComponent(str(d.into)!)}`}>{str(d.intoNumber)}</Link>
        </div>
      ) : null;
    case 'merge-in':
      return str(d.from) ? (
        <div>
          {t('cases.timeline.mergedFrom')}{' '}
          <Link to={`/cases/${encodeURIComponent(str(d.from)!)}`}>{str(d.fromNumber)}</Link>
        </div>
      ) : null;
    case 'rate':
      return typeof d.rating === 'number' ? (
        <Rate disabled value={d.rating} style={{ fontSize: 14 }} />
      ) : null;
    case 'escalate':
      return (
        <div>
          {t('cases.timeline.escalated', {
            missed: t(`cases.deadline.${d.missed === 'accept' ? 'accept' : 'resolve'}`),
          })}
        </div>
      );
    case 'warn':
      return str(d.resolveDueAt) ? (
        <div>
          {t('cases.timeline.warned', { at: formatDateTime(str(d.resolveDueAt)!, i18n.language) })}
        </div>
      ) : null;
    default:
      return null;
  }
}

/** Every step of the loop: what, who, when, how long after the step before, note, photos. */
export function CaseTimeline({ events }: { events: readonly CaseEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="case-timeline">
      <Timeline
        items={events.map((event) => {
          const to = asStatus(event.toStatus);
          return {
            key: event.id,
            color: to ? STATUS_COLORS[to] : 'gray',
            content: (
              <div data-testid={`timeline-item-${event.action}`} data-event-id={event.id}>
                <Space wrap size={6} align="center">
                  <Typography.Text strong>
                    {t(`cases.action.${event.action}`, { defaultValue: event.action })}
                  </Typography.Text>
                  {to && event.toStatus !== event.fromStatus ? <StatusTag status={to} /> : null}
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(event.at, i18n.language)}
                    {` · ${event.actorName ?? t(event.action === 'dispatch' || event.action === 'queue' ? 'cases.timeline.autoDispatch' : 'cases.timeline.system')}`}
                    {event.sincePreviousSeconds !== null
                      ? ` · ${t('cases.timeline.after', {
                          time: formatDuration(event.sincePreviousSeconds, t),
                        })}`
                      : ''}
                  </Typography.Text>
                </div>
                <EventDetail event={event} />
                {event.note && event.action !== 'report' ? (
                  <div className="cc-timeline-note">{event.note}</div>
                ) : null}
                {event.photoIds.length > 0 ? (
                  <div style={{ marginTop: 6 }}>
                    <PhotoThumbs ids={event.photoIds} size={56} />
                  </div>
                ) : null}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
