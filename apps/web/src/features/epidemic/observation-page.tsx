import {
  ArrowLeftOutlined,
  FormOutlined,
  PoweroffOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useCommittee } from './committee-select';
import { addStaffCheckIn, endObservation, getObservation } from './epidemic-api';
import { CaseLinks, LevelTag, Symptoms, Temperature, TodayTag, testId } from './epidemic-format';
import { isAbnormal } from './epidemic-rules';
import {
  END_REASONS,
  SYMPTOMS,
  type EndReason,
  type ObservationDetail,
  type ObservationStep,
} from './epidemic-types';
import './epidemic.css';

interface CheckInValues {
  temperature: number;
  symptoms: string[];
  way: 'call' | 'visit';
  note?: string;
}

/** 录入打卡: staff record a check-in after a call or a visit. */
function CheckInModal({
  observationId,
  onClose,
  onDone,
}: {
  observationId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CheckInValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const temperature = Form.useWatch('temperature', form);
  const symptoms = Form.useWatch('symptoms', form) ?? [];

  async function send(v: CheckInValues) {
    setIsSending(true);
    setProblem(null);
    try {
      await addStaffCheckIn(observationId, {
        temperature: v.temperature,
        symptoms: v.symptoms ?? [],
        way: v.way,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('epidemic.checkIn.saved'));
      onDone();
    } catch (error) {
      if (!showServerFieldError(form, error, ['temperature', 'symptoms', 'way', 'note'])) {
        setProblem(describeError(error, t));
      }
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Modal
      open
      title={t('epidemic.checkIn.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('epidemic.checkIn.save')}
      okButtonProps={{ loading: isSending, ...testId('observation-checkin-save') }}
      onOk={() => form.submit()}
    >
      {problem ? (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CheckInValues>
        form={form}
        layout="vertical"
        initialValues={{ symptoms: [], way: 'call' }}
        onFinish={(v) => void send(v)}
        data-testid="observation-checkin-form"
      >
        <Form.Item
          name="temperature"
          label={t('epidemic.field.temperature')}
          rules={[{ required: true, message: t('epidemic.checkIn.rule.temperature') }]}
        >
          <InputNumber
            min={34}
            max={43}
            step={0.1}
            precision={1}
            suffix="°C"
            style={{ width: 160 }}
            data-testid="observation-checkin-temperature"
          />
        </Form.Item>
        <Form.Item name="symptoms" label={t('epidemic.field.symptoms')}>
          <Checkbox.Group
            options={SYMPTOMS.map((s) => ({ value: s, label: t(`epidemic.symptom.${s}`) }))}
            data-testid="observation-checkin-symptoms"
          />
        </Form.Item>
        <Form.Item name="way" label={t('epidemic.checkIn.way')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['call', 'visit'] as const).map((w) => ({
              value: w,
              label: t(`epidemic.checkIn.ways.${w}`),
            }))}
            data-testid="observation-checkin-way"
          />
        </Form.Item>
        <Form.Item name="note" label={t('epidemic.checkIn.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
      {typeof temperature === 'number' && isAbnormal(temperature, symptoms) ? (
        <Alert
          type="warning"
          showIcon
          title={t('epidemic.checkIn.abnormalHint')}
          data-testid="observation-checkin-abnormal"
        />
      ) : null}
    </Modal>
  );
}

/** 结束观察: why, a note, and a confirmation (it cannot be undone). */
function EndModal({
  observationId,
  onClose,
  onDone,
}: {
  observationId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState<EndReason>('completed');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function send() {
    setIsSending(true);
    setProblem(null);
    try {
      await endObservation(observationId, {
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      void message.success(t('epidemic.end.done'));
      onDone();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Modal
      open
      title={t('epidemic.end.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('epidemic.end.confirm')}
      okButtonProps={{ danger: true, loading: isSending, ...testId('observation-end-confirm') }}
      onOk={() => void send()}
    >
      <Alert
        type="warning"
        showIcon
        title={t('epidemic.end.warning')}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('epidemic.end.reason')}
      </Typography.Paragraph>
      <Radio.Group
        value={reason}
        onChange={(event) => setReason(event.target.value as EndReason)}
        options={END_REASONS.map((r) => ({ value: r, label: t(`epidemic.end.reasons.${r}`) }))}
        style={{ marginBottom: 12 }}
        data-testid="observation-end-reason"
      />
      <Input.TextArea
        value={note}
        onChange={(event) => setNote(event.target.value)}
        maxLength={500}
        autoSize={{ minRows: 2 }}
        placeholder={t('epidemic.end.notePlaceholder')}
        data-testid="observation-end-note"
      />
      {problem ? (
        <Alert
          type="error"
          showIcon
          title={problem}
          style={{ marginTop: 12 }}
          data-testid="observation-end-error"
        />
      ) : null}
    </Modal>
  );
}

const STEP_COLORS: Readonly<Record<ObservationStep['kind'], string>> = {
  opened: 'blue',
  missed: 'orange',
  case: 'red',
  ended: 'gray',
};

function StepsCard({ steps }: { steps: ObservationStep[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('epidemic.observation.steps')} data-testid="observation-steps">
      {steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={steps.map((s, i) => ({
            key: `${s.kind}-${s.at}-${i}`,
            color: STEP_COLORS[s.kind] ?? 'gray',
            content: (
              <div data-testid="observation-step" data-kind={s.kind}>
                <Typography.Text strong>
                  {t(`epidemic.observation.step.${s.kind}`, { defaultValue: s.kind })}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">{shanghaiDateTime(s.at)}</Typography.Text>
                {s.caseNumber ? (
                  <div>
                    {s.caseId ? (
                      <Link to={`/cases/${encodeURIComponent(s.caseId)}`} className="cc-epi-mono">
                        {s.caseNumber}
                      </Link>
                    ) : (
                      <span className="cc-epi-mono">{s.caseNumber}</span>
                    )}
                  </div>
                ) : null}
                {s.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{s.note}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function CheckInsCard({ o }: { o: ObservationDetail }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('epidemic.observation.checkIns')}
      data-testid="observation-checkins"
    >
      {o.checkIns.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('epidemic.observation.noCheckIns')}
        />
      ) : (
        <Timeline
          items={o.checkIns.map((c, i) => ({
            key: `${c.at}-${i}`,
            color: isAbnormal(c.temperature, c.symptoms) ? 'red' : 'green',
            content: (
              <div data-testid="observation-checkin" data-day={c.day}>
                <Space wrap size={8}>
                  <Typography.Text strong>{c.day}</Typography.Text>
                  <Typography.Text type="secondary">{shanghaiDateTime(c.at)}</Typography.Text>
                  <Temperature value={c.temperature} />
                  <Symptoms symptoms={c.symptoms} />
                  <Tag>{t(`epidemic.checkIn.ways.${c.way}`, { defaultValue: c.way })}</Tag>
                </Space>
                {c.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{c.note}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** One observation (/observations/:id): check-ins, steps, staff check-in and the end. */
export function ObservationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { committee } = useCommittee();
  const loaded = useRequest((signal) => getObservation(id, signal), [id]);
  const [dialog, setDialog] = useState<'checkIn' | 'end' | null>(null);
  const o = loaded.data?.id === id ? loaded.data : undefined;
  if (!o && loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!o) return <PageSpin />;
  const isActive = o.state === 'active';
  const back = committee ? `/observations?committee=${committee}` : '/observations';
  const done = () => {
    setDialog(null);
    loaded.reload();
  };

  return (
    <ListPage testId="observation-page" title={t('epidemic.observation.title', { name: o.name })}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Link to={back}>
          <ArrowLeftOutlined /> {t('epidemic.observation.back')}
        </Link>
        <Card
          size="small"
          title={
            <Space wrap>
              <span data-testid="observation-name">{o.name}</span>
              {isActive ? (
                <TodayTag today={o.today} />
              ) : (
                <Tag data-testid="observation-ended">{t('epidemic.observations.ended')}</Tag>
              )}
            </Space>
          }
          extra={
            isActive ? (
              <Space wrap>
                <Button
                  type="primary"
                  icon={<FormOutlined />}
                  onClick={() => setDialog('checkIn')}
                  data-testid="observation-checkin-new"
                >
                  {t('epidemic.checkIn.new')}
                </Button>
                <Button
                  danger
                  icon={<PoweroffOutlined />}
                  onClick={() => setDialog('end')}
                  data-testid="observation-end"
                >
                  {t('epidemic.end.button')}
                </Button>
              </Space>
            ) : null
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
            <Descriptions.Item label={t('epidemic.field.phone')}>
              <span className="cc-epi-mono">{o.phone}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.room')}>
              {o.compound.name} {o.room.label}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.region')}>
              <Space size={4}>
                {o.region.name}
                <LevelTag level={o.region.level} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.period')}>
              <span data-testid="observation-period">
                {o.startDate} ~ {o.endDate}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.lastCheckIn')}>
              {o.lastCheckIn ? (
                <Space size={4}>
                  <Temperature value={o.lastCheckIn.temperature} />
                  <Typography.Text type="secondary">
                    {shanghaiDateTime(o.lastCheckIn.at)}
                  </Typography.Text>
                </Space>
              ) : (
                t('common.none')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.cases')}>
              <CaseLinks row={o} />
            </Descriptions.Item>
            {o.declarationId ? (
              <Descriptions.Item label={t('epidemic.field.declaration')}>
                <Link
                  to={`/declarations/${encodeURIComponent(o.declarationId)}`}
                  data-testid="observation-declaration"
                >
                  <SolutionOutlined /> {t('epidemic.observation.openDeclaration')}
                </Link>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <CheckInsCard o={o} />
        <StepsCard steps={o.steps} />
      </Space>
      {dialog === 'checkIn' ? (
        <CheckInModal observationId={o.id} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'end' ? (
        <EndModal observationId={o.id} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
    </ListPage>
  );
}
