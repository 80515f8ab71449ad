import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CONSULTATION_LIMITS as L,
  type ConsultationBody,
  type ConsultationDetail,
  type ConsultationQuestionKind,
} from '@cc/contracts';
import { Button, Card, Input, InputNumber, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

/** One question of the builder as the author edits it, and the draft ↔ body conversions. */
export interface DraftQuestion {
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

export interface FormValues {
  title: string;
  description?: string;
  areaCode?: string;
  isAnonymous: boolean;
  opensAt?: Dayjs | null;
  closesAt?: Dayjs | null;
}

let nextKey = 1;
export const newQuestion = (kind: ConsultationQuestionKind): DraftQuestion => ({
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

export const fromDetail = (d: ConsultationDetail): DraftQuestion[] =>
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

export function toBody(v: FormValues, questions: DraftQuestion[]): ConsultationBody {
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

export function QuestionCard({
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
