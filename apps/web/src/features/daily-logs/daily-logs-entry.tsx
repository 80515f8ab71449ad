import { ReadOutlined, RightOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The resident home's way to 社区日志 (/r/logs): one tappable row. */
export function DailyLogsEntry() {
  const { t } = useTranslation();
  return (
    <Link
      to="/r/logs"
      data-testid="daily-logs-entry"
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        minHeight: 56,
        padding: '8px 12px',
        marginBottom: 12,
        background: '#fff',
        borderRadius: 8,
        color: 'inherit',
      }}
    >
      <ReadOutlined style={{ fontSize: 22, color: '#389e0d' }} />
      <span style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong style={{ display: 'block' }}>
          {t('dailyLogs.entry')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dailyLogs.entryHelp')}
        </Typography.Text>
      </span>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}
