import {
  CloseOutlined,
  FullscreenExitOutlined,
  FullscreenOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import type { Area } from '@cc/contracts';
import {
  Breadcrumb,
  Button,
  Card,
  Space,
  Spin,
  theme,
  Tooltip,
  Typography,
  type ThemeConfig,
} from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageSpin } from '../../components/page-spin';
import { describeError } from '../../lib/api';
import { areaName } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { chartFontSize } from '../../lib/chart-base';
import { DashboardLoadError, RangeBar } from './dashboard-parts';
import { shanghaiDate, shanghaiTime } from '../../lib/shanghai-time';
import type { DashboardRange } from './dashboards-api';
import './dashboards.css';

/**
 * The frame every area board shares — the operation centre's dashboard and the topic boards
 * (专题): the view in the URL, the breadcrumb that climbs the area tree, the desktop head with its
 * tools, the panels, what stands in for a board that has not loaded, and the big screen (大屏)
 * with its dark theme, clock and full-screen switch.
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
 * What a board's view gets from its page besides the board: the range shown, and how to change
 * it or switch between the desktop and the big screen.
 */
export interface BoardView {
  range: DashboardRange;
  onRangeChange: (range: DashboardRange) => void;
  onScreenChange: (isScreen: boolean) => void;
}

/** What a board's head shows, on the desktop and on the big screen. */
export interface BoardHeading {
  /** Test ids: `<testPrefix>-page`, `-breadcrumb`, `-title`, `-range-text` (desktop). */
  testPrefix: string;
  /** Undefined until the board has loaded. */
  place: BoardPlace | undefined;
  /** The link of another area's board, for the breadcrumb. */
  linkTo: (code: string) => string;
  title: ReactNode;
  subtitle?: ReactNode;
}

/**
 * The desktop board's head: breadcrumb, title and range on the left; on the right the range
 * bar, the board's own `tools`, and the switch to the big screen.
 */
export function BoardHead({
  heading,
  view,
  tools,
}: {
  heading: BoardHeading;
  view: BoardView;
  tools: ReactNode;
}) {
  const { t } = useTranslation();
  const { testPrefix, place, linkTo, title, subtitle } = heading;
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
        <RangeBar range={view.range} onChange={view.onRangeChange} />
        {tools}
        <Button
          icon={<FullscreenOutlined />}
          onClick={() => view.onScreenChange(true)}
          data-testid="screen-toggle"
        >
          {t('dashboards.screen.enter')}
        </Button>
      </Space>
    </div>
  );
}

/** The desktop head's refresh: reads the board again. */
export function RefreshButton({
  onClick,
  isLoading,
  testId,
}: {
  onClick: () => void;
  isLoading: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<ReloadOutlined />}
      onClick={onClick}
      loading={isLoading}
      aria-label={t('common.refresh')}
      title={t('common.refresh')}
      data-testid={testId}
    />
  );
}

/** The desktop head's way to another kind of board (the dashboard, the topic boards). */
export function BoardLinkButton({
  to,
  icon,
  testId,
  children,
}: {
  to: string;
  icon: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <Button icon={icon} onClick={() => void navigate(to)} data-testid={testId}>
      {children}
    </Button>
  );
}

/**
 * In place of a board that has not loaded: its load error (with the way back to the reader's
 * own board, `home`), else a spinner; on the desktop under the head, on the big screen centred.
 */
export function BoardWait({
  isScreen,
  error,
  onRetry,
  home,
  homeText,
}: {
  isScreen: boolean;
  error: unknown;
  onRetry: () => void;
  home?: string;
  homeText?: string;
}) {
  const { t } = useTranslation();
  const loadError = error ? (
    <DashboardLoadError error={error} onRetry={onRetry} home={home} homeText={homeText} />
  ) : null;
  if (isScreen) {
    return (
      <div className="cc-screen-wait">
        {loadError ?? <Spin size="large" description={t('common.loading')} />}
      </div>
    );
  }
  return loadError ? <Card>{loadError}</Card> : <PageSpin />;
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
 * it. The header holds the breadcrumb, the title and range, the range presets, the clock, the
 * board's `badge` and the full-screen switch; the board lays out its panels in `children` (a
 * `cc-screen-body` grid). A reload that failed while the board is shown is said at the foot.
 */
export function ScreenFrame({
  heading,
  view,
  badge,
  error,
  children,
}: {
  heading: BoardHeading;
  view: BoardView;
  /** After the clock: the live badge. */
  badge?: ReactNode;
  /** The board's last load error, if any. */
  error: unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isFullscreen = useIsFullscreen();
  const { testPrefix, place, linkTo, title, subtitle } = heading;
  const { onScreenChange } = view;
  const onExit = useCallback(() => onScreenChange(false), [onScreenChange]);

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
      data-state={place ? 'ready' : 'loading'}
      data-area-code={place?.area.code}
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
          <RangeBar range={view.range} onChange={view.onRangeChange} hasPicker={false} />
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
      {place && error ? (
        <div className="cc-screen-stale" role="status">
          {t('dashboards.stale', { reason: describeError(error, t) })}
        </div>
      ) : null}
    </div>
  );
}
