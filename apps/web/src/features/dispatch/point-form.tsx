import { POINT_KINDS, PointBody, type Taxonomy } from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  type FormInstance,
} from 'antd';
import { LngLatInputs } from '../../components/lng-lat-inputs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { fieldHead, showServerFieldError } from '../../lib/form-errors';
import { AccountSelect } from './account-select';
import { createPoint } from './dispatch-api';
import { matchesScenario, scenarioGroups } from '../../lib/scenarios';

export type PointKind = (typeof POINT_KINDS)[number];

export interface PointFormValues {
  name: string;
  kind: PointKind;
  lat?: number;
  lng?: number;
  radiusMeters: number;
  scenarioCodes?: string[];
  leaderId?: string;
  unitName: string;
}

const props = PointBody.properties;
export const pointLimits = {
  nameMax: props.name.maxLength ?? 100,
  unitMax: props.unitName.maxLength ?? 100,
  radiusMin: props.radiusMeters.minimum ?? 5,
  radiusMax: props.radiusMeters.maximum ?? 1000,
  radiusDefault: 50,
};

export const POINT_FORM_DEFAULTS: Partial<PointFormValues> = {
  kind: 'shop',
  radiusMeters: pointLimits.radiusDefault,
};

const FIELDS = [
  'name',
  'kind',
  'lat',
  'lng',
  'radiusMeters',
  'scenarioCodes',
  'leaderId',
  'unitName',
] as const;

interface Props {
  form: FormInstance<PointFormValues>;
  taxonomy: Taxonomy | undefined;
  onCancel: () => void;
  onCreated: () => void;
}

/** A new fixed point (点位): where it is comes from a click on the map (or typed in). */
export function PointForm({ form, taxonomy, onCancel, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const scenarioOptions = useMemo(
    () => scenarioGroups(taxonomy, i18n.language),
    [taxonomy, i18n.language],
  );

  async function submit(values: PointFormValues) {
    if (values.lat === undefined || values.lng === undefined || !values.leaderId) return;
    setIsSaving(true);
    setFormError(undefined);
    const body: PointBody = {
      name: values.name.trim(),
      kind: values.kind,
      lat: values.lat,
      lng: values.lng,
      radiusMeters: values.radiusMeters,
      // No scenario picked: the point takes every scenario.
      scenarioCodes: values.scenarioCodes?.length ? values.scenarioCodes : null,
      leaderId: values.leaderId,
      unitName: values.unitName.trim(),
    };
    try {
      const point = await createPoint(body);
      void message.success(t('dispatch.pointCreated', { name: point.name, area: point.areaName }));
      form.resetFields();
      onCreated();
    } catch (error) {
      if (!showServerFieldError(form, error, FIELDS, { toName: fieldHead }))
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <>
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          data-testid="dispatch-point-error"
        />
      ) : null}
      <Form<PointFormValues>
        form={form}
        layout="vertical"
        initialValues={POINT_FORM_DEFAULTS}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFormError(undefined)}
        data-testid="dispatch-point-form"
      >
        <Form.Item
          name="name"
          label={t('dispatch.pointName')}
          rules={[
            { required: true, whitespace: true, message: t('dispatch.pointNameRequired') },
            { max: pointLimits.nameMax },
          ]}
        >
          <Input
            maxLength={pointLimits.nameMax}
            placeholder={t('dispatch.pointNamePlaceholder')}
            data-testid="dispatch-point-name"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('dispatch.kind')} rules={[{ required: true }]}>
          <Select
            options={POINT_KINDS.map((kind) => ({
              value: kind,
              label: t(`dispatch.kinds.${kind}`),
            }))}
            data-testid="dispatch-point-kind"
          />
        </Form.Item>
        <Form.Item label={t('dispatch.location')} required extra={t('dispatch.locationHelp')}>
          <LngLatInputs
            form={form}
            labels={{
              lng: t('dispatch.lng'),
              lat: t('dispatch.lat'),
              required: t('dispatch.locationRequired'),
            }}
            testIdPrefix="dispatch-point"
          />
        </Form.Item>
        <Form.Item
          name="radiusMeters"
          label={t('dispatch.radius')}
          extra={t('dispatch.radiusHelp', {
            min: pointLimits.radiusMin,
            max: pointLimits.radiusMax,
          })}
          rules={[
            { required: true, message: t('dispatch.radiusRequired') },
            {
              type: 'integer',
              min: pointLimits.radiusMin,
              max: pointLimits.radiusMax,
              message: t('dispatch.radiusHelp', {
                min: pointLimits.radiusMin,
                max: pointLimits.radiusMax,
              }),
            },
          ]}
        >
          <InputNumber
            min={pointLimits.radiusMin}
            max={pointLimits.radiusMax}
            precision={0}
            step={10}
            suffix="m"
            style={{ width: '100%' }}
            data-testid="dispatch-point-radius"
          />
        </Form.Item>
        <Form.Item
          name="scenarioCodes"
          label={t('dispatch.pointScenarios')}
          extra={t('dispatch.pointScenariosHelp')}
        >
          <Select
            mode="multiple"
            allowClear
            options={scenarioOptions}
            showSearch={{ filterOption: matchesScenario }}
            placeholder={t('dispatch.allScenarios')}
            maxTagCount="responsive"
            data-testid="dispatch-point-scenarios"
          />
        </Form.Item>
        <Form.Item
          name="leaderId"
          label={t('dispatch.leader')}
          extra={t('dispatch.leaderHelp')}
          rules={[{ required: true, message: t('dispatch.leaderRequired') }]}
        >
          <AccountSelect testId="dispatch-point-leader" />
        </Form.Item>
        <Form.Item
          name="unitName"
          label={t('dispatch.unit')}
          rules={[
            { required: true, whitespace: true, message: t('dispatch.unitRequired') },
            { max: pointLimits.unitMax },
          ]}
        >
          <Input
            maxLength={pointLimits.unitMax}
            placeholder={t('dispatch.unitPlaceholder')}
            data-testid="dispatch-point-unit"
          />
        </Form.Item>
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            htmlType="submit"
            loading={isSaving}
            data-testid="dispatch-point-submit"
          >
            {t('dispatch.save')}
          </Button>
        </Space>
      </Form>
    </>
  );
}
