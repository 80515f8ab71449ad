import { InputNumber, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { areasApi, useRequest } from '../../lib/api';

// ECharts is large: the map loads only where a place is picked.
const PinMap = lazy(() => import('../../components/pin-map'));

export interface Point {
  lat: number;
  lng: number;
}

/**
 * A place: a click on the area's outline, or its latitude and longitude typed in (the map
 * is left out when the area has no outline). Form.Item passes `value` and `onChange`.
 */
export function PointField({
  areaCode,
  value,
  onChange,
  testId,
}: {
  areaCode: string | undefined;
  value?: Point | null;
  onChange?: (point: Point | null) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const outline = useRequest(
    (signal) => areasApi.getBoundaries(areaCode!, signal),
    [areaCode],
    !!areaCode,
  );
  const boundary = outline.data as PinMapBoundary | undefined;
  const set = (key: keyof Point, n: number | null) => {
    if (n === null) return onChange?.(null);
    onChange?.({ lat: value?.lat ?? 0, lng: value?.lng ?? 0, [key]: n });
  };
  return (
    <div data-testid={testId}>
      {boundary && boundary.features.length > 0 ? (
        <Suspense fallback={<PageSpin />}>
          <PinMap
            boundary={boundary}
            value={value ?? null}
            onChange={(p) => onChange?.({ lat: p.lat, lng: p.lng })}
            height={240}
            testId={`${testId}-map`}
          />
        </Suspense>
      ) : null}
      <Space wrap style={{ marginTop: 4 }}>
        <InputNumber<number>
          value={value?.lat ?? null}
          onChange={(n) => set('lat', n)}
          min={-90}
          max={90}
          step={0.0001}
          precision={6}
          prefix={t('volunteers.field.lat')}
          style={{ width: 180 }}
          data-testid={`${testId}-lat`}
        />
        <InputNumber<number>
          value={value?.lng ?? null}
          onChange={(n) => set('lng', n)}
          min={-180}
          max={180}
          step={0.0001}
          precision={6}
          prefix={t('volunteers.field.lng')}
          style={{ width: 180 }}
          data-testid={`${testId}-lng`}
        />
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('volunteers.field.pointHelp')}
      </Typography.Text>
    </div>
  );
}
