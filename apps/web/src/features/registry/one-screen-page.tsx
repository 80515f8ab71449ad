import {
  ApartmentOutlined,
  BankOutlined,
  HomeOutlined,
  ReloadOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { OneScreen, Registration } from '@cc/contracts';
import {
  Button,
  Card,
  Empty,
  Result,
  Skeleton,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { EChartsOption } from 'echarts';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { useRequest } from '../../lib/api';
import { escapeHtml, htmlLines } from '../../lib/escape-html';
import { areaName, isEnglish } from '../../lib/format';
import { useMe } from '../../lib/session';
import { getOneScreen } from './registry-api';
import { isCommitteeLevel, registryPath, RegistryHead } from './registry-head';
import { bandRange, chartValue, codeLabel, nationalityName, PeopleFigure } from './registry-labels';
import { registryRoot } from './registry-roles';
import type { ChartClick } from './registry-chart';
import './registry.css';

const RegistryChart = lazy(() => import('./registry-chart'));
// 物业 "1 + 3": complaints about property per 1,000 households of the area
const PropertyComplaintsCard = lazy(() =>
  import('../property').then((m) => ({ default: m.PropertyComplaintsCard })),
);
// 志愿服务: volunteers, active, on duty now, hours per 1,000 residents of the area
const VolunteerFiguresCard = lazy(() =>
  import('../volunteers').then((m) => ({ default: m.VolunteerFiguresCard })),
);

const REGISTRATION_COLOURS: Record<Registration, string> = {
  local: '#1456f0',
  migrant: '#13a8a8',
  overseas: '#fa8c16',
};
const MALE = '#4a90e2';
const FEMALE = '#e86a92';

/** /registry — the one screen of the reader's top area. */
export function RegistryRedirect() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const root = registryRoot(me);
  if (!root) {
    return (
      <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('registry.noArea')} />
    );
  }
  return <Navigate to={`${registryPath(root)}${location.search}`} replace />;
}

type Filters = Record<string, string | number | undefined>;

