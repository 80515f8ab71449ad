import type { Building } from '@cc/contracts';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { listBuildings, listRooms } from './registry-api';

/** The buildings of a committee or compound (nothing is fetched without an area). */
export function useBuildings(area: string | undefined) {
  const { data, error, isLoading, reload } = useRequest(
    async (signal) => (area ? { area, list: await listBuildings(area, signal) } : undefined),
    [area],
    !!area,
  );
  const items = data && data.area === area ? data.list.items : [];
  return { items, error, isLoading, reload };
}

export const buildingLabel = (b: Building) =>
  b.compoundName && !b.name.startsWith(b.compoundName) ? `${b.compoundName} ${b.name}` : b.name;

export function BuildingSelect({
  buildings,
  value,
  onChange,
  isLoading,
  allowClear = true,
  isDisabled = false,
  testId,
  placeholder,
}: {
  buildings: readonly Building[];
  value?: string;
  onChange?: (value: string | undefined) => void;
  isLoading?: boolean;
  allowClear?: boolean;
  isDisabled?: boolean;
  testId?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      disabled={isDisabled}
      loading={isLoading}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      placeholder={placeholder ?? t('registry.field.building')}
      options={buildings.map((b) => ({ value: b.id, label: buildingLabel(b) }))}
      notFoundContent={t('registry.housing.noBuildings')}
      data-testid={testId}
    />
  );
}

/** The rooms of one building, to pick one (a building holds at most a few hundred). */
export function RoomSelect({
  area,
  building,
  value,
  onChange,
  testId,
}: {
  area: string;
  building: string | undefined;
  value?: string;
  onChange?: (value: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { data, isLoading } = useRequest(
    async (signal) =>
      building
        ? { building, list: await listRooms({ area, building, limit: 500 }, signal) }
        : undefined,
    [area, building],
    !!building,
  );
  const rooms = data && data.building === building ? data.list.items : [];
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      disabled={!building}
      loading={isLoading}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      placeholder={building ? t('registry.field.room') : t('registry.field.pickBuildingFirst')}
      options={rooms.map((r) => ({
        value: r.id,
        label: [r.unit, r.number].filter(Boolean).join(' ') || r.label,
      }))}
      notFoundContent={t('registry.housing.noRooms')}
      data-testid={testId}
    />
  );
}
