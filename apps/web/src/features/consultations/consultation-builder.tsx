import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CONSULTATION_AUTHOR_ROLES,
  CONSULTATION_LIMITS as L,
  CONSULTATION_QUESTION_KINDS,
  type ConsultationBody,
  type ConsultationDetail,
  type ConsultationQuestionKind,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { scopeRoots, useMe } from '../../lib/session';
import { createConsultation, publishConsultation, updateConsultation } from './consultations-api';

interface DraftQuestion {
  key: number;
  kind: ConsultationQuestionKind;
  title: string;
  required: boolean;
  options: string[];
  maxChoices: number | null;
  scaleMin: number;
  scaleMax: number;
  scaleMinLabel: string;
  scaleMaxLabel: string;
}

interface FormValues {
  title: string;
  description?: string;
  areaCode?: string;
  isAnonymous: boolean;
  opensAt?: Dayjs | null;
  closesAt?: Dayjs | null;
}

let nextKey = 1;
const newQuestion = (kind: ConsultationQuestionKind): DraftQuestion => ({
  key: nextKey++,
  kind,
  title: '',
  required: kind !== 'text',
  options: kind === 'single' || kind === 'multiple' ? ['', ''] : [],
  maxChoices: null,
  scaleMin: 1,
  scaleMax: 5,
  scaleMinLabel: '',
  scaleMaxLabel: '',
});

const fromDetail = (d: ConsultationDetail): DraftQuestion[] =>
  d.questions.map((q) => ({
    key: nextKey++,
    kind: q.kind,
    title: q.title,
    required: q.required,
    options: q.options.map((o) => o.label),
    maxChoices: q.maxChoices,
    scaleMin: q.scaleMin ?? 1,
    scaleMax: q.scaleMax ?? 5,
    scaleMinLabel: q.scaleMinLabel ?? '',
    scaleMaxLabel: q.scaleMaxLabel ?? '',
  }));

function toBody(v: FormValues, questions: DraftQuestion[]): ConsultationBody {
  return {
    title: v.title ?? '',
    description: v.description ?? '',
    areaCode: v.areaCode ?? '',
    isAnonymous: v.isAnonymous,
    opensAt: v.opensAt ? v.opensAt.toISOString() : null,
    closesAt: (v.closesAt ?? dayjs().add(7, 'day')).toISOString(),
    questions: questions.map((q) => ({
      kind: q.kind,
      title: q.title,
      required: q.required,
      ...(q.kind === 'single' || q.kind === 'multiple' ? { options: q.options } : {}),
      ...(q.kind === 'multiple' && q.maxChoices ? { maxChoices: q.maxChoices } : {}),
      ...(q.kind === 'scale'
        ? {
            scaleMin: q.scaleMin,
            scaleMax: q.scaleMax,
            scaleMinLabel: q.scaleMinLabel,
            scaleMaxLabel: q.scaleMaxLabel,
          }
        : {}),
    })),
  };
}

