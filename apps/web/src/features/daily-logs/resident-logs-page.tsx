import { EditOutlined, HomeOutlined } from '@ant-design/icons';
import { Button, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { getMyHome, useRequest } from '../../lib/api';
import { useCursorList } from '../../lib/use-cursor-list';
import { getMyAuthorships, listMyDailyLogs } from './daily-logs-api';
import { LogCard } from './log-card';
import './daily-logs.css';

/**
 * 社区日志 on the phone (/r/logs): the logs of the resident's committee (and of those they
 * write for), newest first; 写日志 for an appointed author or staff member.
 */
export function ResidentLogsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useCursorList(
    (cursor, signal) => listMyDailyLogs(cursor, signal),
    [],
    (l) => l.id,
  );
  const authorships = useRequest((signal) => getMyAuthorships(signal), []);
  const home = useRequest((signal) => getMyHome(signal), []);
  const canWrite = (authorships.data?.items.length ?? 0) > 0;

  if (list.error && list.items.length === 0)
    return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageSpin />;
  const unverified = home.data?.state === 'unverified' || home.data?.state === 'pending';
  return (
    <div className="cc-logs-page" data-testid="resident-logs">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 4 }}>
          {t('dailyLogs.title')}
        </Typography.Title>
        {canWrite && (
          <Button
            type="primary"
            icon={<EditOutlined />}
            onClick={() => void navigate('/r/logs/new')}
            data-testid="daily-log-new"
          >
            {t('dailyLogs.write')}
          </Button>
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dailyLogs.residentHelp')}
      </Typography.Text>
      {list.items.length === 0 ? (
        unverified && !canWrite ? (
          <Empty
            image={<HomeOutlined style={{ fontSize: 48, color: '#1677ff' }} />}
            styles={{ image: { height: 56 } }}
            description={t('dailyLogs.residentNotVerified')}
          >
            <Button type="primary" onClick={() => void navigate('/r/verify')}>
              {t('notices.resident.verifyAction')}
            </Button>
          </Empty>
        ) : (
          <Empty description={t('dailyLogs.residentEmpty')} />
        )
      ) : (
        list.items.map((l) => <LogCard key={l.id} log={l} to={`/r/logs/${l.id}`} />)
      )}
      {list.hasMore && (
        <Button block onClick={list.loadMore} loading={list.isLoading}>
          {t('dailyLogs.loadMore')}
        </Button>
      )}
    </div>
  );
}
