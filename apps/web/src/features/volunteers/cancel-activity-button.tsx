import { StopOutlined } from '@ant-design/icons';
import type { VolunteerActivity } from '@cc/contracts';
import { App, Button, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SendModal, useSend } from '../../lib/sending';
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
  const sending = useSend();
  const cancel = () =>
    sending.send(async () => {
      const a = await cancelActivity(activity.id, { reason: reason.trim() });
      void message.success(t('volunteers.activity.cancelDone'));
      setOpen(false);
      onCancelled(a);
    });
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
      <SendModal
        open={isOpen}
        title={t('volunteers.activity.cancelTitle', { title: activity.title })}
        okText={t('volunteers.activity.cancel')}
        okTestId="activity-cancel-submit"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        sending={sending}
        onOk={() => void cancel()}
        onClose={() => setOpen(false)}
      >
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
      </SendModal>
    </>
  );
}
