import { RightOutlined } from '@ant-design/icons';
import type { VolunteerTask } from '@cc/contracts';
import { Typography } from 'antd';
import { Link } from 'react-router';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { TaskStatusTag } from './task-status-tag';

/** One task sent to me: what, where, when it was sent, and where it stands. */
export function MyTaskRow({ task }: { task: VolunteerTask }) {
  return (
    <Link
      to={`/r/volunteer/tasks/${task.id}`}
      className="cc-vol-row"
      data-testid="my-task-row"
      data-task-id={task.id}
    >
      <span className="cc-vol-row-main">
        <Typography.Text strong ellipsis>
          {task.title}
        </Typography.Text>
        <span className="cc-vol-muted">
          {[task.place, shanghaiDateTime(task.sentAt)].filter(Boolean).join(' · ')}
        </span>
      </span>
      <TaskStatusTag status={task.status} />
      <RightOutlined style={{ color: 'rgba(0,0,0,0.3)' }} />
    </Link>
  );
}
