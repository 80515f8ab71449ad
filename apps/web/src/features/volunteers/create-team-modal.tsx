import {
  VOLUNTEER_TEAM_KIND_LABELS,
  VOLUNTEER_TEAM_KINDS,
  type VolunteerTeam,
  type VolunteerTeamKind,
} from '@cc/contracts';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { SendModal, useSend } from '../../lib/sending';
import { useLabel } from './volunteer-format';
import { createTeam } from './volunteers-api';

interface Values {
  name: string;
  kind: VolunteerTeamKind;
}

/** 新建队伍 of a committee (楼组志愿者, 平安志愿者, …). */
export function CreateTeamModal({
  committee,
  onClose,
  onCreated,
}: {
  committee: { code: string; name: string };
  onClose: () => void;
  onCreated: (team: VolunteerTeam) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, ['name', 'kind']);

  const create = (v: Values) =>
    sending.send(async () => {
      const team = await createTeam({
        committeeCode: committee.code,
        name: v.name.trim(),
        kind: v.kind,
      });
      void message.success(t('volunteers.team.created'));
      onCreated(team);
    });

  return (
    <SendModal
      title={t('volunteers.team.createTitle', committee)}
      okText={t('volunteers.team.create')}
      okTestId="team-create-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void create(v)}
        initialValues={{ kind: 'building' }}
      >
        <Form.Item
          name="name"
          label={t('volunteers.team.name')}
          rules={[{ required: true, whitespace: true, max: 40 }]}
        >
          <Input maxLength={40} data-testid="team-create-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('volunteers.team.kind')} rules={[{ required: true }]}>
          <Select
            options={VOLUNTEER_TEAM_KINDS.map((k) => ({
              value: k,
              label: label(VOLUNTEER_TEAM_KIND_LABELS[k]),
            }))}
            data-testid="team-create-kind"
          />
        </Form.Item>
      </Form>
    </SendModal>
  );
}
