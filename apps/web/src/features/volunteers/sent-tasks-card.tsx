import type { VolunteerTask } from '@cc/contracts';
import { Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useAction } from '../../lib/sending';
import { TaskStatusTag } from './volunteer-format';
import { cancelTask, confirmTaskHours } from './volunteers-api';

const when = (at: string | null) => (at ? shanghaiDateTime(at).slice(5) : '');

/** The tasks sent (for the case, or this visit): who, their answer and when; withdraw, confirm hours. */
export function SentTasksCard({
  tasks,
  isLoading,
  onChanged,
}: {
  tasks: readonly VolunteerTask[];
  isLoading: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { run } = useAction();
  async function act(call: () => Promise<unknown>) {
    if (await run(call)) onChanged();
  }
  return (
    <Card
      size="small"
      title={t('volunteers.dispatch.sentTitle')}
      className="cc-vol-card"
      data-testid="sent-tasks"
    >
      <Table<VolunteerTask>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={[...tasks]}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('volunteers.dispatch.noneSent') }}
        onRow={(task) =>
          ({
            'data-testid': 'task-row',
            'data-id': task.id,
            'data-status': task.status,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('volunteers.field.name'),
            key: 'name',
            render: (_: unknown, task) => task.volunteer.name,
          },
          { title: t('volunteers.field.title'), dataIndex: 'title' },
          {
            title: t('volunteers.field.status'),
            key: 'status',
            render: (_: unknown, task) => <TaskStatusTag status={task.status} />,
          },
          {
            title: t('volunteers.dispatch.times'),
            key: 'times',
            render: (_: unknown, task) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('volunteers.dispatch.sentAt', { at: when(task.sentAt) })}
                {task.answeredAt
                  ? ` · ${t('volunteers.dispatch.answeredAt', { at: when(task.answeredAt) })}`
                  : ''}
                {task.doneAt
                  ? ` · ${t('volunteers.dispatch.doneAt', { at: when(task.doneAt) })}`
                  : ''}
                {task.declineReason ? ` · ${task.declineReason}` : ''}
              </Typography.Text>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, task) => (
              <Space size={0}>
                {task.status === 'sent' || task.status === 'accepted' ? (
                  <Popconfirm
                    title={t('volunteers.dispatch.cancelConfirm')}
                    onConfirm={() => act(() => cancelTask(task.id))}
                  >
                    <Button type="link" size="small" danger data-testid="task-cancel">
                      {t('volunteers.dispatch.cancel')}
                    </Button>
                  </Popconfirm>
                ) : null}
                {task.status === 'done' && !task.confirmedAt ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void act(() => confirmTaskHours(task.id, {}))}
                    data-testid="task-confirm"
                  >
                    {t('volunteers.dispatch.confirm')}
                  </Button>
                ) : null}
                {task.confirmedAt ? (
                  <Typography.Text type="success">
                    {t('volunteers.roster.confirmedTag')}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
