import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/api';

/** A reload failed while older rows are still shown: say so above them. */
export function StaleDataAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('error.loadFailed')}
      description={describeError(error, t)}
      style={{ marginBottom: 12 }}
      data-testid="stale-data-alert"
    />
  );
}
