import { DownloadOutlined } from '@ant-design/icons';
import {
  type Dashboard,
  type DashboardCaseEvent,
  type IndicatorGroup,
  type IndicatorValue,
} from '@cc/contracts';
import {
  App as AntApp,
  Badge,
  Button,
  DatePicker,
  Dropdown,
  Empty,
  Segmented,
  Select,
  Skeleton,
  Space,
  Tooltip,
} from 'antd';
import type { EChartsOption } from 'echarts';
import {
  lazy,
  Suspense,
  useState,
  type ComponentProps,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { ApiError } from '../../lib/api';
import { downloadCsv, type CsvCell } from '../../lib/csv';
import { downloadUrl, safeFileName } from '../../lib/download';
import { judgedBound, thresholdBounds } from '../../lib/chart-base';
import { inLanguage } from '../../lib/format';
import { shanghaiTime } from '../../lib/shanghai-time';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import type { ChartHandle } from './chart-handle';
import {
  isDayDisabled,
  matchPreset,
  pickedRange,
  pickerValue,
  presetRange,
  RANGE_PRESETS,
} from './dashboard-range';
import type { DashboardRange } from './dashboards-api';
import type { StreamStatus } from './use-dashboard-stream';

// ECharts (about a megabyte) loads with the first chart or map, never with the page itself.
const DashboardChart = lazy(() => import('./dashboard-chart'));
const DashboardMap = lazy(() => import('./dashboard-map'));
/** What stands in for a chart or the map while ECharts loads. */
const chartSkeleton = <Skeleton.Node active className="cc-dash-chart-skeleton" />;

/**
 * The indicators by their first-level group, in the order of the groups; indicators of a group
 * the dashboard does not list come last, under `otherName`. With `source`, only ours
 * (`platform`) or only the departments' (`department`), each under its own groups.
 */
export function groupIndicators(
  dashboard: Pick<Dashboard, 'groups' | 'indicators'>,
  language: string,
  otherName: string,
  source?: IndicatorValue['source'],
) {
  const indicators = source
    ? dashboard.indicators.filter((i) => i.source === source)
    : dashboard.indicators;
  const known = new Set(dashboard.groups.map((g) => g.id));
  const groups: IndicatorGroup[] = [...dashboard.groups];
  if (indicators.some((i) => !known.has(i.group))) {
    groups.push({ id: '', name: otherName, nameEn: otherName });
  }
  return groups
    .map((group) => ({
      id: group.id,
      name: inLanguage(group.name, group.nameEn, language),
      indicators: indicators.filter((i) => (group.id ? i.group === group.id : !known.has(i.group))),
    }))
    .filter((group) => group.indicators.length > 0);
}

/** A number as a person reads it: at most two decimals, thousands grouped. */
export function formatNumber(value: number, language: string): string {
  return value.toLocaleString(language.startsWith('en') ? 'en-GB' : 'zh-CN', {
    maximumFractionDigits: 2,
  });
}

interface ExportMenuProps {
  /** Without extension. */
  fileName: string;
  csv: () => CsvCell[][] | undefined;
  png?: () => string | undefined;
  testId: string;
}

/** 导出: the panel's data as CSV (built here, in the browser) and its chart as PNG. */
export function ExportMenu({ fileName, csv, png, testId }: ExportMenuProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const onClick = ({ key }: { key: string }) => {
    if (key === 'csv') {
      const rows = csv();
      if (!rows) void message.warning(t('dashboards.export.notReady'));
      else downloadCsv(fileName, rows);
      return;
    }
    const url = png?.();
    if (!url) void message.warning(t('dashboards.export.notReady'));
    else downloadUrl(url, `${safeFileName(fileName)}.png`);
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        onClick,
        items: [
          {
            key: 'csv',
            label: <span data-testid={`${testId}-csv`}>{t('dashboards.export.csv')}</span>,
          },
          ...(png
            ? [
                {
                  key: 'png',
                  label: <span data-testid={`${testId}-png`}>{t('dashboards.export.png')}</span>,
                },
              ]
            : []),
        ],
      }}
    >
      <Button
        size="small"
        type="text"
        icon={<DownloadOutlined />}
        aria-label={t('dashboards.export.button')}
        title={t('dashboards.export.button')}
        data-testid={testId}
      />
    </Dropdown>
  );
}

/**
 * One indicator: value and unit, target, and its state as green / amber / red (none: neutral).
 * A department's indicator names its department where ours name the target, and says 暂无数据接入
 * (never a number) while its department has sent nothing. With `onOpen` the tile is a button.
 */
