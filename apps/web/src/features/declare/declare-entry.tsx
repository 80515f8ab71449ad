import { FileAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EntryRow } from '../../components/entry-row';

/** The resident home's way to 来访申报 (/r/declare). */
export function DeclareEntry() {
  const { t } = useTranslation();
  return (
    <EntryRow
      to="/r/declare"
      testId="declare-entry"
      icon={<FileAddOutlined style={{ fontSize: 22, color: '#1456f0' }} />}
      title={t('declare.resident.entry')}
      help={t('declare.resident.entryHelp')}
    />
  );
}
