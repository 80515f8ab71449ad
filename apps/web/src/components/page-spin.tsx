import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function PageSpin() {
  const { t } = useTranslation();
  return (
    <div
      style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}
    >
      <Spin description={t('common.loading')} />
    </div>
  );
}
