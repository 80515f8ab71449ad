import { HeartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EntryRow } from '../../components/entry-row';

/** The resident home's way to 志愿服务 (/r/volunteer). */
export function VolunteerEntry() {
  const { t } = useTranslation();
  return (
    <EntryRow
      to="/r/volunteer"
      testId="volunteer-entry"
      icon={<HeartOutlined style={{ fontSize: 22, color: '#cf1322' }} />}
      title={t('volunteerApp.entry')}
      help={t('volunteerApp.entryHelp')}
    />
  );
}
