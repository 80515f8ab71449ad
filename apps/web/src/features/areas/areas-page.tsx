import { AREA_LEVELS, type Area, type AreaDetail } from '@cc/contracts';
import {
  App as AntApp,
  Breadcrumb,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { browseRoot, useMe } from '../../lib/session';
import { AreaTree } from './area-tree';

// ECharts (about a megabyte) only loads when a map is shown.
const AreaMap = lazy(() => import('./area-map'));

interface AreaView {
  code: string;
  detail: AreaDetail;
  children: Area[];
}

async function loadArea(code: string, signal: AbortSignal): Promise<AreaView> {
  const [detail, children] = await Promise.all([
    areasApi.getArea(code, signal),
    areasApi.listChildren(code, signal),
  ]);
  return { code, detail, children: children.items };
}

export function AreasPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const params = useParams();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const rootCode = browseRoot(me);
  const code = params.code ?? rootCode;

  const { data, error, reload } = useRequest((signal) => loadArea(code, signal), [code]);
  const view = data?.code === code ? data : undefined;

  const select = useCallback(
    (next: string) => void navigate(`/areas/${encodeURIComponent(next)}`),
    [navigate],
  );
  const onTreeError = useCallback((text: string) => void message.error(text), [message]);

  const detailCard = (() => {
    if (error) return <LoadError error={error} onRetry={reload} />;
    if (!view) return <Skeleton active paragraph={{ rows: 6 }} />;
    const { area, chain, childCounts } = view.detail;
    const isApproximate = area.approximate || view.children.some((child) => child.approximate);
    const counts = AREA_LEVELS.filter((level) => (childCounts[level] ?? 0) > 0);
    return (
      <>
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="area-breadcrumb"
          items={[...chain, area].map((item, index, all) => ({
            key: item.code,
            title:
              index === all.length - 1 ? (
                areaName(item, i18n.language)
              ) : (
                <Link to={`/areas/${item.code}`}>{areaName(item, i18n.language)}</Link>
              ),
          }))}
        />
        <Space align="center" wrap style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="area-name">
            {areaName(area, i18n.language)}
          </Typography.Title>
          <Tag color="blue">{t(`level.${area.level}`)}</Tag>
          {isApproximate ? (
            <Tag color="orange" data-testid="area-approximate">
              {t('areas.approximate')}
            </Tag>
          ) : null}
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            {
              key: 'code',
              label: t('areas.code'),
              children: <Typography.Text copyable>{area.code}</Typography.Text>,
            },
            { key: 'name', label: t('areas.officialName'), children: area.name },
            ...(area.nameEn
              ? [{ key: 'nameEn', label: t('areas.englishName'), children: area.nameEn }]
              : []),
            { key: 'level', label: t('areas.level'), children: t(`level.${area.level}`) },
            {
              key: 'centre',
              label: t('areas.centre'),
              children: `${area.centre[0].toFixed(4)}, ${area.centre[1].toFixed(4)}`,
            },
            {
              key: 'children',
              label: t('areas.childCounts'),
              span: 'filled',
              children:
                counts.length === 0 ? (
                  t('areas.noChildren')
                ) : (
                  <Space wrap size={4} data-testid="area-child-counts">
                    {counts.map((level) => (
                      <Tag key={level}>
                        {t(`level.${level}`)} {childCounts[level]}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </>
    );
  })();

  const mapCard = (
    <Card
      title={view && view.children.length > 0 ? t('areas.mapOfChildren') : t('areas.mapOfArea')}
      size="small"
      style={{ marginTop: 16 }}
      styles={{ body: { padding: isPhone ? 4 : 12 } }}
    >
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 340 }} />}>
        <AreaMap code={code} onSelect={select} />
      </Suspense>
    </Card>
  );

  if (isPhone) {
    return (
      <div data-testid="areas-page">
        <Card size="small">{detailCard}</Card>
        {mapCard}
        {view ? (
          <Card size="small" title={t('areas.children')} style={{ marginTop: 16 }}>
            {view.children.length === 0 ? (
              <Empty description={t('areas.noChildren')} />
            ) : (
              <nav className="cc-child-list" aria-label={t('areas.children')}>
                {view.children.map((child) => (
                  <Link
                    key={child.code}
                    to={`/areas/${encodeURIComponent(child.code)}`}
                    className="cc-child-item"
                    data-testid={`area-node-${child.code}`}
                  >
                    <span>{areaName(child, i18n.language)}</span>
                    <Typography.Text type="secondary">{t(`level.${child.level}`)}</Typography.Text>
                  </Link>
                ))}
              </nav>
            )}
          </Card>
        ) : null}
      </div>
    );
  }

  return (
    <Row gutter={16} data-testid="areas-page">
      <Col xs={24} md={9} lg={7} xxl={5}>
        <Card
          size="small"
          title={t('areas.tree')}
          styles={{ body: { maxHeight: 'calc(100vh - 160px)', overflow: 'auto', padding: 8 } }}
        >
          <AreaTree
            rootCode={rootCode}
            selectedCode={code}
            chain={view?.detail.chain}
            onSelect={select}
            onError={onTreeError}
          />
        </Card>
      </Col>
      <Col xs={24} md={15} lg={17} xxl={19}>
        <Card size="small">{detailCard}</Card>
        {mapCard}
      </Col>
    </Row>
  );
}
