import { ELEVATOR_TITLE_MAX, type ElevatorDetail } from '@cc/contracts';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { useMe } from '../../lib/session';
import {
  buildingRooms,
  committeeCompounds,
  compoundBuildings,
  createElevator,
} from './elevators-api';

interface Values {
  committeeCode?: string;
  compoundCode: string;
  buildingId: string;
  unit: string;
  title: string;
  targetYear?: number | null;
}

/** 新建项目: a staircase of the committee (compound → building → unit), a name, a target year. */
export function NewProjectDrawer({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (p: ElevatorDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const committees = me.roles
    .filter((r) => r.role === 'committee_staff' && r.areaLevel === 'committee')
    .map((r) => ({ code: r.areaCode, name: r.areaName }))
    .filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i);
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const committee =
    Form.useWatch<string | undefined>('committeeCode', form) ??
    (committees.length === 1 ? committees[0]!.code : undefined);
  const compound = Form.useWatch<string | undefined>('compoundCode', form);
  const building = Form.useWatch<string | undefined>('buildingId', form);
  const compounds = useRequest(
    (signal) => committeeCompounds(committee!, signal),
    [committee],
    !!committee,
  );
  const buildings = useRequest(
    (signal) => compoundBuildings(compound!, signal),
    [compound],
    !!compound,
  );
  const rooms = useRequest(
    (signal) => buildingRooms(compound!, building!, signal),
    [compound, building],
    !!compound && !!building,
  );
  const units = [...new Set((rooms.data?.items ?? []).map((r) => r.unit).filter(Boolean))].sort(
    (a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }),
  );
  const loadError = compounds.error ?? buildings.error ?? rooms.error;

  async function send(v: Values) {
    setIsSending(true);
    setProblem(null);
    try {
      const p = await createElevator({
        committeeCode: committee,
        buildingId: v.buildingId,
        unit: v.unit,
        title: v.title.trim(),
        ...(v.targetYear ? { targetYear: v.targetYear } : {}),
      });
      void message.success(t('elevators.created'));
      onDone(p);
    } catch (error) {
      const shown = showServerFieldError(form, error, [
        'title',
        'buildingId',
        'unit',
        'targetYear',
      ]);
      if (!shown) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Drawer
      open
      width={520}
      title={t('elevators.create')}
      onClose={onClose}
      data-testid="elevator-create-drawer"
      extra={
        <Button
          type="primary"
          loading={isSending}
          onClick={() => form.submit()}
          data-testid="elevator-create-submit"
        >
          {t('elevators.createSubmit')}
        </Button>
      }
    >
      {(problem !== null || !!loadError) && (
        <Alert
          type="error"
          showIcon
          message={problem ?? describeError(loadError, t)}
          style={{ marginBottom: 12 }}
          data-testid="elevator-create-error"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void send(v)}
        initialValues={{ targetYear: new Date().getFullYear() }}
      >
        {committees.length > 1 && (
          <Form.Item
            name="committeeCode"
            label={t('elevators.field.committee')}
            rules={[{ required: true, message: t('elevators.rule.committee') }]}
          >
            <Select options={committees.map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
        )}
        <Form.Item
          name="compoundCode"
          label={t('elevators.field.compound')}
          rules={[{ required: true, message: t('elevators.rule.compound') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={compounds.isLoading}
            disabled={!committee}
            onChange={() => form.setFieldsValue({ buildingId: undefined, unit: undefined })}
            options={(compounds.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
            data-testid="elevator-compound"
          />
        </Form.Item>
        <Form.Item
          name="buildingId"
          label={t('elevators.field.building')}
          rules={[{ required: true, message: t('elevators.rule.building') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={buildings.isLoading}
            disabled={!compound}
            onChange={() => form.setFieldsValue({ unit: undefined })}
            options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            data-testid="elevator-building"
          />
        </Form.Item>
        <Form.Item
          name="unit"
          label={t('elevators.field.unit')}
          rules={[{ required: true, message: t('elevators.rule.unit') }]}
        >
          <Select
            loading={rooms.isLoading}
            disabled={!building}
            options={units.map((u) => ({ value: u, label: u }))}
            data-testid="elevator-unit"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('elevators.field.title')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              max: ELEVATOR_TITLE_MAX,
              message: t('elevators.rule.title'),
            },
          ]}
        >
          <Input maxLength={ELEVATOR_TITLE_MAX} data-testid="elevator-title-input" />
        </Form.Item>
        <Form.Item name="targetYear" label={t('elevators.field.targetYear')}>
          <InputNumber min={2000} max={2100} precision={0} data-testid="elevator-target-year" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
