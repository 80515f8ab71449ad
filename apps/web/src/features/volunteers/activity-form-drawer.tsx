import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  ACTIVITY_OPEN_TO,
  ACTIVITY_OPEN_TO_LABELS,
  ACTIVITY_RADIUS_DEFAULT_M,
  SERVICE_CATEGORIES,
  SERVICE_CATEGORY_LABELS,
  type ActivityKind,
  type ActivityOpenTo,
  type ServiceCategory,
  type VolunteerActivity,
} from '@cc/contracts';
import { App, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import type { FieldPath } from '../../lib/form-errors';
import { PointField, type Point } from './point-field';
import { FormDrawer, useSend } from '../../lib/sending';
import { ShiftsField, type ShiftValue } from './shifts-field';
import { useLabel } from './volunteer-format';
import { defaultShiftTimes } from './volunteer-rules';
import { createActivity, listTeams } from './volunteers-api';

interface Values {
  kind: ActivityKind;
  category: ServiceCategory;
  title: string;
  description?: string;
  place: string;
  point: Point | null;
  radiusM: number;
  openTo: ActivityOpenTo;
  teamId?: string;
  remindMinutes: number;
  shifts: ShiftValue[];
}

const FIELDS = [
  'kind',
  'category',
  'title',
  'description',
  'place',
  'point',
  'radiusM',
  'openTo',
  'teamId',
  'remindMinutes',
  'shifts',
];

/** `shifts.0.startsAt` is shown on the shift's time; the rest where the server names it. */
function fieldName(path: FieldPath): FieldPath | string {
  if (path[0] === 'point') return 'point';
  if (path[0] === 'shifts' && (path[2] === 'startsAt' || path[2] === 'endsAt')) {
    return ['shifts', path[1] ?? 0, 'time'];
  }
  return path;
}

/**
 * 发布活动: a volunteer service (shifts with roles, hours credited) or a community event open
 * to residents, at a place on the area's map, with who may join and when they are reminded.
 */
export function ActivityFormDrawer({
  area,
  onClose,
  onCreated,
}: {
  area: { code: string; name: string; centre: [number, number] };
  onClose: () => void;
  onCreated: (activity: VolunteerActivity) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const openTo = Form.useWatch('openTo', form);
  const teams = useRequest((signal) => listTeams(area.code, signal), [area.code]);
  const sending = useSend(form, FIELDS, {
    aliases: { lat: 'point', lng: 'point' },
    toName: fieldName,
  });
  const [initial] = useState<Partial<Values>>(() => {
    const [from, to] = defaultShiftTimes(Date.now());
    return {
      kind: 'service',
      category: 'other',
      openTo: 'volunteers',
      radiusM: ACTIVITY_RADIUS_DEFAULT_M,
      remindMinutes: 120,
      point: { lng: area.centre[0], lat: area.centre[1] },
      shifts: [
        {
          title: t('volunteers.activityForm.defaultShift'),
          time: [dayjs(from), dayjs(to)],
          roles: [{ name: t('volunteers.activityForm.defaultRole'), capacity: 10 }],
        },
      ],
    };
  });

  const publish = (v: Values) =>
    sending.send(async () => {
      const activity = await createActivity({
        areaCode: area.code,
        kind: v.kind,
        category: v.category,
        title: v.title.trim(),
        description: (v.description ?? '').trim(),
        place: v.place.trim(),
        lat: v.point?.lat ?? area.centre[1],
        lng: v.point?.lng ?? area.centre[0],
        radiusM: v.radiusM,
        openTo: v.openTo,
        ...(v.openTo === 'team' && v.teamId ? { teamId: v.teamId } : {}),
        remindMinutes: v.remindMinutes,
        shifts: v.shifts.map((s) => ({
          title: s.title.trim(),
          startsAt: s.time[0].toISOString(),
          endsAt: s.time[1].toISOString(),
          roles: s.roles.map((r) => ({ name: r.name.trim(), capacity: r.capacity })),
        })),
      });
      void message.success(t('volunteers.activityForm.published'));
      onCreated(activity);
    });

  return (
    <FormDrawer
      title={t('volunteers.activityForm.title', { area: area.name })}
      size={640}
      submitText={t('volunteers.activityForm.publish')}
      submitTestId="activity-create-submit"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void publish(v)}
        onValuesChange={(changed: Partial<Values>) => {
          // a community event is for residents and counts as one; a service for volunteers
          if (changed.kind === 'event')
            form.setFieldsValue({ category: 'community_event', openTo: 'residents' });
          if (changed.kind === 'service') form.setFieldsValue({ openTo: 'volunteers' });
        }}
      >
        <Form.Item name="kind" label={t('volunteers.field.kind')}>
          <Radio.Group
            optionType="button"
            options={ACTIVITY_KINDS.map((k) => ({
              value: k,
              label: label(ACTIVITY_KIND_LABELS[k]),
            }))}
            data-testid="activity-kind"
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('volunteers.field.category')}
          rules={[{ required: true }]}
        >
          <Select
            options={SERVICE_CATEGORIES.map((c) => ({
              value: c,
              label: label(SERVICE_CATEGORY_LABELS[c]),
            }))}
            data-testid="activity-category"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('volunteers.field.title')}
          rules={[{ required: true, whitespace: true, max: 60 }]}
        >
          <Input maxLength={60} data-testid="activity-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('volunteers.field.description')}
          rules={[{ max: 2000 }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="activity-description" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('volunteers.field.place')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input maxLength={100} data-testid="activity-place" />
        </Form.Item>
        <Form.Item name="point" label={t('volunteers.field.point')} rules={[{ required: true }]}>
          <PointField areaCode={area.code} testId="activity-point" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            name="radiusM"
            label={t('volunteers.field.radius')}
            rules={[{ required: true }]}
          >
            <InputNumber<number>
              min={20}
              max={2000}
              precision={0}
              suffix="m"
              style={{ width: 140 }}
              data-testid="activity-radius"
            />
          </Form.Item>
          <Form.Item
            name="remindMinutes"
            label={t('volunteers.field.remind')}
            extra={t('volunteers.activityForm.remindHelp')}
          >
            <InputNumber<number>
              min={0}
              max={2880}
              precision={0}
              suffix={t('volunteers.minutesUnit')}
              style={{ width: 160 }}
              data-testid="activity-remind"
            />
          </Form.Item>
        </Space>
        <Form.Item name="openTo" label={t('volunteers.field.openTo')}>
          <Radio.Group
            options={ACTIVITY_OPEN_TO.map((o) => ({
              value: o,
              label: label(ACTIVITY_OPEN_TO_LABELS[o]),
            }))}
            data-testid="activity-open-to"
          />
        </Form.Item>
        {openTo === 'team' ? (
          <Form.Item name="teamId" label={t('volunteers.field.team')} rules={[{ required: true }]}>
            <Select
              options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
              notFoundContent={t('volunteers.team.empty')}
              data-testid="activity-team"
            />
          </Form.Item>
        ) : null}
        <ShiftsField />
      </Form>
    </FormDrawer>
  );
}
