import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiTime } from '../../lib/shanghai-time';
import type { TopicStreamStatus } from './use-topic-stream';

/** 实时: the fed figures' stream, and when they last moved. */
export function TopicLiveBadge({
  status,
  lastAt,
}: {
  status: TopicStreamStatus;
  lastAt: number | undefined;
}) {
  const { t } = useTranslation();
  const text =
    status === 'open'
      ? lastAt === undefined
        ? t('topicsLive.stream.open')
        : t('topicsLive.stream.last', { time: shanghaiTime(lastAt) })
      : t(`topicsLive.stream.${status}`);
  const badge =
    status === 'open' ? 'processing' : status === 'retrying' ? 'warning' : ('default' as const);
  return (
    <span className="cc-live" data-testid="topic-live" data-status={status}>
      <Badge status={badge} color={status === 'open' ? '#52c41a' : undefined} text={text} />
    </span>
  );
}