/** The residents list behind a figure, with its filter in the URL. */
export function residentsLink(code: string, filters: Filters = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${registryPath(code, 'residents')}${qs ? `?${qs}` : ''}`;
}

function ChartBox({
  height,
  isEmpty,
  children,
}: {
  height: number;
  isEmpty: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isEmpty) {
    return (
      <div className="cc-reg-chart-empty" style={{ height }}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noData')} />
      </div>
    );
  }
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>
      {children}
    </Suspense>
  );
}

/** A headline figure; a link to the list behind it when there is one. */
function Figure({
  icon,
  label,
  value,
  to,
  testId,
}: {
  icon: ReactNode;
  label: string;
  value: ReactNode;
  to?: string;
  testId: string;
}) {
  const body = (
    <>
      <span className="cc-reg-figure-icon">{icon}</span>
      <span className="cc-reg-figure-text">
        <span className="cc-reg-figure-label">{label}</span>
        <span className="cc-reg-figure-value">{value}</span>
      </span>
    </>
  );
  return to ? (
    <Link to={to} className="cc-reg-figure cc-reg-link" data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="cc-reg-figure" data-testid={testId}>
      {body}
    </div>
  );
}

function useScreenCharts(screen: OneScreen | undefined) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    if (!screen) return undefined;
    const cursor = screen.people ? 'pointer' : 'default';
    const bands = screen.pyramid.map((b) => b.band);
    const pyramid: EChartsOption = {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [];
          const row = screen.pyramid[list[0]?.dataIndex ?? -1];
          if (!row) return '';
          return htmlLines([
            row.band,
            `${t('registry.sex.male')}: ${row.male.display}`,
            `${t('registry.sex.female')}: ${row.female.display}`,
          ]);
        },
      },
      legend: { data: [t('registry.sex.male'), t('registry.sex.female')], bottom: 0 },
      grid: { left: 8, right: 8, top: 8, bottom: 32, containLabel: true },
      // whole people: no ticks between them, men to the left shown without their minus sign
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: {
          formatter: (value: number) =>
            Number.isInteger(value) ? Math.abs(value).toLocaleString() : '',
        },
      },
      yAxis: { type: 'category', data: bands, axisTick: { show: false } },
      series: [
        {
          name: t('registry.sex.male'),
          type: 'bar',
          stack: 'pyramid',
          cursor,
          itemStyle: { color: MALE },
          data: screen.pyramid.map((b) => -chartValue(b.male)),
        },
        {
          name: t('registry.sex.female'),
          type: 'bar',
          stack: 'pyramid',
          cursor,
          itemStyle: { color: FEMALE },
          data: screen.pyramid.map((b) => chartValue(b.female)),
        },
      ],
    };

    const registration: EChartsOption = {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { name: string; dataIndex: number };
          const row = screen.registration[p.dataIndex];
          return escapeHtml(row ? `${p.name}: ${row.count.display}` : p.name);
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '50%'],
          cursor,
          label: {
            width: 96,
            overflow: 'break',
            formatter: (params: unknown) => {
              const p = params as { name: string; dataIndex: number };
              const row = screen.registration[p.dataIndex];
              return row ? `${p.name}\n${row.count.display}` : p.name;
            },
          },
          // an empty slice has no place for a label: it is named in the legend below only
          data: screen.registration.map((r) => {
            const isZero = chartValue(r.count) === 0;
            return {
              name: codeLabel('registration', r.registration, language),
              value: chartValue(r.count),
              itemStyle: { color: REGISTRATION_COLOURS[r.registration] },
              ...(isZero ? { label: { show: false }, labelLine: { show: false } } : {}),
            };
          }),
        },
      ],
    };

    const occupancy: EChartsOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: screen.housing.occupancy.map((o) => codeLabel('occupancy', o.occupancy, language)),
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          name: t('registry.screen.rooms'),
          cursor: screen.people && isCommitteeLevel(screen.area) ? 'pointer' : 'default',
          label: { show: true, position: 'right' },
          itemStyle: { color: '#52a36b' },
          data: screen.housing.occupancy.map((o) => o.rooms),
        },
      ],
    };

    return {
      pyramid,
      registration,
      occupancy,
      isPyramidEmpty: screen.pyramid.every((b) => b.male.value === 0 && b.female.value === 0),
      isRegistrationEmpty: screen.registration.every((r) => r.count.value === 0),
      isOccupancyEmpty: screen.housing.occupancy.every((o) => o.rooms === 0),
    };
  }, [screen, t, language]);
}

/**
 * /registry/:code — the one screen (社区一屏) of an area: its people, households, housing,
 * care groups and organisations at a glance. When the reader may open lists of people
 * (`people`), every figure about people opens the list behind it.
 */
export function OneScreenPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigate = useNavigate();
  const { data, error, isLoading, reload } = useRequest(
    (signal) => getOneScreen(code, signal),
    [code],
  );
  const screen = data && data.area.code === code ? data : undefined;
  const charts = useScreenCharts(screen);

  if (!screen) {
    return (
      <div className="cc-reg" data-testid="registry-screen" data-state="loading">
        <RegistryHead area={undefined} chain={[]} section="screen" people={false} />
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Skeleton active paragraph={{ rows: 8 }} />
        )}
      </div>
    );
  }

  const people = screen.people;
  const committeeLevel = isCommitteeLevel(screen.area);
  const link = (filters: Filters) => (people ? residentsLink(code, filters) : undefined);
  const go = (filters: Filters) => {
    if (people) void navigate(residentsLink(code, filters));
  };
  const housingLink = (occupancy?: string) =>
    people && committeeLevel
      ? `${registryPath(code, 'housing')}${occupancy ? `?occupancy=${occupancy}` : ''}`
      : undefined;

  // a click anywhere on a band's row: left of the axis the men, right of it the women
  const onPyramidClick = ([x, y]: [number, number]) => {
    const row = screen.pyramid[Math.round(y)];
    const range = row ? bandRange(row.band) : undefined;
    if (!range) return;
    go({ sex: x < 0 ? 'male' : 'female', ageFrom: range.from, ageTo: range.to });
  };
  const onRegistrationClick = ({ dataIndex }: ChartClick) => {
    const row = screen.registration[dataIndex];
    if (row) go({ registration: row.registration });
  };
  const onOccupancyClick = ({ dataIndex }: ChartClick) => {
    const row = screen.housing.occupancy[dataIndex];
    const to = row ? housingLink(row.occupancy) : undefined;
    if (to) void navigate(to);
  };

  const nationalities = [...screen.nationalities].sort(
    (a, b) => chartValue(b.count) - chartValue(a.count),
  );
  const topNationality = Math.max(1, ...nationalities.map((n) => chartValue(n.count)));
  const organisationsTotal = screen.organisations.reduce((sum, o) => sum + o.count, 0);

  const childColumns: TableColumnsType<OneScreen['children'][number]> = [
    {
      title: t('registry.screen.childArea'),
      key: 'name',
      render: (_, row) => (
        <Link
          to={registryPath(row.area.code)}
          onClick={(event) => event.stopPropagation()}
          data-testid={`registry-child-${row.area.code}`}
        >
          {areaName(row.area, language)}
        </Link>
      ),
    },
    {
      title: t('registry.screen.level'),
      key: 'level',
      width: 110,
      render: (_, row) => t(`level.${row.area.level}`),
    },
    {
      title: t('registry.screen.residents'),
      key: 'residents',
      width: 110,
      align: 'right',
      render: (_, row) => <PeopleFigure count={row.residents} />,
    },
  ];

  return (
    <div
      className="cc-reg"
      data-testid="registry-screen"
      data-state="ready"
      data-area-code={screen.area.code}
      data-people={people ? 'true' : 'false'}
    >
      <RegistryHead
        area={screen.area}
        chain={screen.chain}
        section="screen"
        people={people}
        tools={
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              loading={isLoading}
              onClick={reload}
              aria-label={t('common.refresh')}
              data-testid="registry-refresh"
            />
          </Tooltip>
        }
      />
      <StaleDataAlert error={error} />
      {!people ? (
        <Typography.Paragraph
          type="secondary"
          className="cc-reg-note"
          data-testid="registry-aggregate-note"
        >
          {t('registry.screen.aggregateOnly')}
        </Typography.Paragraph>
      ) : null}

      <div className="cc-reg-figures">
        <Figure
          icon={<TeamOutlined />}
          label={t('registry.screen.residents')}
          value={<PeopleFigure count={screen.residents} />}
          to={link({})}
          testId="figure-residents"
        />
        <Figure
          icon={<HomeOutlined />}
          label={t('registry.screen.households')}
          value={screen.households.toLocaleString()}
          testId="figure-households"
        />
        <Figure
          icon={<BankOutlined />}
          label={t('registry.screen.buildings')}
          value={screen.housing.buildings.toLocaleString()}
          to={housingLink()}
          testId="figure-buildings"
        />
        <Figure
          icon={<ApartmentOutlined />}
          label={t('registry.screen.rooms')}
          value={screen.housing.rooms.toLocaleString()}
          to={housingLink()}
          testId="figure-rooms"
        />
        <Figure
          icon={<SolutionOutlined />}
          label={t('registry.screen.openCases')}
          value={screen.openCases.toLocaleString()}
          testId="figure-open-cases"
        />
      </div>

      <Card size="small" title={t('registry.screen.care')} className="cc-reg-card">
        {screen.care.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noData')} />
        ) : (
          <div className="cc-reg-care">
            {screen.care.map((group) => {
              const to = link({ tag: group.tag });
              const body = (
                <>
                  <span className="cc-reg-care-name">
                    {isEnglish(language) ? group.nameEn : group.name}
                  </span>
                  <span className="cc-reg-care-value">
                    <PeopleFigure count={group.count} />
                  </span>
                </>
              );
              return to ? (
                <Link
                  key={group.tag}
                  to={to}
                  className="cc-reg-care-card cc-reg-link"
                  data-testid={`care-${group.tag}`}
                >
                  {body}
                </Link>
              ) : (
                <div key={group.tag} className="cc-reg-care-card" data-testid={`care-${group.tag}`}>
                  {body}
                </div>
              );
            })}
          </div>
        )}
      </Card>

      <div className="cc-reg-grid">
        <Card
          size="small"
          title={t('registry.screen.pyramid')}
          extra={
            <Typography.Text type="secondary" className="cc-reg-hint">
              {people ? t('registry.screen.clickHint') : null}
            </Typography.Text>
          }
          className="cc-reg-card cc-reg-wide"
        >
          <ChartBox height={440} isEmpty={!!charts?.isPyramidEmpty}>
            {charts ? (
              <RegistryChart
                option={charts.pyramid}
                height={440}
                onGridClick={people ? onPyramidClick : undefined}
                testId="registry-pyramid"
              />
            ) : null}
          </ChartBox>
        </Card>
        <Card size="small" title={t('registry.screen.registration')} className="cc-reg-card">
          <ChartBox height={260} isEmpty={!!charts?.isRegistrationEmpty}>
            {charts ? (
              <RegistryChart
                option={charts.registration}
                height={260}
                onItemClick={people ? onRegistrationClick : undefined}
                testId="registry-registration"
              />
            ) : null}
          </ChartBox>
          <div className="cc-reg-legend-list" data-testid="registry-registration-list">
            {screen.registration.map((r) => {
              const to = link({ registration: r.registration });
              const label = codeLabel('registration', r.registration, language);
              return (
                <span key={r.registration} className="cc-reg-legend-item">
                  <span
                    className="cc-reg-swatch"
                    style={{ background: REGISTRATION_COLOURS[r.registration] }}
                  />
                  {to ? <Link to={to}>{label}</Link> : label} <PeopleFigure count={r.count} />
                </span>
              );
            })}
          </div>
        </Card>
        <Card size="small" title={t('registry.screen.nationalities')} className="cc-reg-card">
          {nationalities.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noData')} />
          ) : (
            <ol className="cc-reg-bars" data-testid="registry-nationalities">
              {nationalities.slice(0, 10).map((n) => {
                const to = link({ nationality: n.code });
                const name = nationalityName(n.code, language);
                return (
                  <li key={n.code} className="cc-reg-bar-row">
                    <span className="cc-reg-bar-name" title={n.code}>
                      {to ? <Link to={to}>{name}</Link> : name}
                    </span>
                    <span className="cc-reg-bar-track">
                      <span
                        className="cc-reg-bar-fill"
                        style={{ width: `${(chartValue(n.count) / topNationality) * 100}%` }}
                      />
                    </span>
                    <span className="cc-reg-bar-value">
                      <PeopleFigure count={n.count} />
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </Card>
        <Card size="small" title={t('registry.screen.occupancy')} className="cc-reg-card">
          <ChartBox height={220} isEmpty={!!charts?.isOccupancyEmpty}>
            {charts ? (
              <RegistryChart
                option={charts.occupancy}
                height={220}
                onItemClick={housingLink() ? onOccupancyClick : undefined}
                testId="registry-occupancy"
              />
            ) : null}
          </ChartBox>
        </Card>
        <Card
          size="small"
          title={t('registry.screen.organisations')}
          extra={
            committeeLevel ? (
              <Link to={registryPath(code, 'organisations')}>{t('registry.screen.openList')}</Link>
            ) : null
          }
          className="cc-reg-card"
        >
          {organisationsTotal === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noData')} />
          ) : (
            <ul className="cc-reg-kinds" data-testid="registry-organisations">
              {screen.organisations
                .filter((o) => o.count > 0)
                .map((o) => {
                  const label = codeLabel('organisationKind', o.kind, language);
                  return (
                    <li key={o.kind}>
                      {committeeLevel ? (
                        <Link to={`${registryPath(code, 'organisations')}?kind=${o.kind}`}>
                          {label}
                        </Link>
                      ) : (
                        <span>{label}</span>
                      )}
                      <strong>{o.count.toLocaleString()}</strong>
                    </li>
                  );
                })}
            </ul>
          )}
        </Card>
        <Suspense fallback={null}>
          <PropertyComplaintsCard areaCode={code} />
        </Suspense>
        <Suspense fallback={null}>
          <VolunteerFiguresCard areaCode={code} className="cc-reg-card" />
        </Suspense>
      </div>

      {screen.children.length > 0 ? (
        <Card size="small" title={t('registry.screen.children')} className="cc-reg-card">
          <Table
            size="small"
            rowKey={(row) => row.area.code}
            columns={childColumns}
            dataSource={screen.children}
            pagination={screen.children.length > 20 ? { pageSize: 20, size: 'small' } : false}
            onRow={(row) => ({
              onClick: () => void navigate(registryPath(row.area.code)),
              style: { cursor: 'pointer' },
            })}
            data-testid="registry-children"
          />
        </Card>
      ) : null}
    </div>
  );
}
