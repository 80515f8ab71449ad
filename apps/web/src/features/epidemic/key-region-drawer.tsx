import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { shanghaiDate } from '../../lib/shanghai-time';
import { createKeyRegion, updateKeyRegion } from './epidemic-api';
import { isDateRangeValid } from './epidemic-rules';
import { KEY_REGION_LEVELS, type KeyRegion, type KeyRegionLevel } from './epidemic-types';
import { RegionPicker, type PickedRegion } from './region-picker';

interface Values {
  region?: PickedRegion;
  level: KeyRegionLevel;
  from: Dayjs;
  to?: Dayjs | null;
  note?: string;
}

const FIELDS = ['region', 'level', 'from', 'to', 'note'] as const;
const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);

/**
 * 新增 / 编辑重点地区: a region (only when new: a listing keeps its region), its level, the
 * dates it is listed and a note. The server's refusals show beside the field they name.
 */
export function KeyRegionDrawer({
  editing,
  onClose,
  onDone,
}: {
  /** the listing edited, or null for a new one */
  editing: KeyRegion | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const [openedAt] = useState(() => Date.now());

  async function send(v: Values) {
    setIsSending(true);
    setProblem(null);
    try {
      if (editing) {
        await updateKeyRegion(editing.id, {
          level: v.level,
          to: day(v.to) ?? null,
          note: v.note?.trim() ?? '',
        });
      } else {
        await createKeyRegion({
          regionCode: v.region?.code ?? '',
          level: v.level,
          from: day(v.from) ?? '',
          ...(v.to ? { to: day(v.to) } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        });
      }
      void message.success(
        t(editing ? 'epidemic.keyRegions.saved' : 'epidemic.keyRegions.created'),
      );
      onDone();
    } catch (error) {
      if (!showServerFieldError(form, error, FIELDS, { aliases: { regionCode: 'region' } })) {
        setProblem(describeError(error, t));
      }
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Drawer
      open
      size={480}
      title={t(editing ? 'epidemic.keyRegions.edit' : 'epidemic.keyRegions.new')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={isSending}
            onClick={() => form.submit()}
            data-testid="key-region-save"
          >
            {t('epidemic.keyRegions.save')}
          </Button>
        </Space>
      }
    >
      {problem ? (
        <Alert
          type="error"
          showIcon
          title={problem}
          style={{ marginBottom: 12 }}
          data-testid="key-region-error"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void send(v)}
        initialValues={
          editing
            ? {
                level: editing.level,
                from: dayjs(editing.from),
                to: editing.to ? dayjs(editing.to) : null,
                note: editing.note,
              }
            : { level: 'high', from: dayjs(shanghaiDate(openedAt)) }
        }
        data-testid="key-region-form"
      >
        {editing ? (
          <Form.Item label={t('epidemic.keyRegions.region')}>
            <Typography.Text strong>{editing.region.path || editing.region.name}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="region"
            label={t('epidemic.keyRegions.region')}
            rules={[{ required: true, message: t('epidemic.keyRegions.rule.region') }]}
          >
            <RegionPicker testId="key-region-region" />
          </Form.Item>
        )}
        <Form.Item name="level" label={t('epidemic.keyRegions.level')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={KEY_REGION_LEVELS.map((l) => ({ value: l, label: t(`epidemic.level.${l}`) }))}
            data-testid="key-region-level-input"
          />
        </Form.Item>
        <Form.Item
          name="from"
          label={t('epidemic.keyRegions.from')}
          rules={[{ required: true, message: t('epidemic.keyRegions.rule.from') }]}
        >
          <DatePicker
            disabled={!!editing}
            style={{ width: '100%' }}
            data-testid="key-region-from"
          />
        </Form.Item>
        <Form.Item
          name="to"
          label={t('epidemic.keyRegions.to')}
          extra={t('epidemic.keyRegions.toHint')}
          dependencies={['from']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: Dayjs | null | undefined) =>
                isDateRangeValid(day(getFieldValue('from') as Dayjs) ?? '', day(value))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('epidemic.keyRegions.rule.to'))),
            }),
          ]}
        >
          <DatePicker allowClear style={{ width: '100%' }} data-testid="key-region-to" />
        </Form.Item>
        <Form.Item name="note" label={t('epidemic.keyRegions.note')}>
          <Input.TextArea
            maxLength={200}
            showCount
            autoSize={{ minRows: 2 }}
            data-testid="key-region-note"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
