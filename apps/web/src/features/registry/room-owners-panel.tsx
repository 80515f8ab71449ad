import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OWNER_KINDS,
  ROOM_OWNERS_MAX,
  type OwnerDocumentType,
  type OwnerKind,
  type Room,
  type RoomOwner,
  type RoomOwners,
  type RoomOwnersBody,
} from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { getRoomOwners, putRoomOwners } from './owners-api';
import { codeLabel, codeOptions } from './registry-labels';

interface OwnerValues {
  /** an owner on record, kept: their name and document stay */
  id?: string;
  kept?: string;
  kind?: OwnerKind;
  name?: string;
  documentType?: OwnerDocumentType;
  documentNumber?: string;
  share?: number | null;
}
interface Values {
  registeredArea?: number | null;
  owners?: OwnerValues[];
}

const KIND_COLOURS: Record<OwnerKind, string> = {
  person: 'blue',
  organisation: 'purple',
  developer: 'orange',
};

/** Hundredths of a percent, added up as integers (no 33.33 + 66.67 = 100.00000001). */
const totalOf = (owners: OwnerValues[] | undefined) =>
  (owners ?? []).reduce((sum, o) => sum + Math.round((o?.share ?? 0) * 100), 0) / 100;

/**
 * 产权人: a room's owners on record with their shares and the registered area (不动产登记面积)
 * that owners' votes count, in a drawer opened from the housing page. Names are masked for
 * readers who may not see them (the server decides); committee staff edit them in one go.
 */
