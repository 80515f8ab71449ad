import { PROPOSAL_TEXT_MAX, type ProposalDetail } from '@cc/contracts';
import { App, Button, Checkbox, Form, Input, Slider } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { addProposalUpdate } from './proposals-api';

interface Values {
  text: string;
  progress: number;
  done?: boolean;
}

/** 添加进展: what happened to an accepted proposal, how far it is; "all done" closes it. */
export function UpdateForm({ d, onDone }: { d: ProposalDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [isSending, setIsSending] = useState(false);
  const last = d.progress ?? 0;

  async function send(v: Values) {
    setIsSending(true);
    try {
      await addProposalUpdate(d.id, {
        text: v.text.trim(),
        progress: v.done ? 100 : v.progress,
        done: v.done ?? false,
      });
      void message.success(t('proposals.console.updated'));
      form.resetFields();
      onDone();
    } catch (error) {
      if (!showServerFieldError(form, error, ['text', 'progress']))
        void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={send}
      initialValues={{ progress: last, done: false }}
      data-testid="update-form"
    >
      <Form.Item
        name="text"
        label={t('proposals.console.updateText')}
        rules={[
          { required: true, whitespace: true, message: t('proposals.console.updateRequired') },
        ]}
      >
        <Input.TextArea
          rows={3}
          maxLength={PROPOSAL_TEXT_MAX}
          showCount
          data-testid="update-text"
        />
      </Form.Item>
      <Form.Item name="progress" label={t('proposals.console.updateProgress')}>
        <Slider min={0} max={100} step={5} data-testid="update-progress" />
      </Form.Item>
      <Form.Item name="done" valuePropName="checked">
        <Checkbox data-testid="update-done">{t('proposals.console.updateDone')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isSending} data-testid="update-submit">
        {t('proposals.console.update')}
      </Button>
    </Form>
  );
}
