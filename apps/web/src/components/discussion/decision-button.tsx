import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { decide } from './discussion-api';

export interface DecisionButtonProps {
  targetType: string;
  targetId: string;
  action: 'restore' | 'remove';
  onDone?: () => void;
  size?: 'small' | 'middle';
}

/** A moderator restores or removes a post or comment, giving the reason (audited on the server). */
export function DecisionButton({
  targetType,
  targetId,
  action,
  onDone,
  size,
}: DecisionButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await decide(targetType, targetId, { action, reason: v.reason.trim() });
      void message.success(t('discussion.decided'));
      setOpen(false);
      form.resetFields();
      onDone?.();
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size={size ?? 'small'}
        danger={action === 'remove'}
        type={action === 'restore' ? 'primary' : 'default'}
        ghost={action === 'restore'}
        onClick={() => setOpen(true)}
        data-testid={`moderate-${action}-${targetId}`}
      >
        {t(action === 'restore' ? 'discussion.restore' : 'discussion.remove')}
      </Button>
      <Modal
        open={open}
        title={t(
          action === 'restore'
            ? 'discussion.decisionTitleRestore'
            : 'discussion.decisionTitleRemove',
        )}
        cancelText={t('discussion.cancel')}
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ ...{ 'data-testid': 'decision-submit' } }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('discussion.decisionReason')}
            rules={[
              {
                validator: (_r, v: string | undefined) =>
                  v && v.trim().length >= 2 && v.trim().length <= 500
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('discussion.decisionReasonRequired'))),
              },
            ]}
          >
            <Input.TextArea maxLength={500} rows={3} data-testid="decision-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
