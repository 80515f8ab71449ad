import { EnvironmentOutlined } from '@ant-design/icons';
import type { VolunteerTask } from '@cc/contracts';
import { Alert, App, Button, Descriptions, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { BackLink } from './back-link';
import { TaskStatusTag } from './task-status-tag';
import { answerTask, getTask, type TaskAnswer } from './volunteer-app-api';
import './volunteer-app.css';

/** What the task is: who sent it and when, where, the note, and what has happened since. */
function TaskFacts({ task }: { task: VolunteerTask }) {
  const { t } = useTranslation();
  const at = (iso: string | null) => (iso ? shanghaiDateTime(iso) : undefined);
  const rows: [string, string | undefined][] = [
    [t('volunteerApp.task.sentBy'), task.sentBy],
    [t('volunteerApp.task.sentAt'), at(task.sentAt)],
    [t('volunteerApp.task.caseNumber'), task.caseNumber ?? undefined],
    [t('volunteerApp.task.answeredAt'), at(task.answeredAt)],
    [t('volunteerApp.task.doneAt'), at(task.doneAt)],
    [t('volunteerApp.task.declineReason'), task.declineReason ?? undefined],
    [t('volunteerApp.task.confirmedAt'), at(task.confirmedAt)],
  ];
  return (
    <Descriptions column={1} size="small">
      {rows
        .filter((r): r is [string, string] => !!r[1])
        .map(([label, value]) => (
          <Descriptions.Item key={label} label={label}>
            {value}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

/**
 * A task sent to me (/r/volunteer/tasks/:id): what, where, who sent it and when; 接受 or 谢绝
 * (with a reason if I like), then 已完成.
 */
export function VolunteerTaskPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const task = useRequest((signal) => getTask(id, signal), [id]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<TaskAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();

  const answer = async (kind: TaskAnswer) => {
    setBusy(kind);
    setError(undefined);
    const words = text.trim();
    try {
      await answerTask(
        id,
        kind,
        words ? (kind === 'decline' ? { reason: words } : { note: words }) : {},
      );
      setText('');
      void message.success(t(`volunteerApp.task.answered.${kind}`));
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(undefined);
      task.reload();
    }
  };

  const back = <BackLink to="/r/volunteer" label={t('volunteerApp.backHome')} />;
  if (task.error && !task.data)
    return (
      <div className="cc-vol-page">
        {back}
        <LoadError error={task.error} onRetry={task.reload} isCompact />
      </div>
    );
  if (!task.data) return <PageSpin />;
  const x = task.data;
  const canAnswer = x.status === 'sent';
  const canFinish = x.status === 'accepted';
  return (
    <div className="cc-vol-page" data-testid="volunteer-task-page">
      {back}
      <div className="cc-vol-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-title">
            {x.title}
          </Typography.Title>
          <TaskStatusTag status={x.status} />
        </div>
        {x.place && (
          <div className="cc-vol-muted" style={{ marginTop: 4 }} data-testid="task-place">
            <EnvironmentOutlined /> {x.place}
          </div>
        )}
        {x.note && (
          <div style={{ marginTop: 8 }}>
            <PlainText text={x.note} testId="task-note" />
          </div>
        )}
        <TaskFacts task={x} />
      </div>
      {x.status === 'cancelled' && (
        <Alert type="warning" showIcon message={t('volunteerApp.task.withdrawn')} />
      )}
      {(canAnswer || canFinish) && (
        <div className="cc-vol-card">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={canAnswer ? 200 : 500}
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={
                canAnswer
                  ? t('volunteerApp.task.reasonPlaceholder')
                  : t('volunteerApp.task.notePlaceholder')
              }
              data-testid="task-answer-text"
            />
            {error && <Alert type="error" showIcon message={error} />}
            {canAnswer && (
              <div style={{ display: 'flex', gap: 8 }}>
                <Button
                  block
                  size="large"
                  loading={busy === 'decline'}
                  disabled={!!busy && busy !== 'decline'}
                  onClick={() => void answer('decline')}
                  data-testid="task-decline"
                >
                  {t('volunteerApp.task.decline')}
                </Button>
                <Button
                  type="primary"
                  block
                  size="large"
                  loading={busy === 'accept'}
                  disabled={!!busy && busy !== 'accept'}
                  onClick={() => void answer('accept')}
                  data-testid="task-accept"
                >
                  {t('volunteerApp.task.accept')}
                </Button>
              </div>
            )}
            {canFinish && (
              <Button
                type="primary"
                block
                size="large"
                loading={busy === 'done'}
                onClick={() => void answer('done')}
                data-testid="task-done"
              >
                {t('volunteerApp.task.done')}
              </Button>
            )}
          </Space>
        </div>
      )}
    </div>
  );
}
