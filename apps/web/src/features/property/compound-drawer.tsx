import {
  OWNERS_COMMITTEE_ROLE_LABELS,
  OWNERS_COMMITTEE_ROLES,
  type CompoundPropertyDetail,
  type OwnersCommitteeBody,
  type PropertyCompanyBody,
} from '@cc/contracts';
import { Button, Descriptions, Form, Input, Select, Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { FeePanel } from './fee-panel';
import { getCompound, setCompany, setOwnersCommittee } from './property-api';
import { useSave } from './use-save';

function CompanyForm({ detail, onSaved }: { detail: CompoundPropertyDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PropertyCompanyBody>();
  const save = useSave(form, ['name', 'uscc', 'servicePhone', 'contractStart', 'contractEnd']);
  const c = detail.company;
  return (
    <Form<PropertyCompanyBody>
      form={form}
      layout="vertical"
      disabled={!detail.canEdit}
      initialValues={c ? { ...c } : undefined}
      onFinish={(body) =>
        void save
          .run(() => setCompany(detail.compoundCode, body), t('property.saved'))
          .then((ok) => {
            if (ok) onSaved();
          })
      }
      data-testid="property-company-form"
    >
      <Form.Item
        name="name"
        label={t('property.name')}
        rules={[{ required: true, min: 2, max: 80 }]}
      >
        <Input data-testid="property-company-name" />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t('property.uscc')}
        extra={t('property.usccHelp')}
        rules={[{ required: true }]}
      >
        <Input maxLength={18} data-testid="property-company-uscc" />
      </Form.Item>
      <Form.Item
        name="servicePhone"
        label={t('property.servicePhone')}
        rules={[{ required: true, min: 5 }]}
      >
        <Input data-testid="property-company-phone" />
      </Form.Item>
      <Space wrap>
        <Form.Item
          name="contractStart"
          label={t('property.contractStart')}
          rules={[{ required: true }]}
        >
          <Input type="date" data-testid="property-contract-start" />
        </Form.Item>
        <Form.Item
          name="contractEnd"
          label={t('property.contractEnd')}
          rules={[{ required: true }]}
        >
          <Input type="date" data-testid="property-contract-end" />
        </Form.Item>
      </Space>
      {detail.canEdit ? (
        <Button
          type="primary"
          htmlType="submit"
          loading={save.busy}
          data-testid="property-company-save"
        >
          {t('property.save')}
        </Button>
      ) : null}
    </Form>
  );
}

function OwnersCommitteeForm({
  detail,
  onSaved,
}: {
  detail: CompoundPropertyDetail;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<OwnersCommitteeBody>();
  const save = useSave(form, ['members']);
  return (
    <Form<OwnersCommitteeBody>
      form={form}
      disabled={!detail.canEdit}
      initialValues={{ members: detail.ownersCommittee }}
      onFinish={(body) =>
        void save
          .run(() => setOwnersCommittee(detail.compoundCode, body), t('property.saved'))
          .then((ok) => {
            if (ok) onSaved();
          })
      }
      data-testid="property-committee-form"
    >
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 40 }]}>
                  <Input placeholder={t('property.memberName')} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'role']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 110 }}
                    placeholder={t('property.memberRole')}
                    options={OWNERS_COMMITTEE_ROLES.map((r) => ({
                      value: r,
                      label: inLanguage(
                        OWNERS_COMMITTEE_ROLE_LABELS[r].zh,
                        OWNERS_COMMITTEE_ROLE_LABELS[r].en,
                        i18n.language,
                      ),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'termStart']} rules={[{ required: true }]}>
                  <Input type="date" title={t('property.termStart')} />
                </Form.Item>
                <Form.Item name={[field.name, 'termEnd']} rules={[{ required: true }]}>
                  <Input type="date" title={t('property.termEnd')} />
                </Form.Item>
                {detail.canEdit ? (
                  <Button type="link" danger onClick={() => remove(field.name)}>
                    {t('property.removeMember')}
                  </Button>
                ) : null}
              </Space>
            ))}
            {detail.canEdit ? (
              <Space>
                <Button
                  onClick={() => add({ role: fields.length === 0 ? 'director' : 'member' })}
                  data-testid="property-member-add"
                >
                  {t('property.addMember')}
                </Button>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={save.busy}
                  data-testid="property-committee-save"
                >
                  {t('property.save')}
                </Button>
              </Space>
            ) : null}
          </>
        )}
      </Form.List>
    </Form>
  );
}

/** A compound's "1 + 3" in the console drawer: company, 业委会 and fees, editable by its staff. */
export function CompoundDrawer({ code, onChanged }: { code: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const detail = useRequest((signal) => getCompound(code, signal), [code]);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const saved = () => {
    detail.reload();
    onChanged();
  };
  const d = detail.data;
  return (
    <div data-testid="property-drawer">
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('property.per1000Long')}>
          <span data-testid="property-drawer-rate">
            {d.complaints.per1000 ?? t('property.none')} ({d.complaints.cases}/
            {d.complaints.households})
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          {
            key: 'company',
            label: t('property.companyTab'),
            children: <CompanyForm detail={d} onSaved={saved} />,
          },
          {
            key: 'committee',
            label: t('property.committeeTab'),
            children: <OwnersCommitteeForm detail={d} onSaved={saved} />,
          },
          {
            key: 'fee',
            label: t('property.feeTab'),
            children: <FeePanel detail={d} onSaved={saved} />,
          },
        ]}
      />
    </div>
  );
}
