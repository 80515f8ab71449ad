import { PlusOutlined } from '@ant-design/icons';
import {
  CONSULTATION_AUTHOR_ROLES,
  CONSULTATION_LIMITS as L,
  CONSULTATION_QUESTION_KINDS,
  type ConsultationDetail,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { scopeRoots, useMe } from '../../lib/session';
import { createConsultation, publishConsultation, updateConsultation } from './consultations-api';
import {
  type DraftQuestion,
  type FormValues,
  QuestionCard,
  fromDetail,
  newQuestion,
  toBody,
} from './question-card';

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
