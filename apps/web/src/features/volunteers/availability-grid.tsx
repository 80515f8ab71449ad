import {
  AVAILABILITY_PERIOD_LABELS,
  AVAILABILITY_PERIODS,
  WEEKDAY_LABELS,
  type AvailabilitySlot,
} from '@cc/contracts';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../../lib/format';
import { hasSlot, toggleLine, toggleSlot } from './volunteer-rules';
import './availability-grid.css';

export interface AvailabilityGridProps {
  /** the slots on (Form.Item passes value and onChange) */
  value?: readonly AvailabilitySlot[];
  onChange?: (slots: AvailabilitySlot[]) => void;
  /** shown, not changed (a profile) */
  isReadOnly?: boolean;
  /** a slot to mark (now) */
  current?: AvailabilitySlot;
}

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A week of 7 days × 4 periods (Shanghai time) to tap on and off: a cell is one slot
 * (`volunteer-slot-<day>-<period>`), a day's heading or a period's toggles the whole line.
 * The staff console's registration and the residents' phone use this one grid; it fits 390 px.
 */
export function AvailabilityGrid({
  value = [],
  onChange,
  isReadOnly = false,
  current,
}: AvailabilityGridProps) {
  const { t, i18n } = useTranslation();
  const lang = isEnglish(i18n.language) ? 'en' : 'zh';
  const canEdit = !isReadOnly && !!onChange;
  const change = (next: AvailabilitySlot[]) => onChange?.(next);
  const lineButton = (label: string, line: Parameters<typeof toggleLine>[1], testId: string) =>
    canEdit ? (
      <button
        type="button"
        className="cc-avail-line"
        onClick={() => change(toggleLine(value, line))}
        data-testid={testId}
      >
        {label}
      </button>
    ) : (
      label
    );

  return (
    <table
      className={`cc-avail${canEdit ? ' is-editable' : ''}`}
      aria-label={t('volunteers.availability.title')}
      data-testid="availability-grid"
      data-count={value.length}
    >
      <thead>
        <tr>
          <th />
          {DAYS.map((day) => (
            <th key={day} scope="col">
              {lineButton(WEEKDAY_LABELS[day - 1]![lang], { day }, `volunteer-day-${day}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {AVAILABILITY_PERIODS.map((period) => {
          const [name, hours] = AVAILABILITY_PERIOD_LABELS[period][lang].split(' ');
          return (
            <tr key={period}>
              <th scope="row">
                {lineButton(name ?? period, { period }, `volunteer-period-${period}`)}
                <span className="cc-avail-hours">{hours}</span>
              </th>
              {DAYS.map((day) => {
                const isOn = hasSlot(value, day, period);
                const isNow = current?.day === day && current.period === period;
                const label = `${WEEKDAY_LABELS[day - 1]![lang]} ${AVAILABILITY_PERIOD_LABELS[period][lang]}`;
                return (
                  <td key={day}>
                    <button
                      type="button"
                      role="checkbox"
                      aria-checked={isOn}
                      aria-label={label}
                      title={label}
                      disabled={!canEdit}
                      className={`cc-avail-cell${isOn ? ' is-on' : ''}${isNow ? ' is-now' : ''}`}
                      onClick={() => change(toggleSlot(value, day, period))}
                      data-testid={`volunteer-slot-${day}-${period}`}
                    />
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
