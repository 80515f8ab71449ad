import type { ElectorateInput, ElectorateKind, ElectoratePreview } from '@cc/contracts';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  List,
  Radio,
  Select,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { formatArea } from './vote-format';
import {
  buildingRooms,
  committeeCompounds,
  compoundBuildings,
  previewElectorate,
} from './votes-api';

/** The electorate as the form holds it: a staircase, a building or a compound. */
export interface ElectorateValues {
  kind: Exclude<ElectorateKind, 'list'>;
  compoundCode?: string;
  buildingId?: string;
  unit?: string;
}

export const PICKABLE_KINDS = ['unit', 'building', 'compound'] as const;

/** The body's electorate from the form's fields (undefined until it is complete). */
export function electorateInput(v: Partial<ElectorateValues>): ElectorateInput | undefined {
  if (v.kind === 'compound' && v.compoundCode)
    return { kind: 'compound', compoundCode: v.compoundCode };
  if (v.kind === 'building' && v.buildingId) return { kind: 'building', buildingId: v.buildingId };
  if (v.kind === 'unit' && v.buildingId && v.unit)
    return { kind: 'unit', buildingId: v.buildingId, unit: v.unit };
  return undefined;
}

/**
 * Compound → building → unit (单元), from the registry's room picker (the one residents verify
 * with): the committee's compounds, a compound's buildings, the units of a building's rooms.
 */
export function ElectorateFields({
  form,
  committeeCode,
}: {
  form: FormInstance;
  committeeCode: string | undefined;
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch<ElectorateValues['kind'] | undefined>(['electorate', 'kind'], form);
  const compound = Form.useWatch<string | undefined>(['electorate', 'compoundCode'], form);
  const building = Form.useWatch<string | undefined>(['electorate', 'buildingId'], form);
  const compounds = useRequest(
    (signal) => committeeCompounds(committeeCode!, signal),
    [committeeCode],
    !!committeeCode,
  );
  const buildings = useRequest(
    (signal) => compoundBuildings(compound!, signal),
    [compound],
    !!compound && kind !== 'compound',
  );
  const rooms = useRequest(
    (signal) => buildingRooms(compound!, building!, signal),
    [compound, building],
    !!compound && !!building && kind === 'unit',
  );
  const units = [...new Set((rooms.data?.items ?? []).map((r) => r.unit).filter(Boolean))].sort(
    (a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }),
  );
  const clear = (...names: (keyof ElectorateValues)[]) =>
    form.setFieldsValue({ electorate: Object.fromEntries(names.map((n) => [n, undefined])) });
  const loadError = compounds.error ?? buildings.error ?? rooms.error;
  return (
    <>
      <Form.Item
        name={['electorate', 'kind']}
        label={t('votes.field.electorate')}
        rules={[{ required: true, message: t('votes.rule.electorate') }]}
      >
        <Radio.Group
          optionType="button"
          onChange={() => clear('unit')}
          options={PICKABLE_KINDS.map((k) => ({
            value: k,
            label: <span data-testid={`vote-electorate-kind-${k}`}>{t(`votes.kind.${k}`)}</span>,
          }))}
          data-testid="vote-electorate-kind"
        />
      </Form.Item>
      {loadError ? (
        <Alert
          type="error"
          showIcon
          message={describeError(loadError, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item
        name={['electorate', 'compoundCode']}
        label={t('votes.field.compound')}
        rules={[{ required: true, message: t('votes.rule.compound') }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          loading={compounds.isLoading}
          disabled={!committeeCode}
          onChange={() => clear('buildingId', 'unit')}
          options={(compounds.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
          data-testid="vote-compound"
        />
      </Form.Item>
      {kind !== 'compound' && (
        <Form.Item
          name={['electorate', 'buildingId']}
          label={t('votes.field.building')}
          rules={[{ required: true, message: t('votes.rule.building') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={buildings.isLoading}
            disabled={!compound}
            onChange={() => clear('unit')}
            options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            data-testid="vote-building"
          />
        </Form.Item>
      )}
      {kind === 'unit' && (
        <Form.Item
          name={['electorate', 'unit']}
          label={t('votes.field.unit')}
          rules={[{ required: true, message: t('votes.rule.unit') }]}
          extra={rooms.data?.more ? t('votes.hint.unitsMore') : undefined}
        >
          <Select
            showSearch
            loading={rooms.isLoading}
            disabled={!building}
            options={units.map((u) => ({ value: u, label: u }))}
            data-testid="vote-unit"
          />
        </Form.Item>
      )}
    </>
  );
}

/** 预览选民: what the electorate would freeze as, and the rooms to fix before it can open. */
export function ElectoratePreviewCard({
  committeeCode,
  electorate,
}: {
  committeeCode: string | undefined;
  electorate: ElectorateInput | undefined;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<{ key: string; data: ElectoratePreview }>();
  const [problem, setProblem] = useState<string>();
  const [isLoading, setIsLoading] = useState(false);
  const key = JSON.stringify(electorate ?? null);
  const shown = preview?.key === key ? preview.data : undefined;
  async function run() {
    if (!electorate) return;
    setIsLoading(true);
    setProblem(undefined);
    try {
      setPreview({ key, data: await previewElectorate({ committeeCode, electorate }) });
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsLoading(false);
    }
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="vote-preview">
      <Button
        onClick={() => void run()}
        loading={isLoading}
        disabled={!electorate}
        data-testid="vote-preview-run"
      >
        {t('votes.preview')}
      </Button>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 12 }} />}
      {shown && (
        <div style={{ marginTop: 12 }}>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('votes.heads')}>
              <span data-testid="vote-preview-heads">{shown.electorate.heads}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('votes.units')}>
              <span data-testid="vote-preview-units">{shown.electorate.units}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('votes.area')}>
              <span data-testid="vote-preview-area">{formatArea(shown.electorate.area)}</span>
            </Descriptions.Item>
          </Descriptions>
          {shown.problems.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              message={t('votes.previewProblems', { count: shown.problems.length })}
              description={
                <List
                  size="small"
                  dataSource={shown.problems}
                  data-testid="vote-preview-problems"
                  renderItem={(p) => (
                    <List.Item>
                      {p.label} <Tag color="orange">{t(`votes.problem.${p.problem}`)}</Tag>
                    </List.Item>
                  )}
                />
              }
            />
          ) : (
            <Typography.Text type="success" style={{ display: 'block', marginTop: 8 }}>
              {t('votes.previewOk')}
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
