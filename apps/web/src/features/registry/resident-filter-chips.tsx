import type { Building } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { codeLabel, nationalityName, type RegistryTags } from './registry-labels';
import type { ResidentFilters } from './resident-filters';
import { buildingLabel } from './room-picker';

/** What the list is filtered by, each as a removable chip. */
function useChips(filters: ResidentFilters, tags: RegistryTags, buildings: readonly Building[]) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const buildingName = (id: string) => {
    const b = buildings.find((x) => x.id === id);
    return b ? buildingLabel(b) : t('registry.filter.oneBuilding');
  };
  const chips: { key: keyof ResidentFilters; label: string }[] = [];
  if (filters.name)
    chips.push({ key: 'name', label: `${t('registry.field.name')}: ${filters.name}` });
  if (filters.tag)
    chips.push({ key: 'tag', label: `${t('registry.field.tags')}: ${tags.name(filters.tag)}` });
  if (filters.registration)
    chips.push({
      key: 'registration',
      label: codeLabel('registration', filters.registration, language),
    });
  if (filters.sex) chips.push({ key: 'sex', label: codeLabel('sex', filters.sex, language) });
  if (filters.ageFrom !== undefined || filters.ageTo !== undefined)
    chips.push({
      key: 'ageFrom',
      label:
        filters.ageTo === undefined
          ? t('registry.filter.ageFromOnly', { from: filters.ageFrom })
          : t('registry.filter.ageRange', { from: filters.ageFrom ?? 0, to: filters.ageTo }),
    });
  if (filters.nationality)
    chips.push({
      key: 'nationality',
      label: `${t('registry.field.nationality')}: ${nationalityName(filters.nationality, language)}`,
    });
  if (filters.building)
    chips.push({
      key: 'building',
      label: `${t('registry.field.building')}: ${buildingName(filters.building)}`,
    });
  if (filters.room) chips.push({ key: 'room', label: t('registry.filter.oneRoom') });
  if (filters.status) chips.push({ key: 'status', label: t(`registry.status.${filters.status}`) });
  return chips;
}

/** The filters in force as chips; closing one removes that filter (the age range as one). */
export function ResidentFilterChips({
  filters,
  onChange,
  tags,
  buildings,
}: {
  filters: ResidentFilters;
  onChange: (filters: ResidentFilters) => void;
  tags: RegistryTags;
  buildings: readonly Building[];
}) {
  const chips = useChips(filters, tags, buildings);
  if (chips.length === 0) return null;

  const removeFilter = (key: keyof ResidentFilters) => {
    const next = { ...filters };
    delete next[key];
    if (key === 'ageFrom' || key === 'ageTo') {
      delete next.ageFrom;
      delete next.ageTo;
    }
    onChange(next);
  };

  return (
    <div className="cc-reg-chips" data-testid="residents-chips">
      {chips.map((chip) => (
        <Tag
          key={chip.key}
          closable
          color="blue"
          onClose={(event) => {
            event.preventDefault();
            removeFilter(chip.key);
          }}
          data-testid={`chip-${chip.key}`}
        >
          {chip.label}
        </Tag>
      ))}
    </div>
  );
}
