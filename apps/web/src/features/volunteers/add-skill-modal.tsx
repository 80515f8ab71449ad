import type { CreateVolunteerSkillBody } from '@cc/contracts';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { createSkill } from './volunteers-api';

/** 新增技能: a skill added to the dictionary every committee picks from. */
export function AddSkillModal({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateVolunteerSkillBody>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function add(v: CreateVolunteerSkillBody) {
    setIsSending(true);
    setProblem(null);
    try {
      await createSkill({ code: v.code.trim(), name: v.name.trim(), nameEn: v.nameEn.trim() });
      void message.success(t('volunteers.skill.added'));
      onAdded();
    } catch (error) {
      if (!showServerFieldError(form, error, ['code', 'name', 'nameEn'])) {
        setProblem(describeError(error, t));
      }
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Modal
      open
      title={t('volunteers.skill.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('volunteers.skill.add')}
      okButtonProps={{ loading: isSending, 'data-testid': 'skill-create-submit' }}
      destroyOnHidden
    >
      {problem ? (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CreateVolunteerSkillBody> form={form} layout="vertical" onFinish={(v) => void add(v)}>
        <Form.Item
          name="code"
          label={t('volunteers.skill.code')}
          extra={t('volunteers.skill.codeHelp')}
          rules={[
            {
              required: true,
              pattern: /^[a-z][a-z0-9_]{1,39}$/,
              message: t('volunteers.skill.codeRule'),
            },
          ]}
        >
          <Input maxLength={40} data-testid="skill-create-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('volunteers.skill.name')}
          rules={[{ required: true, whitespace: true, max: 20 }]}
        >
          <Input maxLength={20} data-testid="skill-create-name" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('volunteers.skill.nameEn')}
          rules={[{ required: true, whitespace: true, max: 40 }]}
        >
          <Input maxLength={40} data-testid="skill-create-name-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
