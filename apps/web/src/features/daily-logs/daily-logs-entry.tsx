import { ReadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EntryRow } from '../../components/entry-row';

/** The resident home's way to 社区日志 (/r/logs). */
export function DailyLogsEntry() {
  const { t } = useTranslation();
  return (
    <EntryRow
      to="/r/logs"
      testId="daily-logs-entry"
      icon={<ReadOutlined style={{ fontSize: 22, color: '#389e0d' }} />}
      title={t('dailyLogs.entry')}
      help={t('dailyLogs.entryHelp')}
    />
  );
}