export function IndicatorTile({
  indicator,
  onOpen,
}: {
  indicator: IndicatorValue;
  onOpen?: (indicator: IndicatorValue) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const unit = inLanguage(indicator.unit, indicator.unitEn, language);
  const state = indicator.state ?? 'neutral';
  const hasValue = indicator.value !== null && !indicator.noFeed;
  const { thresholds, direction } = indicator;
  const isFed = indicator.source === 'department';
  const department = indicator.department
    ? inLanguage(indicator.department.name, indicator.department.nameEn, language)
    : '';
  const targetText =
    indicator.target === null
      ? t('dashboards.noTarget')
      : t('dashboards.target', { value: judgedBound(direction, indicator.target, unit) });
  const tip = (
    <div>
      <div>{inLanguage(indicator.definition, indicator.definitionEn, language)}</div>
      {thresholds ? (
        <div style={{ marginTop: 4 }}>
          {t('dashboards.thresholds', thresholdBounds(direction, thresholds, unit))}
        </div>
      ) : null}
      {isFed ? (
        <div style={{ marginTop: 4 }}>
          {indicator.noFeed
            ? t('deptIndicators.noFeedTip', { department })
            : t('deptIndicators.department', { department })}
          {indicator.target === null ? null : ` · ${targetText}`}
        </div>
      ) : null}
    </div>
  );
  const open = onOpen ? () => onOpen(indicator) : undefined;
  const onKeyDown = (event: KeyboardEvent) => {
    if (open && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      open();
    }
  };
  return (
    <Tooltip title={tip}>
      <div
        className={[
          'cc-indicator',
          `cc-indicator-${state}`,
          indicator.noFeed ? 'cc-indicator-no-feed' : '',
          open ? 'cc-indicator-action' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        data-testid={`indicator-${indicator.id}`}
        data-state={state}
        data-source={indicator.source}
        data-no-feed={indicator.noFeed ? 'true' : undefined}
        role={open ? 'button' : undefined}
        onClick={open}
        onKeyDown={open ? onKeyDown : undefined}
        tabIndex={0}
      >
        <div className="cc-indicator-name">
          {inLanguage(indicator.name, indicator.nameEn, language)}
        </div>
        <div className="cc-indicator-value">
          {indicator.noFeed ? (
            <span
              className="cc-indicator-no-feed-text"
              data-testid={`indicator-${indicator.id}-value`}
            >
              {t('deptIndicators.noFeed')}
            </span>
          ) : (
            <span data-testid={`indicator-${indicator.id}-value`}>{indicator.display || '—'}</span>
          )}
          {hasValue ? <span className="cc-indicator-unit">{unit}</span> : null}
        </div>
        <div className="cc-indicator-target">
          {isFed ? (
            <span
              className="cc-indicator-target-text"
              title={department}
              data-testid={`indicator-${indicator.id}-department`}
            >
              {department}
            </span>
          ) : (
            <span className="cc-indicator-target-text">{targetText}</span>
          )}
          {state === 'neutral' ? null : (
            <span className="cc-indicator-state">{t(`dashboards.state.${state}`)}</span>
          )}
        </div>
      </div>
    </Tooltip>
  );
}

/** 实时: the stream's state and the time of the last case event. */
export function LiveBadge({
  status,
  lastEvent,
}: {
  status: StreamStatus;
  lastEvent: DashboardCaseEvent | undefined;
}) {
  const { t } = useTranslation();
  const at = lastEvent ? Date.parse(lastEvent.at) : NaN;
  const text = (() => {
    switch (status) {
      case 'off':
        return t('dashboards.live.off');
      case 'connecting':
        return t('dashboards.live.connecting');
      case 'retrying':
        return t('dashboards.live.retrying');
      case 'open':
        return Number.isNaN(at)
          ? t('dashboards.live.waiting')
          : t('dashboards.live.last', { time: shanghaiTime(at) });
    }
  })();
  const badge =
    status === 'open' ? 'processing' : status === 'retrying' ? 'warning' : ('default' as const);
  return (
    <span className="cc-live" data-testid="dashboard-live" data-status={status}>
      <Badge status={badge} color={status === 'open' ? '#52c41a' : undefined} text={text} />
    </span>
  );
}

/** 今天 / 近7天 / 近30天 / 本月, and any days up to two years. */
export function RangeBar({
  range,
  onChange,
  hasPicker = true,
}: {
  range: DashboardRange;
  onChange: (range: DashboardRange) => void;
  /** The big screen's header has room for the presets only. */
  hasPicker?: boolean;
}) {
  const { t } = useTranslation();
  // the day the range is matched against; a click still reads the clock itself
  const now = useNow();
  const preset = matchPreset(range, now);
  return (
    <Space wrap size={8} data-testid="dashboard-range">
      <Segmented<string>
        value={preset ?? ''}
        onChange={(value) => {
          const next = RANGE_PRESETS.find((p) => p === value);
          if (next) onChange(presetRange(next, Date.now()));
        }}
        options={RANGE_PRESETS.map((p) => ({
          value: p,
          label: <span data-testid={`range-${p}`}>{t(`dashboards.range.${p}`)}</span>,
        }))}
      />
      {hasPicker ? (
        <DatePicker.RangePicker
          value={pickerValue(range, now)}
          allowClear={false}
          disabledDate={(day, info) => isDayDisabled(day, info.from, Date.now())}
          onChange={(value) => {
            const [first, last] = value ?? [];
            if (first && last) onChange(pickedRange(first, last, Date.now()));
          }}
          style={{ width: 250 }}
          data-testid="range-picker"
        />
      ) : null}
    </Space>
  );
}

/** The indicators to compare and shade the map by, grouped like the cards, searchable. */
export function IndicatorSelect({
  dashboard,
  value,
  onChange,
  width = 240,
  size,
}: {
  dashboard: Dashboard;
  value: string | undefined;
  onChange: (id: string) => void;
  width?: number | string;
  size?: 'small' | 'middle';
}) {
  const { t, i18n } = useTranslation();
  const options = groupIndicators(dashboard, i18n.language, t('dashboards.otherGroup')).map(
    (group) => ({
      label: group.name,
      title: group.name,
      options: group.indicators.map((indicator) => ({
        value: indicator.id,
        label: inLanguage(indicator.name, indicator.nameEn, i18n.language),
        search: `${indicator.name} ${indicator.nameEn} ${indicator.id}`.toLowerCase(),
      })),
    }),
  );
  return (
    <Select
      value={value}
      onChange={onChange}
      options={options}
      size={size}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('dashboards.compare.pick')}
      style={{ width }}
      popupMatchSelectWidth={false}
      aria-label={t('dashboards.compare.indicator')}
      data-testid="indicator-select"
    />
  );
}

/**
 * 总量 / 每万人: compare the indicator's value, or it per 10,000 residents; shown only for an
 * indicator where per head is fair (`perResidents`).
 */
export function PerTenThousandToggle({
  value,
  onChange,
  size,
}: {
  value: boolean;
  onChange: (on: boolean) => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  return (
    <Segmented<'total' | 'perTenThousand'>
      size={size}
      value={value ? 'perTenThousand' : 'total'}
      onChange={(next) => onChange(next === 'perTenThousand')}
      options={[
        {
          value: 'total',
          label: <span data-testid="per-ten-thousand-off">{t('dashboards.compare.total')}</span>,
        },
        {
          value: 'perTenThousand',
          label: (
            <span data-testid="per-ten-thousand-on">{t('dashboards.compare.perTenThousand')}</span>
          ),
        },
      ]}
      aria-label={t('dashboards.compare.measure')}
      data-testid="per-ten-thousand-toggle"
      data-value={value ? 'on' : 'off'}
    />
  );
}

/** A note where a chart or a list has nothing to show. */
export function EmptyNote({ description, testId }: { description: ReactNode; testId?: string }) {
  return (
    <div className="cc-dash-empty" data-testid={testId}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />
    </div>
  );
}

/** A chart that loads ECharts on demand, or a note when there is nothing to draw. */
export function ChartBox({
  option,
  isEmpty,
  isDark,
  onReady,
  onItemClick,
  testId,
  emptyText,
}: {
  option: EChartsOption | undefined;
  isEmpty: boolean;
  isDark: boolean;
  onReady?: (chart: ChartHandle | undefined) => void;
  onItemClick?: (data: unknown, dataIndex: number) => void;
  testId: string;
  emptyText?: ReactNode;
}) {
  const { t } = useTranslation();
  if (isEmpty || !option) {
    return (
      <EmptyNote description={emptyText ?? t('dashboards.noData')} testId={`${testId}-empty`} />
    );
  }
  return (
    <Suspense fallback={chartSkeleton}>
      <DashboardChart
        key={isDark ? 'dark' : 'light'}
        option={option}
        isDark={isDark}
        onReady={onReady}
        onItemClick={onItemClick}
        testId={testId}
      />
    </Suspense>
  );
}

/** The map, which loads ECharts on demand like the charts; light or dark, it is drawn anew. */
export function MapBox(props: ComponentProps<typeof DashboardMap>) {
  return (
    <Suspense fallback={chartSkeleton}>
      <DashboardMap key={props.isDark ? 'dark' : 'light'} {...props} />
    </Suspense>
  );
}

/**
 * The index of the panel shown now, moving on every `ms` unless paused; `select` jumps to one.
 * The big screen rotates its panels with it.
 */
export function useRotation(count: number, ms: number, isPaused = false) {
  const [index, setIndex] = useState(0);
  useInterval(() => setIndex((i) => (i + 1) % Math.max(1, count)), ms, count > 1 && !isPaused);
  return { index: count > 0 ? index % count : 0, select: setIndex };
}

/**
 * The dashboard failed to load. Out of scope or unknown (403, 404): no retry, but the way back
 * to the reader's own dashboard, in the same mode.
 */
export function DashboardLoadError({
  error,
  onRetry,
  home = '/dashboards',
  homeText,
}: {
  error: unknown;
  onRetry: () => void;
  /** Where the reader's own board is: the dashboards, or a topic's boards. */
  home?: string;
  homeText?: string;
}) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const isElsewhere = error instanceof ApiError && (error.status === 403 || error.status === 404);
  const mode = params.get('mode');
  return (
    <div data-testid="dashboard-error">
      <LoadError error={error} onRetry={isElsewhere ? undefined : onRetry} />
      {isElsewhere ? (
        <div style={{ textAlign: 'center' }}>
          <Link to={mode ? `${home}?mode=${encodeURIComponent(mode)}` : home}>
            <Button type="primary">{homeText ?? t('dashboards.toMine')}</Button>
          </Link>
        </div>
      ) : null}
    </div>
  );
}
