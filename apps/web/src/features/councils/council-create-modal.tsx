import {
  COUNCIL_KIND_LABELS,
  COUNCIL_KINDS,
  type Block,
  type Council,
  type CouncilKind,
} from '@cc/contracts';
import { App, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from './council-format';
import { createCouncil } from './councils-api';
import { SendModal, useSend } from '../../lib/sending';

interface CouncilValues {
  blockId: string;
  kind: CouncilKind;
  name: string;
  description?: string;
  rules: { expenseApprovals: number };
}

/**
 * 新建共治组织 over a block: its kind (共管委员会, 商户联盟, 联建平台), name, what it is for,
 * and how many directors must approve an expense from its fund.
 */
export function CouncilCreateModal({
  blocks,
  blockId,
  onClose,
  onCreated,
}: {
  blocks: readonly Block[];
  blockId?: string;
  onClose: () => void;
  onCreated: (council: Council) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<CouncilValues>();
  const sending = useSend(form, ['blockId', 'kind', 'name', 'description', 'rules']);

  const send = (v: CouncilValues) =>
    sending.send(async () => {
      const council = await createCouncil({
        blockId: v.blockId,
        kind: v.kind,
        name: v.name.trim(),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        rules: { expenseApprovals: v.rules.expenseApprovals },
      });
      void message.success(t('councils.council.created', { name: council.name }));
      onCreated(council);
    });

  return (
    <SendModal
      title={t('councils.council.create')}
      okText={t('councils.council.submit')}
      okTestId="council-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
      width={560}
    >
      <Form<CouncilValues>
        form={form}
        layout="vertical"
        initialValues={{
          blockId: blockId ?? blocks[0]?.id,
          kind: 'merchant_alliance',
          rules: { expenseApprovals: 2 },
        }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="blockId"
          label={t('councils.council.block')}
          rules={[{ required: true, message: t('councils.council.blockRule') }]}
        >
          <Select
            options={blocks.map((b) => ({ value: b.id, label: b.name }))}
            data-testid="council-block-select"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('councils.council.kind')} rules={[{ required: true }]}>
          <Select
            options={COUNCIL_KINDS.map((k) => ({ value: k, label: label(COUNCIL_KIND_LABELS[k]) }))}
            data-testid="council-kind-select"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('councils.council.name')}
          rules={[{ required: true, whitespace: true, message: t('councils.council.nameRule') }]}
        >
          <Input maxLength={40} data-testid="council-name-input" />
        </Form.Item>
        <Form.Item name="description" label={t('councils.council.description')}>
          <Input.TextArea
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            data-testid="council-description-input"
          />
        </Form.Item>
        <Form.Item
          name={['rules', 'expenseApprovals']}
          label={t('councils.council.approvals')}
          extra={t('councils.council.approvalsHelp')}
          rules={[{ required: true, message: t('councils.council.approvalsRule') }]}
        >
          <InputNumber<number>
            min={1}
            max={20}
            precision={0}
            style={{ width: 120 }}
            data-testid="council-approvals-input"
          />
        </Form.Item>
      </Form>
    </SendModal>
  );
}