export function RoomOwnersPanel({
  room,
  onClose,
}: {
  room: Room | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [isEditing, setIsEditing] = useState(false);
  const loaded = useRequest((signal) => getRoomOwners(room!.id, signal), [room?.id], !!room);
  const data = loaded.data?.roomId === room?.id ? loaded.data : undefined;

  const close = () => {
    setIsEditing(false);
    onClose();
  };

  const area = (value: number | null) =>
    value === null ? t('registryOwners.none') : t('registryOwners.squareMetres', { value });

  const view = (d: RoomOwners) => (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('registryOwners.registeredArea')}>
          <span data-testid="owners-registered-area">{area(d.registeredArea)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('registryOwners.floorArea')}>
          {area(d.floorArea)}
        </Descriptions.Item>
      </Descriptions>
      {d.recordedAt && d.source ? (
        <Typography.Text type="secondary">
          {t('registryOwners.recorded', {
            source: t(`registryOwners.source.${d.source}`),
            at: formatDateTime(d.recordedAt, language),
          })}
          {d.recordedBy ? t('registryOwners.recordedBy', { name: d.recordedBy }) : ''}
        </Typography.Text>
      ) : null}
      {d.namesMasked && d.owners.length ? (
        <Alert type="info" showIcon title={t('registryOwners.masked')} />
      ) : null}
      {d.owners.length === 0 ? (
        <Empty description={t('registryOwners.empty')} />
      ) : (
        <List<RoomOwner>
          size="small"
          bordered
          dataSource={d.owners}
          data-testid="owners-list"
          renderItem={(o) => (
            <List.Item extra={<strong>{o.share}%</strong>}>
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <span>{o.name}</span>
                    <Tag color={KIND_COLOURS[o.kind]}>{t(`registryOwners.kind.${o.kind}`)}</Tag>
                    {o.otherRooms > 0 ? (
                      <Tag>{t('registryOwners.otherRooms', { count: o.otherRooms })}</Tag>
                    ) : null}
                  </Space>
                }
                description={`${codeLabel('ownerDocumentType', o.documentType, language)} ${o.document}`}
              />
            </List.Item>
          )}
        />
      )}
      {d.canEdit ? (
        <Button
          icon={<EditOutlined />}
          onClick={() => setIsEditing(true)}
          data-testid="owners-edit"
        >
          {t('registryOwners.edit')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <Drawer
      open={!!room}
      onClose={close}
      title={room ? t('registryOwners.title', { room: room.label }) : undefined}
      width="min(560px, 100vw)"
      destroyOnHidden
      data-testid="room-owners"
    >
      {loaded.error ? (
        <Alert
          type="error"
          showIcon
          title={describeError(loaded.error, t)}
          action={<Button onClick={loaded.reload}>{t('common.retry')}</Button>}
        />
      ) : !data ? (
        <Spin />
      ) : isEditing && room ? (
        <OwnersEditor
          roomId={room.id}
          data={data}
          onSaved={() => {
            setIsEditing(false);
            loaded.reload();
          }}
          onCancel={() => setIsEditing(false)}
        />
      ) : (
        view(data)
      )}
    </Drawer>
  );
}

/** The room's owners in a form: those on record kept (share and kind editable), new ones added. */
function OwnersEditor({
  roomId,
  data,
  onSaved,
  onCancel,
}: {
  roomId: string;
  data: RoomOwners;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = AntApp.useApp();
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [form] = Form.useForm<Values>();
  const owners = Form.useWatch('owners', form);
  const total = totalOf(owners);

  async function save(values: Values) {
    const body: RoomOwnersBody = {
      registeredArea: values.registeredArea ?? null,
      owners: (values.owners ?? []).map((o) =>
        o.id
          ? { id: o.id, kind: o.kind, share: o.share ?? 0 }
          : {
              kind: o.kind,
              name: o.name?.trim() ?? '',
              documentType: o.documentType,
              documentNumber: o.documentNumber?.trim() ?? '',
              share: o.share ?? 0,
            },
      ),
    };
    setIsSaving(true);
    setFailure(undefined);
    try {
      await putRoomOwners(roomId, body);
      void message.success(t('registryOwners.saved'));
      onSaved();
    } catch (error) {
      setFailure(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{
        registeredArea: data.registeredArea,
        owners: data.owners.map((o) => ({
          id: o.id,
          kept: `${o.name} · ${o.document}`,
          kind: o.kind,
          share: o.share,
        })),
      }}
      // (the whole store: an owner on record is kept by an id no field shows)
      onFinish={() => void save(form.getFieldsValue(true) as Values)}
    >
      <Form.Item
        name="registeredArea"
        label={t('registryOwners.registeredArea')}
        extra={t('registryOwners.areaHelp')}
      >
        <InputNumber min={0.01} max={100000} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.List name="owners">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {fields.map((field) => {
              const kept = form.getFieldValue(['owners', field.name, 'kept']) as string | undefined;
              return (
                <Card
                  key={field.key}
                  size="small"
                  title={kept ?? t('registryOwners.add')}
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('registryOwners.remove')}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  <Form.Item name={[field.name, 'kind']} noStyle>
                    <Select
                      style={{ width: '100%', marginBottom: 8 }}
                      options={OWNER_KINDS.map((k) => ({
                        value: k,
                        label: t(`registryOwners.kind.${k}`),
                      }))}
                    />
                  </Form.Item>
                  {kept ? null : (
                    <>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('registryOwners.name')}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('registryOwners.nameRequired'),
                          },
                        ]}
                      >
                        <Input maxLength={80} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'documentType']}
                        label={t('registryOwners.documentType')}
                      >
                        <Select options={codeOptions('ownerDocumentType', language)} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'documentNumber']}
                        label={t('registryOwners.documentNumber')}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('registryOwners.numberRequired'),
                          },
                        ]}
                      >
                        <Input maxLength={30} autoComplete="off" />
                      </Form.Item>
                    </>
                  )}
                  <Form.Item
                    name={[field.name, 'share']}
                    label={t('registryOwners.share')}
                    rules={[{ required: true, message: t('registryOwners.shareRequired') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <InputNumber
                      min={0.01}
                      max={100}
                      precision={2}
                      suffix="%"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Card>
              );
            })}
            <Button
              icon={<PlusOutlined />}
              disabled={fields.length >= ROOM_OWNERS_MAX}
              onClick={() => add({ kind: 'person', documentType: 'resident_id' })}
              data-testid="owners-add"
              block
            >
              {t('registryOwners.add')}
            </Button>
          </Space>
        )}
      </Form.List>
      <div style={{ margin: '12px 0' }}>
        {owners?.length ? (
          <Typography.Text type={total === 100 ? 'secondary' : 'danger'} data-testid="owners-total">
            {total === 100
              ? t('registryOwners.total', { total })
              : t('registryOwners.totalWrong', { total })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('registryOwners.clearHint')}</Typography.Text>
        )}
      </div>
      {failure ? (
        <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />
      ) : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={isSaving} data-testid="owners-save">
          {t('registryOwners.save')}
        </Button>
        <Button onClick={onCancel} disabled={isSaving}>
          {t('registryOwners.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
