import {
  CreateSensorDeviceBody,
  SENSOR_DEVICE_ID_PATTERN,
  type SensorDeviceKeyAnswer,
  type SensorRule,
} from '@cc/contracts';
import { Form, Grid, Input, Select } from 'antd';
import { LngLatInputs } from '../../components/lng-lat-inputs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { OutlinePinMap } from '../../components/pin-map-field';
import { areasApi, useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { CITY_CODE, scopeRoots, useMe } from '../../lib/session';
import { FormDrawer, useSend } from '../../lib/sending';
import { createDevice, listOwners } from './sensors-api';
import { SENSOR_READER_ROLES } from './sensors-roles';

interface Values {
  id: string;
  kind?: string;
  name: string;
  ownerDepartment?: string;
  lng?: number;
  lat?: number;
}

const FIELDS = ['id', 'kind', 'name', 'ownerDepartment', 'lat', 'lng'] as const;
const ID = new RegExp(SENSOR_DEVICE_ID_PATTERN);
const NAME_MAX = CreateSensorDeviceBody.properties.name.maxLength ?? 60;

/**
 * 登记设备 (the city's administrators): its ID as the device or its gateway knows it, its kind,
 * a name, the department that owns it, and its place — picked on the map of an area chosen to
 * zoom in (or typed). The answer carries the device's key, which the page shows once.
 */
export function DeviceDrawer({
  rules,
  onClose,
  onCreated,
}: {
  rules: readonly SensorRule[];
  onClose: () => void;
  onCreated: (answer: SensorDeviceKeyAnswer) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const screens = Grid.useBreakpoint();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);
  const roots = useMemo(() => scopeRoots(me, SENSOR_READER_ROLES), [me]);
  const [mapCode, setMapCode] = useState(() => roots[0]?.code ?? CITY_CODE);
  const outline = useRequest((signal) => areasApi.getBoundaries(mapCode, signal), [mapCode]);
  const owners = useRequest((signal) => listOwners(signal), []);
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const place = typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null;

  const send = (values: Values) =>
    sending.send(async () => {
      if (
        !values.kind ||
        !values.ownerDepartment ||
        values.lat === undefined ||
        values.lng === undefined
      ) {
        return;
      }
      onCreated(
        await createDevice({
          id: values.id.trim(),
          kind: values.kind,
          name: values.name.trim(),
          ownerDepartment: values.ownerDepartment,
          lat: values.lat,
          lng: values.lng,
        }),
      );
    });

  return (
    <FormDrawer
      title={t('sensors.device.title')}
      size={screens.md ? 640 : 360}
      submitText={t('sensors.device.submit')}
      submitTestId="sensor-device-submit"
      testId="sensor-device-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ id: '', name: '', kind: rules[0]?.kind }}
        onFinish={(values) => void send(values)}
        onValuesChange={sending.clearProblem}
      >
        <div className="cc-form-pair">
          <Form.Item
            name="id"
            label={t('sensors.device.id')}
            extra={t('sensors.device.idHelp')}
            rules={[
              { required: true, whitespace: true, message: t('sensors.device.idRequired') },
              { pattern: ID, message: t('sensors.device.idShape') },
            ]}
          >
            <Input maxLength={64} placeholder="WL-0001" data-testid="sensor-device-id" />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('sensors.device.kind')}
            rules={[{ required: true, message: t('sensors.device.kindRequired') }]}
          >
            <Select
              options={rules.map((r) => ({
                value: r.kind,
                label: inLanguage(r.name, r.nameEn, language),
              }))}
              data-testid="sensor-device-kind"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="name"
          label={t('sensors.device.name')}
          rules={[{ required: true, whitespace: true, message: t('sensors.device.nameRequired') }]}
        >
          <Input
            maxLength={NAME_MAX}
            placeholder={t('sensors.device.namePlaceholder')}
            data-testid="sensor-device-name"
          />
        </Form.Item>
        <Form.Item
          name="ownerDepartment"
          label={t('sensors.device.owner')}
          extra={t('sensors.device.ownerHelp')}
          rules={[{ required: true, message: t('sensors.device.ownerRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            loading={owners.isLoading}
            options={owners.data?.items
              .filter((d) => !d.disabled)
              .map((d) => ({
                value: d.code,
                label: inLanguage(d.name, d.nameEn, language),
                search: `${d.name} ${d.nameEn} ${d.code}`.toLowerCase(),
              }))}
            data-testid="sensor-device-owner"
          />
        </Form.Item>
        <Form.Item label={t('sensors.device.area')} extra={t('sensors.device.areaHelp')}>
          <AreaTreeSelect
            roots={roots}
            value={mapCode}
            onChange={(code) => setMapCode(code ?? roots[0]?.code ?? CITY_CODE)}
            isClearable={false}
            testId="sensor-device-area"
          />
        </Form.Item>
        <Form.Item label={t('sensors.device.place')} required extra={t('sensors.device.placeHelp')}>
          <LngLatInputs
            form={form}
            labels={{
              lng: t('sensors.device.lng'),
              lat: t('sensors.device.lat'),
              required: t('sensors.device.placeRequired'),
            }}
            testIdPrefix="sensor-device"
            style={{ marginBottom: 8 }}
          />
          <OutlinePinMap
            boundary={outline.data}
            error={outline.error}
            value={place}
            onChange={(point) => {
              form.setFieldsValue({ lat: point.lat, lng: point.lng });
              form.setFields([
                { name: 'lat', errors: [] },
                { name: 'lng', errors: [] },
              ]);
            }}
            height={320}
            testId="sensor-device-map"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
