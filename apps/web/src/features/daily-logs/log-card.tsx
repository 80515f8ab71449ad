import { EyeInvisibleOutlined, LikeOutlined, MessageOutlined } from '@ant-design/icons';
import type { DailyLog } from '@cc/contracts';
import { Image, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { excerpt } from './daily-log-rules';

const KIND_COLOURS = { quarantine: 'volcano', volunteer: 'green', work: 'blue' } as const;

/** The kind of a log as a coloured tag. */
export function KindTag({ kind }: { kind: DailyLog['kind'] }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOURS[kind]}>{t(`dailyLogs.kinds.${kind}`)}</Tag>;
}

/** The log's photos, each opening large (a row of thumbnails). */
export function LogPhotos({ log, size }: { log: DailyLog; size: number }) {
  if (log.photos.length === 0) return null;
  return (
    <div className="cc-log-photos" data-testid="daily-log-photos">
      <Image.PreviewGroup>
        {log.photos.map((p) => (
          <Image key={p.id} src={p.url} alt={p.name} width={size} height={size} />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}

/** Who wrote it and when: kind, masked name (whole for staff), badge, time. */
export function LogHead({ log }: { log: DailyLog }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="cc-log-head">
      <KindTag kind={log.kind} />
      <Typography.Text strong>{log.author.name}</Typography.Text>
      <Tag bordered={false}>{t(`dailyLogs.badges.${log.author.badge}`)}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(log.createdAt, i18n.language)}
      </Typography.Text>
      {log.hidden && (
        <Tag icon={<EyeInvisibleOutlined />} color="default" data-testid="daily-log-hidden">
          {t('dailyLogs.hidden')}
        </Tag>
      )}
    </div>
  );
}

/** The praise and comment counts under a log (what its author looks for). */
export function LogCounts({ log, extra }: { log: DailyLog; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="cc-log-foot">
      <span aria-label={t('dailyLogs.praiseCount', { count: log.praiseCount })}>
        <LikeOutlined /> <span data-testid="daily-log-praise-count">{log.praiseCount}</span>
      </span>
      <span aria-label={t('dailyLogs.commentCount', { count: log.commentCount })}>
        <MessageOutlined /> <span data-testid="daily-log-comment-count">{log.commentCount}</span>
      </span>
      {extra}
    </div>
  );
}

/**
 * A log in a list: head, its first lines (or all of it), photos and counts. With `to` the
 * card opens the log (the residents' list); without, the whole text shows (the staff list).
 */
export function LogCard({ log, to }: { log: DailyLog; to?: string }) {
  const text = to ? excerpt(log.body) : log.body;
  const words = (
    <>
      <LogHead log={log} />
      <Typography.Paragraph
        className="cc-log-body"
        style={{ margin: 0 }}
        data-testid="daily-log-text"
      >
        {text}
      </Typography.Paragraph>
    </>
  );
  return (
    <article className="cc-log-card" data-testid="daily-log-item" data-log-id={log.id}>
      {to ? (
        <Link to={to} className="cc-log-card-link" data-testid="daily-log-open">
          {words}
        </Link>
      ) : (
        words
      )}
      {/* outside the link: a photo opens large, not the log */}
      <LogPhotos log={log} size={to ? 72 : 96} />
      <LogCounts log={log} />
    </article>
  );
}
