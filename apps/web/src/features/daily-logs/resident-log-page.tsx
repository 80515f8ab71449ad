import { LeftOutlined } from '@ant-design/icons';
import { DAILY_LOG_SUBJECT_TYPE } from '@cc/contracts';
import { Alert, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CommentThread } from '../../components/discussion';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, useRequest } from '../../lib/api';
import { getDailyLog } from './daily-logs-api';
import { LogHead, LogPhotos } from './log-card';
import { LogPraiseButton } from './log-praise-button';
import './daily-logs.css';

/**
 * One log on the phone (/r/logs/:id): the whole text, its photos, 点赞 with the count (its
 * author sees how many praised), and the comments (the shared discussion thread).
 */
export function ResidentLogPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const log = useRequest((signal) => getDailyLog(id, signal), [id]);
  const back = (
    <Link to="/r/logs" className="cc-logs-back" data-testid="daily-log-back">
      <LeftOutlined /> {t('dailyLogs.back')}
    </Link>
  );
  if (log.error instanceof ApiError && log.error.status === 404)
    return (
      <div className="cc-logs-page">
        {back}
        <Result status="404" subTitle={t('dailyLogs.notFound')} />
      </div>
    );
  if (log.error && !log.data) return <LoadError error={log.error} onRetry={log.reload} />;
  if (!log.data) return <PageSpin />;
  const l = log.data;
  return (
    <div className="cc-logs-page" data-testid="daily-log-page">
      {back}
      <article className="cc-log-card" data-testid="daily-log-item" data-log-id={l.id}>
        <LogHead log={l} />
        {l.hidden && <Alert type="warning" showIcon message={t('dailyLogs.hiddenHelp')} />}
        <Typography.Paragraph
          className="cc-log-body"
          style={{ margin: 0 }}
          data-testid="daily-log-text"
        >
          {l.body}
        </Typography.Paragraph>
        <LogPhotos log={l} size={104} />
        <div className="cc-log-foot">
          <LogPraiseButton log={l} />
        </div>
      </article>
      <CommentThread subjectType={DAILY_LOG_SUBJECT_TYPE} subjectId={l.id} />
    </div>
  );
}
