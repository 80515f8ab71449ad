import { CloudOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function AppLogo({
  isCompact = false,
  onClick,
}: {
  isCompact?: boolean;
  onClick?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="cc-logo"
      onClick={onClick}
      role={onClick ? 'link' : undefined}
      data-testid="app-logo"
    >
      <CloudOutlined style={{ fontSize: 22 }} />
      <span className="cc-logo-name">{t('app.name')}</span>
      {isCompact ? null : <span className="cc-logo-sub">{t('app.subtitle')}</span>}
    </div>
  );
}
