import { LikeFilled, LikeOutlined } from '@ant-design/icons';
import type { DailyLog, PraiseState } from '@cc/contracts';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { setLogPraise } from './daily-logs-api';

/** 点赞 a log (or take it back), with the count beside it; idempotent on the server. */
export function LogPraiseButton({
  log,
  onChange,
}: {
  log: DailyLog;
  onChange?: (s: PraiseState) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<{ from: string; s: PraiseState } | null>(null);
  const from = `${log.id}:${log.praiseCount}:${log.praisedByMe}`;
  const s =
    state?.from === from ? state.s : { praiseCount: log.praiseCount, praisedByMe: log.praisedByMe };
  const [busy, setBusy] = useState(false);

  async function toggle() {
    setBusy(true);
    try {
      const next = await setLogPraise(log.id, !s.praisedByMe);
      setState({ from, s: next });
      onChange?.(next);
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button
      shape="round"
      icon={s.praisedByMe ? <LikeFilled style={{ color: '#d4380d' }} /> : <LikeOutlined />}
      aria-pressed={s.praisedByMe}
      loading={busy}
      onClick={() => void toggle()}
      data-testid="daily-log-praise"
    >
      {s.praisedByMe ? t('dailyLogs.praised') : t('dailyLogs.praise')}{' '}
      <span data-testid="daily-log-praise-count">{s.praiseCount}</span>
    </Button>
  );
}
