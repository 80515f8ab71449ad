import {
  FEE_CHANGE_STATE_LABELS,
  FEE_USE_LABELS,
  FEE_USES,
  type CompoundPropertyDetail,
  type FeeAmount,
  type FeeChangeView,
  type FeeRate,
  type FeeUse,
} from '@cc/contracts';
import {
  Alert,
  Button,
  Divider,
  Form,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { inLanguage } from '../../lib/format';
import { createFeeChange, recordFees, voteLink, yuan } from './property-api';
import { useSave } from './use-save';

interface FeeForm {
  residential?: number | null;
  commercial?: number | null;
  effectiveFrom: string;
  reason?: string;
}

/** The form's yuan per use → fen, for the uses filled in. */
const amounts = (v: FeeForm, uses: readonly FeeUse[]): FeeAmount[] =>
  uses.flatMap((use) => {
    const value = v[use];
    return value === null || value === undefined ? [] : [{ use, fen: Math.round(value * 100) }];
  });

const feeText = (fees: FeeAmount[], nameOfUse: (u: FeeUse) => string) =>
  fees.map((f) => `${nameOfUse(f.use)} ¥${yuan(f.fen)}`).join('，');

/**
 * The fee tab: the fees in force and their history; the fee on record for a use without one;
 * a change proposed to the owners, whose vote staff open on the votes page ("发起业主表决").
 */
export function FeePanel({
  detail,
  onSaved,
}: {
  detail: CompoundPropertyDetail;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [recordForm] = Form.useForm<FeeForm>();
  const [changeForm] = Form.useForm<FeeForm>();
  const record = useSave(recordForm, ['fees', 'effectiveFrom']);
  const change = useSave(changeForm, ['fees', 'effectiveFrom', 'reason']);
  const nameOfUse = (u: FeeUse) =>
    inLanguage(FEE_USE_LABELS[u].zh, FEE_USE_LABELS[u].en, i18n.language);
  const missing = FEE_USES.filter((u) => !detail.feeHistory.some((h) => h.use === u));
  const pending = detail.pendingChange;
  const fields = (uses: readonly FeeUse[]) =>
    uses.map((use) => (
      <Form.Item key={use} name={use} label={`${nameOfUse(use)} · ${t('property.fenPerM2')}`}>
        <InputNumber
          min={0}
          max={100}
          precision={2}
          step={0.1}
          data-testid={`property-fee-${use}`}
        />
      </Form.Item>
    ));
  return (
    <div data-testid="property-fee-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        {FEE_USES.map((u) => {
          const f = detail.fees.find((x) => x.use === u);
          return (
            <Tag key={u} color={f ? 'blue' : undefined} data-testid={`property-fee-now-${u}`}>
              {nameOfUse(u)}：{f ? `¥${yuan(f.fen)} ${t('property.perM2')}` : t('property.noFee')}
            </Tag>
          );
        })}
      </Space>
      <Table<FeeRate>
        size="small"
        rowKey={(r) => `${r.use}-${r.effectiveFrom}`}
        pagination={false}
        dataSource={detail.feeHistory}
        title={() => t('property.history')}
        data-testid="property-fee-history"
        columns={[
          { title: t('property.use'), dataIndex: 'use', render: (u: FeeUse) => nameOfUse(u) },
          { title: t('property.fee'), dataIndex: 'fen', render: (fen: number) => `¥${yuan(fen)}` },
          { title: t('property.effectiveFrom'), dataIndex: 'effectiveFrom' },
          {
            title: t('property.voteId'),
            dataIndex: 'voteId',
            render: (id: string | null) => id?.slice(0, 8) ?? '—',
          },
        ]}
      />
      {detail.canEdit && missing.length > 0 ? (
        <>
          <Divider titlePlacement="start">{t('property.recordFee')}</Divider>
          <Typography.Paragraph type="secondary">
            {t('property.recordFeeHelp')}
          </Typography.Paragraph>
          <Form<FeeForm>
            form={recordForm}
            layout="inline"
            onFinish={(v) =>
              void record
                .run(
                  () =>
                    recordFees(detail.compoundCode, {
                      fees: amounts(v, missing),
                      effectiveFrom: v.effectiveFrom,
                    }),
                  t('property.saved'),
                )
                .then((ok) => ok && onSaved())
            }
          >
            {fields(missing)}
            <Form.Item
              name="effectiveFrom"
              label={t('property.effectiveFrom')}
              rules={[{ required: true }]}
            >
              <Input type="date" />
            </Form.Item>
            <Button htmlType="submit" loading={record.busy} data-testid="property-fee-record">
              {t('property.record')}
            </Button>
          </Form>
        </>
      ) : null}
      {detail.canEdit && !pending ? (
        <>
          <Divider titlePlacement="start">{t('property.newChange')}</Divider>
          <Alert
            type="info"
            showIcon
            message={t('property.changeHelp')}
            style={{ marginBottom: 12 }}
          />
          <Form<FeeForm>
            form={changeForm}
            layout="vertical"
            onFinish={(v) =>
              void change
                .run(
                  () =>
                    createFeeChange({
                      compoundCode: detail.compoundCode,
                      fees: amounts(v, FEE_USES),
                      effectiveFrom: v.effectiveFrom,
                      reason: v.reason ?? '',
                    }),
                  t('property.proposed'),
                )
                .then((ok) => ok && onSaved())
            }
            data-testid="property-change-form"
          >
            <Space wrap>{fields(FEE_USES)}</Space>
            <Form.Item
              name="effectiveFrom"
              label={t('property.effectiveFrom')}
              rules={[{ required: true }]}
            >
              <Input type="date" data-testid="property-change-date" />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('property.reason')}
              rules={[{ required: true, min: 2, max: 1000 }]}
            >
              <Input.TextArea rows={2} data-testid="property-change-reason" />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={change.busy}
              data-testid="property-change-submit"
            >
              {t('property.propose')}
            </Button>
          </Form>
        </>
      ) : null}
      <Divider titlePlacement="start">{t('property.changes')}</Divider>
      <Table<FeeChangeView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={detail.changes}
        data-testid="property-changes"
        columns={[
          {
            title: t('property.fee'),
            key: 'fees',
            render: (_, c) => (
              <span>
                {t('property.from')} {feeText(c.previous, nameOfUse) || '—'} → {t('property.to')}{' '}
                {feeText(c.fees, nameOfUse)}
              </span>
            ),
          },
          { title: t('property.effectiveFrom'), dataIndex: 'effectiveFrom' },
          {
            title: t('property.state'),
            dataIndex: 'state',
            render: (s: FeeChangeView['state']) =>
              inLanguage(
                FEE_CHANGE_STATE_LABELS[s].zh,
                FEE_CHANGE_STATE_LABELS[s].en,
                i18n.language,
              ),
          },
          {
            title: '',
            key: 'vote',
            render: (_, c) =>
              c.state === 'proposed' && detail.canEdit ? (
                <Button
                  type="primary"
                  size="small"
                  onClick={() => void navigate(voteLink(c.id, c.compoundCode))}
                  data-testid={`property-start-vote-${c.id}`}
                >
                  {t('property.startVote')}
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
