import type { PickerCompound } from '@cc/contracts';
import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where the volunteer will serve: their committee (chosen to begin with) and any of its
 * compounds. A form control: `value` the area codes.
 */
export function ServeAreasField({
  committee,
  compounds,
  value = [],
  onChange,
}: {
  committee: { code: string; name: string };
  compounds: readonly PickerCompound[];
  value?: string[];
  onChange?: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const options = [
    {
      value: committee.code,
      label: t('volunteerApp.join.wholeCommittee', { name: committee.name }),
    },
    ...compounds.map((c) => ({ value: c.code, label: c.name })),
  ];
  return (
    <Checkbox.Group
      value={value}
      onChange={(codes) => onChange?.(codes)}
      style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
      data-testid="volunteer-serve-areas"
    >
      {options.map((o) => (
        <Checkbox key={o.value} value={o.value} data-testid={`volunteer-area-${o.value}`}>
          {o.label}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}
