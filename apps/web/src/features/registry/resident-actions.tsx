import type { Relation, Resident } from '@cc/contracts';
import { App as AntApp, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from './form-modal';
import { moveOutResident, moveResident } from './registry-api';
import { codeOptions } from './registry-labels';
import { BuildingSelect, RoomSelect, useBuildings } from './room-picker';

interface MoveValues {
  building?: string;
  roomId?: string;
  relation?: Relation;
  householdNumber?: string;
}

const MOVE_FIELDS = ['roomId', 'relation', 'householdNumber'];

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
  const buildings = useBuildings(isOpen ? resident.committeeCode : undefined);
  const building = Form.useWatch('building', form);

  async function submit(values: MoveValues) {
    if (!values.roomId) return;
    const moved = await moveResident(resident.id, {
      roomId: values.roomId,
      ...(values.relation ? { relation: values.relation } : {}),
      ...(values.householdNumber?.trim() ? { householdNumber: values.householdNumber.trim() } : {}),
    });
    void message.success(t('registry.move.done'));
    onMoved(moved);
  }

  return (
    <FormModal<MoveValues>
      isOpen={isOpen}
      title={t('registry.move.title')}
      okText={t('registry.move.submit')}
      submitTestId="move-submit"
      fields={MOVE_FIELDS}
      onSubmit={submit}
      onClose={onClose}
      form={form}
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
    </FormModal>
  );
}

interface MoveOutValues {
  note?: string;
}

const MOVE_OUT_FIELDS = ['note'];

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

  async function submit(values: MoveOutValues) {
    const note = values.note?.trim();
    const moved = await moveOutResident(resident.id, note ? { note } : {});
    void message.success(t('registry.moveOut.done'));
    onMovedOut(moved);
  }

  return (
    <FormModal<MoveOutValues>
      isOpen={isOpen}
      title={t('registry.moveOut.title')}
      okText={t('registry.moveOut.submit')}
      submitTestId="move-out-confirm"
      fields={MOVE_OUT_FIELDS}
      onSubmit={submit}
      onClose={onClose}
      isDanger
    >
      <Typography.Paragraph>
        {t('registry.moveOut.confirm', { name: resident.name })}
      </Typography.Paragraph>
      <Form.Item name="note" style={{ marginBottom: 0 }}>
        <Input.TextArea
          maxLength={200}
          autoSize={{ minRows: 2 }}
          placeholder={t('registry.moveOut.note')}
          data-testid="move-out-note"
        />
      </Form.Item>
    </FormModal>
  );
}
