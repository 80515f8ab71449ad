import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch';
import './resident-app.css';

/** The frame of the public phone pages (/join, /forgot): the app's name and one card. */
export function PhonePageFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="cc-phone-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={3} style={{ margin: '8px 0 16px', color: '#1456f0' }}>
          {t('app.name')}
        </Typography.Title>
        <LanguageSwitch />
      </div>
      <Card title={title}>{children}</Card>
    </div>
  );
}
