import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { isEnglish } from '../lib/format';
import { SessionProvider } from '../lib/session';
import { router } from './router';

/** Deep government blue on antd's default theme. */
const appTheme = {
  // component styles come from antd/dist/antd.css (imported in main.tsx); tokens stay CSS variables
  zeroRuntime: true,
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: '#1456f0', colorInfo: '#1456f0', borderRadius: 4 },
  components: {
    Layout: { headerBg: '#1456f0', headerHeight: 56, headerPadding: '0 16px', siderBg: '#fff' },
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={isEnglish(i18n.language) ? enUS : zhCN} theme={appTheme}>
      <AntApp>
        <ErrorBoundary>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}
