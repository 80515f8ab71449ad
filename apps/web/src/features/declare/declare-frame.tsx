import { CloudOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch';
import './declare.css';

/** The frame of the public phone pages: the app's name and what the page is, then its column. */
export function DeclareFrame({
  heading,
  children,
  testId,
}: {
  heading: string;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="cc-declare" data-testid={testId}>
      <header className="cc-declare-head">
        <span className="cc-declare-brand">
          <CloudOutlined /> {t('app.name')} · {heading}
        </span>
        <LanguageSwitch isInverted />
      </header>
      <main className="cc-declare-main">{children}</main>
    </div>
  );
}

export function FrameLoading() {
  return (
    <div className="cc-declare-loading">
      <Spin size="large" />
    </div>
  );
}
