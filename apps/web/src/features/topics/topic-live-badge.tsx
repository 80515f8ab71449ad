import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiTime } from '../../lib/shanghai-time';
import type { TopicStreamStatus } from './use-topic-stream';

/**
 * 实时: the board's live stream, and when it last moved; `texts` names the keys of what it says
 * (`off`, `connecting`, `retrying`, `open`, `last` with {{time}}).
 */
export function TopicLiveBadge({
  status,
  lastAt,
  texts = 'topicsLive.stream',
}: {
  status: TopicStreamStatus;
  lastAt: number | undefined;
  texts?: string;
}) {
  const { t } = useTranslation();
  const text =
    status === 'open'
      ? lastAt === undefined
        ? t(`${texts}.open`)
        : t(`${texts}.last`, { time: shanghaiTime(lastAt) })
      : t(`${texts}.${status}`);
  const badge =
    status === 'open' ? 'processing' : status === 'retrying' ? 'warning' : ('default' as const);
  return (
    <span className="cc-live" data-testid="topic-live" data-status={status}>
      <Badge status={badge} color={status === 'open' ? '#52c41a' : undefined} text={text} />
    </span>
  );
}
