import { StopOutlined } from '@ant-design/icons';
import type { VolunteerActivity } from '@cc/contracts';
import { Alert, App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { cancelActivity } from './volunteers-api';

/** 取消活动 with a reason; everyone signed up is told by SMS and in-app notice. */
export function CancelActivityButton({
  activity,
  onCancelled,
}: {
  activity: VolunteerActivity;
  onCancelled: (a: VolunteerActivity) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  async function cancel() {
    setIsSending(true);
    setProblem(null);
    try {
      const a = await cancelActivity(activity.id, { reason: reason.trim() });
      void message.success(t('volunteers.activity.cancelDone'));
      setOpen(false);
      onCancelled(a);
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <>
      <Button
        danger
        icon={<StopOutlined />}
        onClick={() => setOpen(true)}
        data-testid="activity-cancel-open"
      >
        {t('volunteers.activity.cancel')}
      </Button>
      <Modal
        open={isOpen}
        title={t('volunteers.activity.cancelTitle', { title: activity.title })}
        onCancel={() => setOpen(false)}
        onOk={() => void cancel()}
        okText={t('volunteers.activity.cancel')}
        okButtonProps={{
          danger: true,
          loading: isSending,
          disabled: reason.trim().length < 2,
          'data-testid': 'activity-cancel-submit',
        }}
        destroyOnHidden
      >
        {problem ? (
          <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
        ) : null}
        <Typography.Paragraph type="secondary">
          {t('volunteers.activity.cancelHelp')}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('volunteers.activity.cancelReason')}
          data-testid="activity-cancel-reason"
        />
      </Modal>
    </>
  );
}
