import type { Area } from '@cc/contracts';
import { Select, Typography } from 'antd';
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import type { LngLatPoint, PinMapBoundary } from '../../components/pin-map';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { CITY_CODE } from '../../lib/session';
import { districtOfUscc } from './council-app-format';

// ECharts is large: the map loads only where a place is picked.
const PinMap = lazy(() => import('../../components/pin-map'));

/** The street of an area code (its first 9 digits), when the code is a street or below one. */
const streetOf = (code: string) =>
  /^\d{9}/.test(code) && code.slice(6, 9) !== '000' ? `${code.slice(0, 9)}000` : undefined;

function options(areas: Area[] | undefined, language: string) {
  return (areas ?? []).map((a) => ({ value: a.code, label: areaName(a, language) }));
}

/**
 * Where the shop is: a district (from its credit code until another is chosen), a street, and
 * a click on the street's map (its committees drawn); before a street is chosen the district's
 * map, or the city's. A form control: `value` the point.
 */
export function ShopPlaceField({
  value,
  onChange,
  uscc,
  homeArea,
}: {
  value?: LngLatPoint | null;
  onChange?: (point: LngLatPoint | null) => void;
  /** the credit code typed so far: its district is the first guess */
  uscc?: string;
  /** an area of the signed-in account (a role's, a home's): its street is the first guess */
  homeArea?: string;
}) {
  const { t, i18n } = useTranslation();
  const guessStreet = homeArea ? streetOf(homeArea) : undefined;
  const [district, setDistrict] = useState<string | undefined>(
    guessStreet ? `${guessStreet.slice(0, 6)}000000` : undefined,
  );
  const [street, setStreet] = useState<string | undefined>(guessStreet);
  const districts = useRequest((signal) => areasApi.listChildren(CITY_CODE, signal), []);
  // the credit code's district, once the list of districts says it is one
  const guess = districtOfUscc(uscc);
  const shownDistrict =
    district ?? (districts.data?.items.some((a) => a.code === guess) ? guess : undefined);
  const streets = useRequest(
    (signal) => areasApi.listChildren(shownDistrict!, signal),
    [shownDistrict],
    !!shownDistrict,
  );
  // a street of another district (the credit code changed the guess) no longer counts
  const shownStreet = street && shownDistrict?.startsWith(street.slice(0, 6)) ? street : undefined;
  const mapArea = shownStreet ?? shownDistrict ?? CITY_CODE;
  const outline = useRequest((signal) => areasApi.getBoundaries(mapArea, signal), [mapArea]);
  // a district or street just picked: its map comes into view, ready for the tap
  const isPicked = useRef(false);
  const showMap = useCallback((el: HTMLElement | null) => {
    if (!el || !isPicked.current) return;
    isPicked.current = false;
    el.scrollIntoView({ block: 'center' });
  }, []);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 8 }}
      >
        <Select
          value={shownDistrict}
          onChange={(code: string) => {
            isPicked.current = true;
            setDistrict(code);
            setStreet(undefined);
          }}
          options={options(districts.data?.items, i18n.language)}
          placeholder={t('councilApp.shop.district')}
          loading={districts.isLoading}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="shop-district-select"
        />
        <Select
          value={shownStreet}
          onChange={(code: string) => {
            isPicked.current = true;
            setStreet(code);
          }}
          options={options(
            streets.data?.items.filter((a) => a.parentCode === shownDistrict),
            i18n.language,
          )}
          placeholder={t('councilApp.shop.street')}
          disabled={!shownDistrict}
          loading={streets.isLoading}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="shop-street-select"
        />
      </div>
      {outline.error ? (
        <Typography.Text type="danger">{describeError(outline.error, t)}</Typography.Text>
      ) : !outline.data || outline.isLoading ? (
        <PageSpin />
      ) : (
        <div key={mapArea} ref={showMap}>
          <Suspense fallback={<PageSpin />}>
            <PinMap
              boundary={outline.data as PinMapBoundary}
              value={value ?? null}
              onChange={(point) => onChange?.(point)}
              height={280}
              testId="shop-map"
            />
          </Suspense>
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="shop-place">
        {value
          ? t('councilApp.shop.placePicked', { latitude: value.lat, longitude: value.lng })
          : shownStreet
            ? t('councilApp.shop.placeHelp')
            : t('councilApp.shop.placeStreetFirst')}
      </Typography.Text>
    </div>
  );
}
