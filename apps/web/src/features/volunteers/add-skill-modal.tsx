import type { CreateVolunteerSkillBody } from '@cc/contracts';
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { SendModal, useSend } from '../../lib/sending';
import { createSkill } from './volunteers-api';

/** 新增技能: a skill added to the dictionary every committee picks from. */
export function AddSkillModal({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateVolunteerSkillBody>();
  const sending = useSend(form, ['code', 'name', 'nameEn']);

  const add = (v: CreateVolunteerSkillBody) =>
    sending.send(async () => {
      await createSkill({ code: v.code.trim(), name: v.name.trim(), nameEn: v.nameEn.trim() });
      void message.success(t('volunteers.skill.added'));
      onAdded();
    });

  return (
    <SendModal
      title={t('volunteers.skill.addTitle')}
      okText={t('volunteers.skill.add')}
      okTestId="skill-create-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
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
    </SendModal>
  );
}
