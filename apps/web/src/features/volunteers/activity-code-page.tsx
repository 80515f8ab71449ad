import { CloseOutlined } from '@ant-design/icons';
import { Button, Progress, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { secondsLeft, timeSpan } from './volunteer-rules';
import { getActivity, getActivityCode, getRoster } from './volunteers-api';
import './volunteers.css';

/** Check-ins arrive: the count is read again this often. */
const ROSTER_POLL_MS = 4_000;
/** Never ask for a code more often than this, whatever the clocks say. */
const MIN_CODE_WAIT_MS = 2_000;

/**
 * 签到码 (/volunteers/activities/:id/code): the organiser's screen for a room — the six
 * digits as large as the window allows, a countdown to the next code (fetched when this one
 * expires) and the live count of those checked in.
 */
export function ActivityCodePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const activity = useRequest((signal) => getActivity(id, signal), [id]);
  const code = useRequest((signal) => getActivityCode(id, signal), [id]);
  const roster = useRequest((signal) => getRoster(id, signal), [id]);
  const now = useNow(250);
  useInterval(roster.reload, ROSTER_POLL_MS);

  // the next code when this one expires (and again a little later after a failed fetch)
  const { data, error, reload } = code;
  useEffect(() => {
    const expires = data ? Date.parse(data.expiresAt) - Date.now() : 0;
    const timer = window.setTimeout(reload, Math.max(MIN_CODE_WAIT_MS, expires + 300));
    return () => window.clearTimeout(timer);
  }, [data, error, reload]);

  const close = () => void navigate(`/volunteers/activities/${encodeURIComponent(id)}`);
  const a = activity.data;
  const counts = roster.data?.counts;
  const left = data ? Math.min(data.periodSeconds, secondsLeft(data.expiresAt, now)) : 0;

  return (
    <div className="cc-vol-code-screen" data-testid="activity-code-page">
      <Button
        className="cc-vol-code-close"
        shape="circle"
        icon={<CloseOutlined />}
        onClick={close}
        aria-label={t('volunteers.code.close')}
        data-testid="activity-code-close"
      />
      {a ? (
        <div>
          <h1>{a.title}</h1>
          <div className="cc-vol-code-meta">
            {a.place} · {timeSpan(a.startsAt, a.endsAt)}
          </div>
        </div>
      ) : null}
      {error && !data ? (
        <div style={{ background: '#fff', borderRadius: 8 }}>
          <LoadError error={error} onRetry={reload} isCompact />
        </div>
      ) : data ? (
        <>
          <div className="cc-vol-code-meta">{t('volunteers.code.enter')}</div>
          <div
            className="cc-vol-code-digits"
            data-testid="activity-code"
            data-expires-at={data.expiresAt}
          >
            {data.code}
          </div>
          <Progress
            type="circle"
            size={96}
            percent={(left / Math.max(1, data.periodSeconds)) * 100}
            format={() => <span style={{ color: '#fff' }}>{left}s</span>}
            strokeColor="#52c41a"
            railColor="rgba(255,255,255,0.2)"
            data-testid="activity-code-countdown"
          />
          <div className="cc-vol-code-meta">{t('volunteers.code.next', { seconds: left })}</div>
        </>
      ) : (
        <Spin size="large" />
      )}
      <div
        className="cc-vol-code-meta"
        data-testid="activity-code-checked-in"
        data-count={counts?.checkedIn ?? ''}
      >
        {counts
          ? t('volunteers.code.checkedIn', { count: counts.checkedIn, of: counts.confirmed })
          : t('common.loading')}
      </div>
    </div>
  );
}
