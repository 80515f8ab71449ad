import { LeftOutlined } from '@ant-design/icons';
import { App, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { getMyAuthorships } from './daily-logs-api';
import { LogComposer } from './log-composer';
import './daily-logs.css';

/** 写日志 on the phone (/r/logs/new): for appointed authors (and staff), where they may post. */
export function ResidentLogNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const authorships = useRequest((signal) => getMyAuthorships(signal), []);
  if (authorships.error && !authorships.data)
    return <LoadError error={authorships.error} onRetry={authorships.reload} />;
  if (!authorships.data) return <PageSpin />;
  return (
    <div className="cc-logs-page" data-testid="daily-log-new-page">
      <Link to="/r/logs" className="cc-logs-back">
        <LeftOutlined /> {t('dailyLogs.back')}
      </Link>
      <Typography.Title level={4} style={{ margin: 4 }}>
        {t('dailyLogs.newTitle')}
      </Typography.Title>
      <div className="cc-log-card">
        <LogComposer
          targets={authorships.data.items.map((a) => ({ ...a.committee, kinds: a.kinds }))}
          onPosted={(log) => {
            void message.success(t('dailyLogs.posted'));
            void navigate(`/r/logs/${log.id}`, { replace: true });
          }}
        />
      </div>
    </div>
  );
}
