import { AppstoreOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../../components/error-boundary';
import { PageSpin } from '../../components/page-spin';
import './resident-app.css';

interface Tab {
  to: string;
  icon: ReactNode;
  label: string;
  testId: string;
}

/**
 * Which tab a path belongs to: /r/affairs… → 办事, /r/together… → 议事, /r/me… → 我的,
 * anything else under /r → 首页.
 */
function activeTab(pathname: string): string {
  if (pathname.startsWith('/r/affairs')) return '/r/affairs';
  if (pathname.startsWith('/r/together')) return '/r/together';
  if (pathname.startsWith('/r/me')) return '/r/me';
  return '/r';
}

/**
 * The residents' phone shell: a title bar, the page, and four tabs at the bottom
 * (首页 /r · 办事 /r/affairs · 议事 /r/together · 我的 /r/me). At most 480 px wide, centred on a desktop.
 */
export function ResidentLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const current = activeTab(location.pathname);
  const tabs: Tab[] = [
    { to: '/r', icon: <HomeOutlined />, label: t('residentApp.tabs.home'), testId: 'tab-home' },
    {
      to: '/r/affairs',
      icon: <AppstoreOutlined />,
      label: t('residentApp.tabs.affairs'),
      testId: 'tab-affairs',
    },
    {
      to: '/r/together',
      icon: <TeamOutlined />,
      label: t('residentApp.tabs.together'),
      testId: 'tab-together',
    },
    { to: '/r/me', icon: <UserOutlined />, label: t('residentApp.tabs.me'), testId: 'tab-me' },
  ];
  return (
    <div className="cc-resident">
      <header className="cc-resident-bar">
        <Typography.Text strong style={{ color: '#fff', fontSize: 17 }}>
          {t('app.name')}
        </Typography.Text>
      </header>
      <main className="cc-resident-main">
        <ErrorBoundary>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <nav className="cc-resident-tabs" aria-label={t('residentApp.tabs.label')}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.to === '/r'}
            className={() =>
              tab.to === current ? 'cc-resident-tab cc-resident-tab-active' : 'cc-resident-tab'
            }
            data-testid={tab.testId}
          >
            <span className="cc-resident-tab-icon">{tab.icon}</span>
            <span>{tab.label}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
