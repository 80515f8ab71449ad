import type {
  CommitteeProposalSettings,
  CommitteeProposalSettingsView,
  StreetProposalSettings,
  StreetProposalSettingsView,
} from '@cc/contracts';
import { App, Button, Card, Form, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import {
  getCommitteeSettings,
  getStreetSettings,
  putCommitteeSettings,
  putStreetSettings,
} from './proposals-api';

/**
 * One settings record of `code`: loaded, and saved back from its form (saved → a message and a
 * reload; a field the server refuses → the message under that field).
 */
function useSettingsForm<V, T extends object>(
  code: string,
  load: (code: string, signal: AbortSignal) => Promise<V>,
  put: (code: string, values: T) => Promise<unknown>,
  fields: readonly string[],
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const view = useRequest((signal) => load(code, signal), [code]);
  const [isSaving, setSaving] = useState(false);
  async function save(values: T) {
    setSaving(true);
    try {
      await put(code, values);
      void message.success(t('proposals.settings.saved'));
      view.reload();
    } catch (error) {
      if (!showServerFieldError(form, error, fields)) void message.error(describeError(error, t));
    } finally {
      setSaving(false);
    }
  }
  return { form, view, isSaving, save };
}

/** A committee's threshold: minimum supporters and share of verified households, in bounds. */
function CommitteeSettingsCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { form, view, isSaving, save } = useSettingsForm<
    CommitteeProposalSettingsView,
    CommitteeProposalSettings
  >(code, getCommitteeSettings, putCommitteeSettings, ['minSupports', 'householdPercent']);
  if (view.error) return <LoadError error={view.error} onRetry={view.reload} isCompact />;
  if (!view.data) return <PageSpin />;
  const v = view.data;
  return (
    <Card
      size="small"
      title={t('proposals.settings.committee')}
      extra={v.isDefault ? <Tag>{t('proposals.settings.isDefault')}</Tag> : null}
      data-testid="committee-settings"
    >
      <Typography.Paragraph type="secondary">
        {t('proposals.settings.committeeHelp')}
        <br />
        {t('proposals.settings.bounds', {
          floor: v.bounds.minSupportsFloor,
          ceiling: v.bounds.minSupportsCeiling,
          pFloor: v.bounds.percentFloor,
          pCeiling: v.bounds.percentCeiling,
          days: v.bounds.answerDays,
        })}
      </Typography.Paragraph>
      <Form<CommitteeProposalSettings>
        key={`${code}-${v.minSupports}-${v.householdPercent}`}
        form={form}
        layout="inline"
        onFinish={save}
        initialValues={{ minSupports: v.minSupports, householdPercent: v.householdPercent }}
        disabled={!v.canEdit}
      >
        <Form.Item name="minSupports" label={t('proposals.settings.minSupports')}>
          <InputNumber
            min={v.bounds.minSupportsFloor}
            max={v.bounds.minSupportsCeiling}
            precision={0}
            data-testid="settings-min-supports"
          />
        </Form.Item>
        <Form.Item name="householdPercent" label={t('proposals.settings.householdPercent')}>
          <InputNumber
            min={v.bounds.percentFloor}
            max={v.bounds.percentCeiling}
            step={0.5}
            data-testid="settings-household-percent"
          />
        </Form.Item>
        {v.canEdit && (
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="settings-save">
            {t('proposals.settings.save')}
          </Button>
        )}
      </Form>
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
        {t('proposals.settings.verifiedHouseholds', { count: v.verifiedHouseholds })} ·{' '}
        <span data-testid="settings-threshold">
          {t('proposals.settings.threshold', { count: v.threshold })}
        </span>
      </Typography.Paragraph>
    </Card>
  );
}

const STREET_FIELDS = [
  'minSupportsFloor',
  'minSupportsCeiling',
  'percentFloor',
  'percentCeiling',
  'answerDays',
] as const;

/** The street's bounds on its committees' thresholds and the days to answer. */
function StreetSettingsCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { form, view, isSaving, save } = useSettingsForm<
    StreetProposalSettingsView,
    StreetProposalSettings
  >(code, getStreetSettings, putStreetSettings, STREET_FIELDS);
  if (view.error) return <LoadError error={view.error} onRetry={view.reload} isCompact />;
  if (!view.data) return <PageSpin />;
  const v = view.data;
  return (
    <Card
      size="small"
      title={t('proposals.settings.street')}
      extra={v.isDefault ? <Tag>{t('proposals.settings.isDefault')}</Tag> : null}
      data-testid="street-settings"
    >
      <Typography.Paragraph type="secondary">
        {t('proposals.settings.streetHelp')}
      </Typography.Paragraph>
      <Form<StreetProposalSettings>
        key={STREET_FIELDS.map((f) => v[f]).join('-')}
        form={form}
        layout="inline"
        onFinish={save}
        initialValues={Object.fromEntries(STREET_FIELDS.map((f) => [f, v[f]]))}
        disabled={!v.canEdit}
      >
        {STREET_FIELDS.map((f) => (
          <Form.Item key={f} name={f} label={t(`proposals.settings.${f}`)}>
            <InputNumber
              min={f === 'answerDays' || f.startsWith('min') ? 1 : 0}
              max={f === 'answerDays' ? 90 : f.startsWith('percent') ? 100 : 100_000}
              data-testid={`settings-${f}`}
            />
          </Form.Item>
        ))}
        {v.canEdit && (
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="street-save">
            {t('proposals.settings.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

/** 门槛设置: committee staff set their committee's; street operators set the bounds and pick a committee. */
export function ThresholdSettings({
  committees,
  streets,
}: {
  committees: { code: string; name: string }[];
  streets: string[];
}) {
  const { t } = useTranslation();
  const street = streets[0];
  const children = useRequest(
    (signal) => areasApi.listChildren(street!, signal),
    [street],
    !!street,
  );
  const options = [
    ...committees.map((c) => ({ value: c.code, label: c.name })),
    ...(children.data?.items ?? [])
      .filter((a) => a.level === 'committee')
      .map((a) => ({ value: a.code, label: a.name })),
  ];
  const [picked, setPicked] = useState<string | undefined>(committees[0]?.code);
  const committee = picked ?? options[0]?.value;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {streets.map((s) => (
        <StreetSettingsCard key={s} code={s} />
      ))}
      {options.length > 1 && (
        <Space>
          {t('proposals.settings.pickCommittee')}
          <Select
            style={{ width: 240 }}
            value={committee}
            onChange={setPicked}
            options={options}
            data-testid="settings-committee"
          />
        </Space>
      )}
      {committee && <CommitteeSettingsCard code={committee} />}
    </Space>
  );
}
