import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { Area } from '@cc/contracts';
import { Alert, Button, Card, Form, Input, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressSearch } from '../../components/address-search';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { areaName } from '../../lib/format';
import type { ScopeRoot } from '../../lib/session';
import type { LatLng, MapMarker } from './case-map';
import type { GeoStatus } from './use-report-location';

const CaseMap = lazy(() => import('./case-map'));

const MapSkeleton = () => <Skeleton.Node active style={{ width: '100%', height: 220 }} />;

interface Props {
  location: {
    point: LatLng | undefined;
    status: GeoStatus;
    accuracy: number | undefined;
    locate: () => void;
    move: (next: LatLng) => void;
  };
  /** the point's areas (city left out), or why they could not be found */
  chain: readonly Area[];
  chainError: unknown;
  /** the street the map shows */
  mapArea: Area | undefined;
  markers: readonly MapMarker[];
  roots: readonly ScopeRoot[];
  manualArea: string | undefined;
  onManualArea: (code: string | undefined) => void;
  error: string | undefined;
  /**
   * false until the rest of the form can be used: the map (ECharts, its outlines) is then
   * fetched after the form's own code and data, not competing with them on a slow link
   */
  showMap?: boolean;
}

/** What to say while there is no point yet: locating, or why the phone gave none. */
function locationMessage(point: LatLng | undefined, status: GeoStatus, t: (key: string) => string) {
  if (point) return undefined;
  switch (status) {
    case 'locating':
      return { type: 'info' as const, text: t('cases.report.locating') };
    case 'denied':
      return { type: 'warning' as const, text: t('cases.report.locationDenied') };
    case 'unavailable':
      return { type: 'warning' as const, text: t('cases.report.locationUnavailable') };
    case 'located':
    case 'given':
      return undefined;
  }
}

/**
 * 位置: the phone's position or a point placed on the street's map (and moved there), its
 * areas, an area picked by hand when the phone gives no position, and the address.
 */
export function ReportLocationCard({
  location,
  chain,
  chainError,
  mapArea,
  markers,
  roots,
  manualArea,
  onManualArea,
  error,
  showMap = true,
}: Props) {
  const { t, i18n } = useTranslation();
  const { point } = location;
  const notice = locationMessage(point, location.status, t);
  const form = Form.useFormInstance();
  return (
    <Card
      size="small"
      title={
        <span>
          <EnvironmentOutlined /> {t('cases.report.location')}
        </span>
      }
      extra={
        <Button
          size="small"
          icon={<AimOutlined />}
          onClick={location.locate}
          loading={location.status === 'locating'}
          data-testid="report-locate"
        >
          {t('cases.report.locate')}
        </Button>
      }
    >
      {/* 地址搜索: a typed address sets the point, with or without the phone's position */}
      <AddressSearch
        near={point}
        testId="report-address-search"
        style={{ marginBottom: 8 }}
        onChoose={(hit) => {
          location.move({ lat: hit.lat, lng: hit.lng });
          form.setFieldValue('address', hit.label);
        }}
      />
      {notice ? (
        <Alert
          type={notice.type}
          showIcon
          title={notice.text}
          style={{ marginBottom: 8 }}
          data-testid="report-location-message"
        />
      ) : null}
      <div data-testid="report-location" style={{ marginBottom: 8 }}>
        {point ? (
          <>
            <Typography.Text strong data-testid="report-area-name">
              {chainError
                ? describeError(chainError, t)
                : chain.length
                  ? chain.map((a) => areaName(a, i18n.language)).join(' › ')
                  : t('common.loading')}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {point.lat.toFixed(5)}, {point.lng.toFixed(5)}
                {location.accuracy !== undefined
                  ? ` · ${t('cases.report.accuracy', { meters: location.accuracy })}`
                  : ''}
              </Typography.Text>
            </div>
          </>
        ) : (
          <Typography.Text type="secondary">{t('cases.report.tapToPlace')}</Typography.Text>
        )}
      </div>
      {showMap ? (
        <Suspense fallback={<MapSkeleton />}>
          <CaseMap
            areaCode={mapArea?.code}
            markers={markers}
            onPick={location.move}
            height={220}
            testId="report-map"
          />
        </Suspense>
      ) : (
        <MapSkeleton />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('cases.report.mapHint')}
      </Typography.Text>
      {!point && (location.status === 'denied' || location.status === 'unavailable') ? (
        <div style={{ marginTop: 8 }}>
          <Typography.Text>{t('cases.report.orPickArea')}</Typography.Text>
          <AreaTreeSelect
            roots={roots}
            value={manualArea}
            onChange={onManualArea}
            testId="report-area-picker"
          />
        </div>
      ) : null}
      {error ? (
        <div>
          <Typography.Text type="danger" data-testid="report-location-error">
            {error}
          </Typography.Text>
        </div>
      ) : null}
      <Form.Item
        name="address"
        label={t('cases.report.address')}
        style={{ marginTop: 12, marginBottom: 0 }}
      >
        <Input
          maxLength={200}
          placeholder={t('cases.report.addressPlaceholder')}
          data-testid="report-address"
        />
      </Form.Item>
    </Card>
  );
}
