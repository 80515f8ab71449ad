import { FlagOutlined } from '@ant-design/icons';
import { REPORT_REASONS, type ReportReason, type ReportResult } from '@cc/contracts';
import { App, Button, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { report } from './discussion-api';

export interface ReportButtonProps {
  /** 'comment', 'proposal', … as the moderation module knows it */
  targetType: string;
  targetId: string;
  disabled?: boolean;
  onReported?: (result: ReportResult) => void;
  size?: 'small' | 'middle';
}

/** 举报: report a post or comment with a reason; the third distinct reporter hides it. */
export function ReportButton({
  targetType,
  targetId,
  disabled,
  onReported,
  size,
}: ReportButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: ReportReason; note?: string }>();

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await report({ targetType, targetId, reason: v.reason, note: v.note || undefined });
      void message.success(r.hidden ? t('discussion.reportedHidden') : t('discussion.reported'));
      setOpen(false);
      form.resetFields();
      onReported?.(r);
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        type="text"
        size={size ?? 'small'}
        icon={<FlagOutlined />}
        disabled={disabled}
        onClick={() => setOpen(true)}
        data-testid={`report-${targetType}-${targetId}`}
      >
        {t('discussion.report')}
      </Button>
      <Modal
        open={open}
        title={t('discussion.reportTitle')}
        okText={t('discussion.reportSubmit')}
        cancelText={t('discussion.cancel')}
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ ...{ 'data-testid': 'report-submit' } }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ reason: 'spam' }}>
          <Form.Item
            name="reason"
            label={t('discussion.reportReason')}
            rules={[{ required: true }]}
          >
            <Radio.Group data-testid="report-reason">
              {REPORT_REASONS.map((r) => (
                <Radio key={r} value={r} data-testid={`report-reason-${r}`}>
                  {t(`discussion.reasons.${r}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('discussion.reportNote')}>
            <Input.TextArea maxLength={500} rows={2} data-testid="report-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
