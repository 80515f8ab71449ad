import {
  AimOutlined,
  ClockCircleOutlined,
  CloudOutlined,
  EnvironmentOutlined,
} from '@ant-design/icons';
import type { PublicMap } from '@cc/contracts';
import { Alert, Button, Empty, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../components/language-switch';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { useRequest } from '../../lib/api';
import { councilsApi } from '../councils';
import { outlineOf } from './block-outline';
import { boxAround } from './council-app-format';
import './council-app.css';

const PinMap = lazy(() => import('../../components/pin-map'));

/** The box as a closed ring, drawn when no block lies in it. */
function boxOutline(bbox: string): PinMapBoundary | null {
  const [minLng, minLat, maxLng, maxLat] = bbox.split(',').map(Number);
  if ([minLng, minLat, maxLng, maxLat].some((n) => n === undefined || !Number.isFinite(n)))
    return null;
  const a = minLng!;
  const b = minLat!;
  const c = maxLng!;
  const d = maxLat!;
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: null,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [a, b],
              [c, b],
              [c, d],
              [a, d],
              [a, b],
            ],
          ],
        },
      },
    ],
  };
}

type Located = { state: 'idle' } | { state: 'busy' } | { state: 'failed' };

/** The rest areas, the approved projects and each guideline's progress, under the map. */
function MapContent({ map, bbox }: { map: PublicMap; bbox: string | null }) {
  const { t } = useTranslation();
  const outline = useMemo(
    () =>
      map.blocks.length > 0
        ? outlineOf(map.blocks.map((b) => b.boundary))
        : bbox
          ? boxOutline(bbox)
          : null,
    [map.blocks, bbox],
  );
  const pins = useMemo(() => map.restAreas.map((r) => ({ lat: r.lat, lng: r.lng })), [map]);
  return (
    <>
      {map.blocks.length > 0 && (
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="rest-map-blocks">
          {map.blocks.map((b) => b.name).join('、')}
        </Typography.Title>
      )}
      {outline && (
        <div className="cc-council-card" style={{ padding: 4 }}>
          <Suspense fallback={<PageSpin />}>
            <PinMap boundary={outline} pins={pins} height={300} testId="rest-map" />
          </Suspense>
        </div>
      )}
      <section className="cc-council-card" data-testid="rest-area-list">
        <Typography.Text strong>
          {t('councilApp.rest.list', { count: map.restAreas.length })}
        </Typography.Text>
        {map.restAreas.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('councilApp.rest.none')} />
        ) : (
          map.restAreas.map((r) => (
            <div
              key={r.id}
              className="cc-council-line"
              data-testid="rest-area-row"
              data-id={r.id}
              data-open={r.openNow ? 'true' : 'false'}
            >
              <EnvironmentOutlined style={{ color: '#cf1322', marginTop: 4 }} />
              <span className="cc-council-row-main">
                <Typography.Text strong>{r.title}</Typography.Text>
                <span className="cc-council-muted">{r.offeredBy}</span>
                <span className="cc-council-muted">
                  <ClockCircleOutlined /> {t('councilApp.rest.hours')}
                  {r.openingHours}
                </span>
              </span>
              {r.openNow ? (
                <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="rest-area-open-now">
                  {t('councilApp.rest.openNow')}
                </Tag>
              ) : (
                <Tag style={{ marginInlineEnd: 0 }}>{t('councilApp.rest.closedNow')}</Tag>
              )}
            </div>
          ))
        )}
      </section>
      {map.progress.length > 0 && (
        <section className="cc-council-card" data-testid="rest-map-progress">
          <Typography.Text strong>{t('councilApp.rest.projects')}</Typography.Text>
          {map.progress.map((p) => (
            <div key={p.guidelineId} className="cc-council-line">
              <span className="cc-council-row-main">
                <Typography.Text>{p.title}</Typography.Text>
                <span className="cc-council-muted">
                  {t('councilApp.guideline.progress', {
                    applications: p.applications,
                    approved: p.approved,
                    done: p.done,
                  })}
                </span>
              </span>
            </div>
          ))}
        </section>
      )}
      {map.projects.length > 0 && (
        <section className="cc-council-card" data-testid="rest-map-projects">
          <Typography.Text strong>{t('councilApp.rest.projectList')}</Typography.Text>
          {map.projects.map((x) => (
            <div key={x.id} className="cc-council-line" data-testid="rest-map-project">
              <span className="cc-council-row-main">
                <Typography.Text>{x.title}</Typography.Text>
                <span className="cc-council-muted">{x.guideline}</span>
              </span>
              <Tag color={x.state === 'done' ? 'blue' : 'green'} style={{ marginInlineEnd: 0 }}>
                {t(`councilApp.rest.projectState.${x.state}`)}
              </Tag>
            </div>
          ))}
        </section>
      )}
    </>
  );
}

/**
 * 爱心休息区 (/rest-areas, no sign-in, phone first): the rest areas shops and units open to
 * street cleaners and couriers — a block's (`?block=`), or near the visitor (`?bbox=`, from
 * the phone's position) — on a map and in a list with opening hours and whether they are open
 * now (Shanghai time); the block's guideline projects and their progress.
 */
export function RestAreasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const block = params.get('block') ?? undefined;
  const bbox = block ? null : params.get('bbox');
  const [located, setLocated] = useState<Located>({ state: 'idle' });
  const map = useRequest(
    (signal) => councilsApi.getPublicMap(block ? { block } : { bbox: bbox! }, signal),
    [block, bbox],
    !!block || !!bbox,
  );

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocated({ state: 'failed' });
      return;
    }
    setLocated({ state: 'busy' });
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocated({ state: 'idle' });
        setParams({ bbox: boxAround(p.coords.latitude, p.coords.longitude) });
      },
      () => setLocated({ state: 'failed' }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="cc-rest" data-testid="rest-map-page">
      <header className="cc-rest-head">
        <span className="cc-rest-brand">
          <CloudOutlined /> {t('app.name')} · {t('councilApp.rest.title')}
        </span>
        <LanguageSwitch />
      </header>
      <main className="cc-rest-main">
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('councilApp.rest.intro')}
        </Typography.Text>
        {!block && (
          <Button
            icon={<AimOutlined />}
            block
            loading={located.state === 'busy'}
            onClick={locate}
            data-testid="rest-map-locate"
          >
            {t('councilApp.rest.nearMe')}
          </Button>
        )}
        {located.state === 'failed' && (
          <Alert type="warning" showIcon title={t('councilApp.rest.noPosition')} />
        )}
        {!block && !bbox ? (
          <div className="cc-council-card">
            <Empty description={t('councilApp.rest.pick')} />
          </div>
        ) : map.error && !map.data ? (
          <LoadError error={map.error} onRetry={map.reload} isCompact />
        ) : !map.data ? (
          <PageSpin />
        ) : (
          <MapContent map={map.data} bbox={bbox} />
        )}
      </main>
    </div>
  );
}