function QuestionCard({
  q,
  index,
  onChange,
  onRemove,
}: {
  q: DraftQuestion;
  index: number;
  onChange: (q: DraftQuestion) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = `consultation-q-${index}`;
  const set = (patch: Partial<DraftQuestion>) => onChange({ ...q, ...patch });
  return (
    <Card
      size="small"
      data-testid={id}
      title={`${t('consultations.question.number', { n: index + 1 })} · ${t(`consultations.kind.${q.kind}`)}`}
      extra={
        <Space>
          <Switch
            size="small"
            checked={q.required}
            onChange={(required) => set({ required })}
            data-testid={`${id}-required`}
          />
          <span>{t('consultations.question.required')}</span>
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('consultations.question.remove')}
            onClick={onRemove}
            data-testid={`${id}-remove`}
          />
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input
          placeholder={t('consultations.question.title')}
          value={q.title}
          maxLength={L.questionTitleMax}
          onChange={(e) => set({ title: e.target.value })}
          data-testid={`${id}-title`}
        />
        {(q.kind === 'single' || q.kind === 'multiple') && (
          <>
            {q.options.map((label, k) => (
              <Space.Compact key={k} style={{ width: '100%' }}>
                <Input
                  placeholder={t('consultations.question.option', { n: k + 1 })}
                  value={label}
                  maxLength={L.optionLabelMax}
                  onChange={(e) =>
                    set({ options: q.options.map((o, j) => (j === k ? e.target.value : o)) })
                  }
                  data-testid={`${id}-option-${k}`}
                />
                <Button
                  icon={<DeleteOutlined />}
                  disabled={q.options.length <= L.optionsMin}
                  onClick={() => set({ options: q.options.filter((_, j) => j !== k) })}
                />
              </Space.Compact>
            ))}
            <Space wrap>
              <Button
                size="small"
                icon={<PlusOutlined />}
                disabled={q.options.length >= L.optionsMax}
                onClick={() => set({ options: [...q.options, ''] })}
                data-testid={`${id}-add-option`}
              >
                {t('consultations.question.addOption')}
              </Button>
              {q.kind === 'multiple' && (
                <Space>
                  <span>{t('consultations.question.maxChoices')}</span>
                  <InputNumber
                    size="small"
                    min={1}
                    max={q.options.length}
                    value={q.maxChoices}
                    onChange={(v) => set({ maxChoices: v ?? null })}
                  />
                </Space>
              )}
            </Space>
          </>
        )}
        {q.kind === 'scale' && (
          <Space wrap>
            <span>{t('consultations.question.scaleMin')}</span>
            <InputNumber
              min={0}
              max={1}
              value={q.scaleMin}
              onChange={(v) => set({ scaleMin: v ?? 1 })}
            />
            <Input
              style={{ width: 120 }}
              placeholder={t('consultations.question.scaleMinLabel')}
              value={q.scaleMinLabel}
              maxLength={20}
              onChange={(e) => set({ scaleMinLabel: e.target.value })}
            />
            <span>{t('consultations.question.scaleMax')}</span>
            <InputNumber
              min={2}
              max={L.scaleMaxHigh}
              value={q.scaleMax}
              onChange={(v) => set({ scaleMax: v ?? 5 })}
            />
            <Input
              style={{ width: 120 }}
              placeholder={t('consultations.question.scaleMaxLabel')}
              value={q.scaleMaxLabel}
              maxLength={20}
              onChange={(e) => set({ scaleMaxLabel: e.target.value })}
            />
          </Space>
        )}
        {q.kind === 'pin' && (
          <Typography.Text type="secondary">{t('consultations.question.pinHelp')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/**
 * The questionnaire builder in a drawer: title, the area it is put to, named or anonymous, the
 * times, and the questions of each kind. Saves a draft, or saves and publishes.
 */
export function ConsultationBuilder({
  draft,
  onClose,
  onSaved,
}: {
  /** the draft to edit; a new consultation when absent */
  draft?: ConsultationDetail;
  onClose: () => void;
  onSaved: (c: ConsultationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const roots = scopeRoots(me, CONSULTATION_AUTHOR_ROLES);
  const [form] = Form.useForm<FormValues>();
  const [questions, setQuestions] = useState<DraftQuestion[]>(() =>
    draft ? fromDetail(draft) : [],
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  // a committee staff member's own committee is the likely target
  const defaultArea =
    roots.length === 1 && roots[0]!.level === 'committee' ? roots[0]!.code : undefined;

  async function save(shouldPublish: boolean) {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const body = toBody(values, questions);
      let saved = draft ? await updateConsultation(draft.id, body) : await createConsultation(body);
      if (shouldPublish) saved = await publishConsultation(saved.id);
      void message.success(t(shouldPublish ? 'consultations.published' : 'consultations.saved'));
      onSaved(saved);
    } catch (error) {
      if (
        !showServerFieldError(form, error, [
          'title',
          'description',
          'areaCode',
          'opensAt',
          'closesAt',
        ])
      ) {
        setProblem(describeError(error, t));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open
      width={720}
      title={draft ? t('consultations.edit') : t('consultations.create')}
      onClose={onClose}
      destroyOnHidden
      data-testid="consultation-builder"
      extra={
        <Space>
          <Button
            onClick={() => void save(false)}
            loading={isSaving}
            data-testid="consultation-save"
          >
            {t('consultations.saveDraft')}
          </Button>
          <Button
            type="primary"
            onClick={() => void save(true)}
            loading={isSaving}
            data-testid="consultation-publish"
          >
            {t('consultations.publishNow')}
          </Button>
        </Space>
      }
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem}
          style={{ marginBottom: 12 }}
          data-testid="consultation-problem"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          title: draft?.title ?? '',
          description: draft?.description ?? '',
          areaCode: draft?.area.code ?? defaultArea,
          isAnonymous: draft?.isAnonymous ?? false,
          opensAt: draft?.opensAt ? dayjs(draft.opensAt) : null,
          closesAt: draft ? dayjs(draft.closesAt) : dayjs().add(7, 'day').startOf('hour'),
        }}
      >
        <Form.Item
          name="title"
          label={t('consultations.field.title')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={L.titleMax} showCount data-testid="consultation-title" />
        </Form.Item>
        <Form.Item name="description" label={t('consultations.field.description')}>
          <Input.TextArea
            rows={3}
            maxLength={L.descriptionMax}
            data-testid="consultation-description"
          />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('consultations.field.area')}
          extra={t('consultations.field.areaHelp')}
          rules={[{ required: true }]}
        >
          <AreaTreeSelect roots={roots} testId="consultation-area" />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            name="isAnonymous"
            label={t('consultations.field.anonymous')}
            valuePropName="checked"
            tooltip={t('consultations.field.anonymousHelp')}
          >
            <Switch data-testid="consultation-anonymous" />
          </Form.Item>
          <Form.Item
            name="opensAt"
            label={t('consultations.field.opensAt')}
            tooltip={t('consultations.field.opensAtHelp')}
          >
            <DatePicker showTime data-testid="consultation-opens-at" />
          </Form.Item>
          <Form.Item
            name="closesAt"
            label={t('consultations.field.closesAt')}
            rules={[{ required: true }]}
          >
            <DatePicker showTime data-testid="consultation-closes-at" />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('consultations.field.questions')}</Typography.Title>
        <Space direction="vertical" style={{ width: '100%' }}>
          {questions.map((q, i) => (
            <QuestionCard
              key={q.key}
              q={q}
              index={i}
              onChange={(next) =>
                setQuestions((list) => list.map((x) => (x.key === q.key ? next : x)))
              }
              onRemove={() => setQuestions((list) => list.filter((x) => x.key !== q.key))}
            />
          ))}
          <Space wrap>
            <PlusOutlined />
            {CONSULTATION_QUESTION_KINDS.map((kind) => (
              <Button
                key={kind}
                size="small"
                disabled={questions.length >= L.questionsMax}
                onClick={() => setQuestions((list) => [...list, newQuestion(kind)])}
                data-testid={`consultation-add-${kind}`}
              >
                {t(`consultations.kind.${kind}`)}
              </Button>
            ))}
          </Space>
        </Space>
      </Form>
    </Drawer>
  );
}
