import type { Relation, Resident } from '@cc/contracts';
import { Alert, App as AntApp, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { fieldHead, showServerFieldError } from '../../lib/form-errors';
import { moveOutResident, moveResident } from './registry-api';
import { codeOptions } from './registry-labels';
import { BuildingSelect, RoomSelect, useBuildings } from './room-picker';

interface MoveValues {
  building?: string;
  roomId?: string;
  relation?: Relation;
  householdNumber?: string;
}

/** 迁入房屋: pick a building of the resident's committee, then one of its rooms. */
export function MoveModal({
  resident,
  isOpen,
  onClose,
  onMoved,
}: {
  resident: Resident;
  isOpen: boolean;
  onClose: () => void;
  onMoved: (resident: Resident) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<MoveValues>();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const buildings = useBuildings(isOpen ? resident.committeeCode : undefined);
  const building = Form.useWatch('building', form);

  async function submit(values: MoveValues) {
    if (!values.roomId) return;
    setIsSaving(true);
    setFormError(undefined);
    try {
      const moved = await moveResident(resident.id, {
        roomId: values.roomId,
        ...(values.relation ? { relation: values.relation } : {}),
        ...(values.householdNumber?.trim()
          ? { householdNumber: values.householdNumber.trim() }
          : {}),
      });
      void message.success(t('registry.move.done'));
      onMoved(moved);
    } catch (error) {
      if (
        !showServerFieldError(form, error, ['roomId', 'relation', 'householdNumber'], {
          toName: fieldHead,
        })
      )
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={isOpen}
      title={t('registry.move.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.move.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'move-submit' }}
      destroyOnHidden
    >
      {formError ? (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<MoveValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) => void submit(values)}
        initialValues={{ householdNumber: resident.householdNumber ?? undefined }}
      >
        <Form.Item
          name="building"
          label={t('registry.field.building')}
          rules={[{ required: true, message: t('registry.move.buildingRequired') }]}
        >
          <BuildingSelect
            buildings={buildings.items}
            isLoading={buildings.isLoading}
            onChange={() => form.setFieldValue('roomId', undefined)}
            testId="move-building"
          />
        </Form.Item>
        <Form.Item
          name="roomId"
          label={t('registry.field.room')}
          rules={[{ required: true, message: t('registry.move.roomRequired') }]}
        >
          <RoomSelect area={resident.committeeCode} building={building} testId="move-room" />
        </Form.Item>
        <Form.Item name="relation" label={t('registry.field.relation')}>
          <Select allowClear options={codeOptions('relation', i18n.language)} />
        </Form.Item>
        <Form.Item name="householdNumber" label={t('registry.field.householdNumber')}>
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 登记迁出: the resident leaves (kept in the registry, no longer counted); a note is optional. */
export function MoveOutModal({
  resident,
  isOpen,
  onClose,
  onMovedOut,
}: {
  resident: Resident;
  isOpen: boolean;
  onClose: () => void;
  onMovedOut: (resident: Resident) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [note, setNote] = useState('');
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit() {
    setIsSaving(true);
    setError(undefined);
    try {
      const moved = await moveOutResident(resident.id, note.trim() ? { note: note.trim() } : {});
      void message.success(t('registry.moveOut.done'));
      setNote('');
      onMovedOut(moved);
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={isOpen}
      title={t('registry.moveOut.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('registry.moveOut.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'move-out-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('registry.moveOut.confirm', { name: resident.name })}
      </Typography.Paragraph>
      <Input.TextArea
        value={note}
        onChange={(event) => setNote(event.target.value)}
        maxLength={200}
        autoSize={{ minRows: 2 }}
        placeholder={t('registry.moveOut.note')}
        data-testid="move-out-note"
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}
