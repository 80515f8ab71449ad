import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EntryRow } from '../../components/entry-row';

/** A way to 我的共治 (/r/councils) for a page of the residents' app (e.g. 我的). */
export function CouncilEntry() {
  const { t } = useTranslation();
  return (
    <EntryRow
      to="/r/councils"
      testId="council-entry"
      icon={<ApartmentOutlined style={{ fontSize: 22, color: '#1456f0' }} />}
      title={t('councilApp.entry')}
      help={t('councilApp.entryHelp')}
    />
  );
}
