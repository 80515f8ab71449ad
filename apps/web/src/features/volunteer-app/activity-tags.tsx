import {
  ACTIVITY_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  type VolunteerActivity,
} from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelText } from './volunteer-format';

/** 志愿服务 / 社区活动, its category, and 已取消 when called off. */
export function ActivityTags({ activity }: { activity: VolunteerActivity }) {
  const { t, i18n } = useTranslation();
  return (
    <span>
      <Tag color={activity.kind === 'event' ? 'magenta' : 'blue'}>
        {labelText(ACTIVITY_KIND_LABELS[activity.kind], i18n.language)}
      </Tag>
      {activity.kind === 'service' && (
        <Tag>{labelText(SERVICE_CATEGORY_LABELS[activity.category], i18n.language)}</Tag>
      )}
      {activity.status === 'cancelled' && (
        <Tag color="red">{t('volunteerApp.activity.cancelled')}</Tag>
      )}
    </span>
  );
}

/** The places still free across an activity's shifts and roles. */
export const placesLeft = (activity: VolunteerActivity) =>
  activity.shifts
    .flatMap((s) => s.roles)
    .reduce((sum, r) => sum + Math.max(0, r.capacity - r.confirmed), 0);
