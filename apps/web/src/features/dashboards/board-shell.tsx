import { CloseOutlined, FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import type { Area } from '@cc/contracts';
import {
  Breadcrumb,
  Button,
  Card,
  Space,
  theme,
  Tooltip,
  Typography,
  type ThemeConfig,
} from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { areaName } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { chartFontSize } from './chart-options';
import { shanghaiDate, shanghaiTime } from './dashboard-range';
import type { DashboardRange } from './dashboards-api';
import './dashboards.css';

/**
 * The frame every area board shares — the operation centre's dashboard and the topic boards
 * (专题): the view in the URL, the breadcrumb that climbs the area tree, the desktop head, the
 * panels, and the big screen (大屏) with its dark theme, clock and full-screen switch.
 */

/**
 * The big screen's dark theme, for the board only; its type grows with the screen like the
 * charts' (14 px at 1080 lines).
 */
export function screenTheme(): ThemeConfig {
  const fontSize = chartFontSize(true);
  return {
    algorithm: theme.darkAlgorithm,
    token: {
      colorPrimary: '#3ba0ff',
      colorInfo: '#3ba0ff',
      colorBgContainer: '#0d1f3f',
      colorBgElevated: '#11264a',
      colorBorder: '#24416f',
      borderRadius: 4,
      fontSize,
      controlHeight: Math.round(fontSize * 2.2),
      controlHeightSM: Math.round(fontSize * 1.7),
    },
  };
}

/**
 * A board's view as the URL holds it (`from`, `to`, `mode=screen` and the board's own keys),
 * so that a link reproduces it; `path(code)` is the board of another area.
 */
export function useBoardUrl(path: (code: string) => string) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const isScreen = params.get('mode') === 'screen';
  const from = params.get('from') || undefined;
  const to = params.get('to') || undefined;
  const range = useMemo<DashboardRange>(() => ({ from, to }), [from, to]);

  const update = useCallback(
    (changes: Record<string, string | undefined>, replace = false) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  const search = params.toString();
  const linkTo = useCallback(
    (code: string) => `${path(code)}${search ? `?${search}` : ''}`,
    [path, search],
  );
  const drill = useCallback((code: string) => void navigate(linkTo(code)), [navigate, linkTo]);
  const onRangeChange = useCallback(
    (next: DashboardRange) => update({ from: next.from, to: next.to }),
    [update],
  );
  const onScreenChange = useCallback(
    (on: boolean) => update({ mode: on ? 'screen' : undefined }),
    [update],
  );
  // made when the big screen opens: its size sets the type
  const darkTheme = useMemo(() => (isScreen ? screenTheme() : undefined), [isScreen]);
  return {
    params,
    isScreen,
    range,
    update,
    linkTo,
    drill,
    onRangeChange,
    onScreenChange,
    darkTheme,
  };
}

/** A panel: an antd card on the desktop, a framed box on the big screen. */
export function Panel({
  title,
  extra,
  children,
  isScreen,
  className,
  testId,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  isScreen: boolean;
  className?: string;
  testId: string;
}) {
  if (isScreen) {
    return (
      <section className={`cc-screen-panel ${className ?? ''}`} data-testid={testId}>
        <header className="cc-screen-panel-head">
          <span className="cc-screen-panel-title">{title}</span>
          <span className="cc-screen-panel-extra">{extra}</span>
        </header>
        <div className="cc-screen-panel-body">{children}</div>
      </section>
    );
  }
  return (
    <Card size="small" title={title} extra={extra} className={className} data-testid={testId}>
      {children}
    </Card>
  );
}

/** Where the board stands in the area tree; each area above links to its board. */
export interface BoardPlace {
  chain: readonly Area[];
  area: Area;
}

/** The breadcrumb: the areas above (links, `crumb-<code>`) and this one. */
export function AreaCrumbs({
  place,
  linkTo,
  isScreen,
}: {
  place: BoardPlace;
  linkTo: (code: string) => string;
  isScreen: boolean;
}) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const all = [...place.chain, place.area];
  if (isScreen) {
    return (
      <>
        {all.map((area, index) =>
          index === all.length - 1 ? (
            <span key={area.code} className="cc-screen-crumb-here">
              {areaName(area, language)}
            </span>
          ) : (
            <span key={area.code}>
              <Link to={linkTo(area.code)} data-testid={`crumb-${area.code}`}>
                {areaName(area, language)}
              </Link>
              <span className="cc-screen-crumb-sep">/</span>
            </span>
          ),
        )}
      </>
    );
  }
  return (
    <Breadcrumb
      items={all.map((area, index) => ({
        key: area.code,
        title:
          index === all.length - 1 ? (
            areaName(area, language)
          ) : (
            <Link to={linkTo(area.code)} data-testid={`crumb-${area.code}`}>
              {areaName(area, language)}
            </Link>
          ),
      }))}
    />
  );
}

