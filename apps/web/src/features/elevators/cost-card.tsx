import type { ElevatorCostShares, ElevatorDetail } from '@cc/contracts';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { isEnglish } from '../../lib/format';
import { formatYuan } from './elevator-format';
import { listCostPresets, setCost } from './elevators-api';

type FloorRow = ElevatorCostShares['byFloor'][number];

/** 费用分摊: staff pick a formula and enter the total; the shares per floor, to the fen. */
export function CostCard({
  project: p,
  onChange,
}: {
  project: ElevatorDetail;
  onChange: (p: ElevatorDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ preset: string; total: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const presets = useRequest((signal) => listCostPresets(signal), [], p.can.edit);
  const en = isEnglish(i18n.language);
  const presetCode = Form.useWatch<string | undefined>('preset', form);
  const chosen = presets.data?.find((x) => x.code === presetCode);

  async function send(v: { preset: string; total: string }) {
    setIsSending(true);
    setProblem(null);
    try {
      onChange(await setCost(p.id, { preset: v.preset, total: v.total.trim() }));
      void message.success(t('elevators.saved'));
    } catch (error) {
      if (!showServerFieldError(form, error, ['preset', 'total']))
        setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  const cost = p.cost;
  return (
    <Card size="small" title={t('elevators.cost.title')} data-testid="elevator-cost">
      {p.can.edit && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) => void send(v)}
          initialValues={{
            preset: cost?.preset,
            total: cost ? (cost.totalFen / 100).toFixed(2) : undefined,
          }}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item
            name="preset"
            label={t('elevators.cost.preset')}
            rules={[{ required: true, message: t('elevators.cost.preset') }]}
          >
            <Select
              style={{ minWidth: 260 }}
              loading={presets.isLoading}
              options={(presets.data ?? []).map((x) => ({
                value: x.code,
                label: en ? x.nameEn : x.name,
              }))}
              data-testid="elevator-cost-preset"
            />
          </Form.Item>
          <Form.Item
            name="total"
            label={t('elevators.cost.total')}
            rules={[
              {
                required: true,
                pattern: /^\d{1,8}(\.\d{1,2})?$/,
                message: t('elevators.cost.totalRule'),
              },
            ]}
          >
            <Input style={{ width: 160 }} inputMode="decimal" data-testid="elevator-cost-total" />
          </Form.Item>
          <Button htmlType="submit" loading={isSending} data-testid="elevator-cost-submit">
            {t('elevators.cost.submit')}
          </Button>
        </Form>
      )}
      {chosen && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {en ? chosen.noteEn : chosen.note}
        </Typography.Paragraph>
      )}
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {cost ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="elevator-cost-summary" data-total-fen={cost.totalFen}>
            {t('elevators.cost.summary', {
              total: formatYuan(cost.totalFen),
              floors: cost.floors,
              preset: en ? cost.presetNameEn : cost.presetName,
            })}
          </Typography.Text>
          <Table<FloorRow>
            rowKey="floor"
            size="small"
            pagination={false}
            dataSource={cost.byFloor}
            data-testid="elevator-cost-table"
            columns={[
              {
                title: t('elevators.cost.floor'),
                dataIndex: 'floor',
                render: (floor: number) => t('elevators.cost.floorN', { floor }),
              },
              { title: t('elevators.cost.weight'), dataIndex: 'weight' },
              { title: t('elevators.cost.rooms'), dataIndex: 'rooms' },
              {
                title: t('elevators.cost.perRoom'),
                key: 'perRoom',
                align: 'right',
                render: (_: unknown, f) =>
                  f.minFen === f.maxFen
                    ? formatYuan(f.minFen)
                    : `${formatYuan(f.minFen)} – ${formatYuan(f.maxFen)}`,
              },
              {
                title: t('elevators.cost.floorTotal'),
                dataIndex: 'totalFen',
                align: 'right',
                render: (fen: number) => formatYuan(fen),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('elevators.cost.note')}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('elevators.cost.none')}</Typography.Text>
      )}
    </Card>
  );
}
