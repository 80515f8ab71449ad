import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ContactRelation, EmergencyContactBody, Resident } from '@cc/contracts';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { FormModal } from './form-modal';
import { deleteEmergencyContact, putEmergencyContact } from './registry-api';
import { codeLabel, codeOptions } from './registry-labels';

const FIELDS = ['name', 'relation', 'phone'] as const;

/**
 * 紧急联系人 on a resident's page: shown masked like the resident's phone (a reveal shows it in
 * full); committee staff add, change or remove it. The server seals it and names the change in
 * the history without its values.
 */
export function EmergencyContactCard({
  resident,
  canEdit,
  onSaved,
}: {
  resident: Resident;
  canEdit: boolean;
  onSaved: (next: Resident) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [isEditing, setIsEditing] = useState(false);
  const [isRemoving, setIsRemoving] = useState(false);
  const contact = resident.emergencyContact;

  async function remove() {
    setIsRemoving(true);
    try {
      onSaved(await deleteEmergencyContact(resident.id));
      void message.success(t('careCalls.contact.removed'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsRemoving(false);
    }
  }

  return (
    <Card
      size="small"
      className="cc-reg-card"
      title={t('careCalls.contact.title')}
      data-testid="emergency-contact"
      extra={
        canEdit ? (
          <Space size={4}>
            <Button
              size="small"
              icon={contact ? <EditOutlined /> : <PlusOutlined />}
              onClick={() => setIsEditing(true)}
              data-testid="emergency-contact-edit"
            >
              {contact ? t('careCalls.contact.edit') : t('careCalls.contact.add')}
            </Button>
            {contact ? (
              <Popconfirm
                title={t('careCalls.contact.removeConfirm')}
                onConfirm={() => void remove()}
                okText={t('careCalls.contact.remove')}
                cancelText={t('common.cancel')}
              >
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  loading={isRemoving}
                  data-testid="emergency-contact-remove"
                >
                  {t('careCalls.contact.remove')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
    >
      {contact ? (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 3 }}
            items={[
              {
                key: 'name',
                label: t('careCalls.contact.name'),
                children: <span data-testid="emergency-contact-name">{contact.name}</span>,
              },
              {
                key: 'relation',
                label: t('careCalls.contact.relation'),
                children: codeLabel('contactRelation', contact.relation, i18n.language),
              },
              {
                key: 'phone',
                label: t('careCalls.contact.phone'),
                children: (
                  <span className="cc-reg-mono" data-testid="emergency-contact-phone">
                    {contact.phone}
                  </span>
                ),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('careCalls.contact.masked')}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text type="secondary" data-testid="emergency-contact-none">
          {t('careCalls.contact.none')}
        </Typography.Text>
      )}
      {canEdit ? (
        <FormModal<EmergencyContactBody>
          isOpen={isEditing}
          title={contact ? t('careCalls.contact.edit') : t('careCalls.contact.add')}
          okText={t('careCalls.contact.save')}
          submitTestId="emergency-contact-save"
          fields={FIELDS}
          // the stored values are sealed: the form starts empty but for the relation
          initialValues={contact ? { relation: contact.relation } : undefined}
          onClose={() => setIsEditing(false)}
          onSubmit={async (values) => {
            const next = await putEmergencyContact(resident.id, {
              name: values.name.trim(),
              relation: values.relation,
              phone: values.phone.trim(),
            });
            setIsEditing(false);
            onSaved(next);
            void message.success(t('careCalls.contact.saved'));
          }}
        >
          <Form.Item
            name="name"
            label={t('careCalls.contact.name')}
            extra={contact ? t('careCalls.contact.reenter') : undefined}
            rules={[
              { required: true, whitespace: true, message: t('careCalls.contact.nameRequired') },
            ]}
          >
            <Input maxLength={40} data-testid="emergency-contact-name-input" />
          </Form.Item>
          <Form.Item
            name="relation"
            label={t('careCalls.contact.relation')}
            rules={[{ required: true, message: t('careCalls.contact.relationRequired') }]}
          >
            <Select<ContactRelation>
              options={
                codeOptions('contactRelation', i18n.language) as {
                  value: ContactRelation;
                  label: string;
                }[]
              }
              data-testid="emergency-contact-relation"
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('careCalls.contact.phone')}
            extra={t('careCalls.contact.phoneHelp')}
            rules={[
              { required: true, whitespace: true, message: t('careCalls.contact.phoneRequired') },
            ]}
          >
            <Input inputMode="tel" maxLength={20} data-testid="emergency-contact-phone-input" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Card>
  );
}
