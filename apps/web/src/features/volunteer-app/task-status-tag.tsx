import { VOLUNTEER_TASK_STATUS_LABELS, type VolunteerTaskStatus } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelText } from './volunteer-format';

const COLOURS: Record<VolunteerTaskStatus, string> = {
  sent: 'orange',
  accepted: 'blue',
  declined: 'default',
  done: 'green',
  cancelled: 'default',
};

export function TaskStatusTag({ status }: { status: VolunteerTaskStatus }) {
  const { i18n } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid="task-status">
      {labelText(VOLUNTEER_TASK_STATUS_LABELS[status], i18n.language)}
    </Tag>
  );
}
