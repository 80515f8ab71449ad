import type { VolunteerNearby, VolunteerSkill } from '@cc/contracts';
import { Checkbox, Space, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SkillTags } from './skills';

/** The most volunteers one sending takes (CreateVolunteerTaskBody.volunteerIds). */
export const MAX_SELECTED = 20;

const distance = (m: number) => (m < 1000 ? `${m} m` : `${(m / 1000).toFixed(1)} km`);

/** Volunteers near the place, nearest first, each with a box to pick them for the task. */
export function NearbyTable({
  items,
  isLoading,
  skills,
  selected,
  onSelect,
}: {
  items: readonly VolunteerNearby[];
  isLoading: boolean;
  skills: readonly VolunteerSkill[] | undefined;
  selected: readonly string[];
  onSelect: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const isFull = selected.length >= MAX_SELECTED;
  const toggle = (id: string, isOn: boolean) =>
    onSelect(isOn ? [...selected, id] : selected.filter((x) => x !== id));
  return (
    <Table<VolunteerNearby>
      rowKey={(n) => n.volunteer.id}
      size="small"
      loading={isLoading}
      dataSource={[...items]}
      pagination={false}
      scroll={{ x: 760 }}
      locale={{ emptyText: t('volunteers.dispatch.noneNearby') }}
      onRow={(n) =>
        ({
          'data-testid': 'nearby-row',
          'data-id': n.volunteer.id,
          'data-distance': n.distanceM,
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          key: 'select',
          width: 48,
          render: (_: unknown, n) => {
            const isOn = selected.includes(n.volunteer.id);
            const why = !n.volunteer.hasAccount ? t('volunteers.dispatch.noAccount') : undefined;
            return (
              <Tooltip title={why}>
                <Checkbox
                  checked={isOn}
                  disabled={!!why || (!isOn && isFull)}
                  onChange={(e) => toggle(n.volunteer.id, e.target.checked)}
                  aria-label={n.volunteer.name}
                  data-testid="nearby-select"
                />
              </Tooltip>
            );
          },
        },
        {
          title: t('volunteers.field.name'),
          key: 'name',
          render: (_: unknown, n) => (
            <Link to={`/volunteers/${encodeURIComponent(n.volunteer.id)}`} target="_blank">
              {n.volunteer.name}
            </Link>
          ),
        },
        {
          title: t('volunteers.field.phone'),
          key: 'phone',
          render: (_: unknown, n) => n.volunteer.phone ?? t('common.none'),
        },
        {
          title: t('volunteers.dispatch.distance'),
          key: 'distance',
          align: 'right',
          render: (_: unknown, n) => distance(n.distanceM),
        },
        {
          title: t('volunteers.field.skills'),
          key: 'skills',
          render: (_: unknown, n) => <SkillTags codes={n.volunteer.skills} skills={skills} />,
        },
        {
          title: t('volunteers.field.status'),
          key: 'state',
          render: (_: unknown, n) => (
            <Space size={0} wrap>
              {n.onDuty ? <Tag color="orange">{t('volunteers.dispatch.onDuty')}</Tag> : null}
              {n.availableNow ? (
                <Tag color="green">{t('volunteers.dispatch.available')}</Tag>
              ) : null}
              {n.volunteer.hasAccount ? null : <Tag>{t('volunteers.list.noAccount')}</Tag>}
            </Space>
          ),
        },
      ]}
    />
  );
}