/**
 * The desktop board's head: breadcrumb, title and range on the left, the tools on the right.
 * Test ids: `<testPrefix>-breadcrumb`, `-title`, `-range-text`.
 */
export function BoardHead({
  place,
  linkTo,
  title,
  subtitle,
  tools,
  testPrefix,
}: {
  place: BoardPlace | undefined;
  linkTo: (code: string) => string;
  title: ReactNode;
  subtitle?: ReactNode;
  tools: ReactNode;
  testPrefix: string;
}) {
  return (
    <div className="cc-dash-head">
      <div className="cc-dash-title">
        {place ? (
          <div data-testid={`${testPrefix}-breadcrumb`}>
            <AreaCrumbs place={place} linkTo={linkTo} isScreen={false} />
          </div>
        ) : null}
        <Space align="center" wrap size={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid={`${testPrefix}-title`}>
            {title}
          </Typography.Title>
          {subtitle ? (
            <Typography.Text type="secondary" data-testid={`${testPrefix}-range-text`}>
              {subtitle}
            </Typography.Text>
          ) : null}
        </Space>
      </div>
      <Space wrap size={8} className="cc-dash-tools">
        {tools}
      </Space>
    </div>
  );
}

/** The date and time in Shanghai, ticking each second (alone, so the panels do not re-render). */
function ScreenClock() {
  const now = useNow(1_000);
  return (
    <div className="cc-screen-clock" data-testid="screen-clock">
      <span>{shanghaiDate(now)}</span>
      <strong>{shanghaiTime(now)}</strong>
    </div>
  );
}

function useIsFullscreen() {
  const [isFullscreen, setIsFullscreen] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const onChange = () => setIsFullscreen(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  return isFullscreen;
}

/**
 * 大屏: the whole viewport (over the app's menu and header), dark, never scrolling; Esc leaves
 * it. The header holds the breadcrumb, the title and range, the board's tools, the clock and the
 * full-screen switch; the board lays out its panels in `children` (a `cc-screen-body` grid).
 */
export function ScreenFrame({
  testPrefix,
  isReady,
  areaCode,
  place,
  linkTo,
  title,
  subtitle,
  tools,
  badge,
  onExit,
  children,
}: {
  /** Test ids: `<testPrefix>-page` (with data-state and data-area-code), `-breadcrumb`, `-title`. */
  testPrefix: string;
  isReady: boolean;
  areaCode: string | undefined;
  place: BoardPlace | undefined;
  linkTo: (code: string) => string;
  title: ReactNode;
  subtitle?: ReactNode;
  /** Before the clock: the range presets. */
  tools?: ReactNode;
  /** After the clock: the live badge. */
  badge?: ReactNode;
  onExit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isFullscreen = useIsFullscreen();

  useEffect(() => {
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.fullscreenElement) return;
      // Esc in an open select or menu closes that, not the big screen
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, .ant-select, .ant-dropdown, .ant-modal')) return;
      onExit();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      document.body.style.overflow = previous;
      window.removeEventListener('keydown', onKey);
    };
  }, [onExit]);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  };
  const fullscreenText = isFullscreen
    ? t('dashboards.screen.exitFullscreen')
    : t('dashboards.screen.fullscreen');

  return (
    <div
      className="cc-screen"
      data-testid={`${testPrefix}-page`}
      data-mode="screen"
      data-state={isReady ? 'ready' : 'loading'}
      data-area-code={areaCode}
    >
      <header className="cc-screen-head">
        <nav className="cc-screen-crumbs" data-testid={`${testPrefix}-breadcrumb`}>
          {place ? <AreaCrumbs place={place} linkTo={linkTo} isScreen /> : null}
        </nav>
        <div className="cc-screen-title">
          <h1 data-testid={`${testPrefix}-title`}>{title}</h1>
          {subtitle ? <div className="cc-screen-range">{subtitle}</div> : null}
        </div>
        <div className="cc-screen-tools">
          {tools}
          <ScreenClock />
          {badge}
          <Tooltip title={fullscreenText}>
            <Button
              type="text"
              icon={isFullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
              onClick={toggleFullscreen}
              aria-label={fullscreenText}
            />
          </Tooltip>
          <Tooltip title={t('dashboards.screen.exit')}>
            <Button
              type="text"
              icon={<CloseOutlined />}
              onClick={onExit}
              aria-label={t('dashboards.screen.exit')}
              data-testid="screen-exit"
            />
          </Tooltip>
        </div>
      </header>
      {children}
    </div>
  );
}
