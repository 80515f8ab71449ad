import type { ConsultationAnswerInput, ConsultationQuestion, PinLngLat } from '@cc/contracts';
import { Card, Checkbox, Input, Radio, Space, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinMapBoundary } from '../../components/pin-map';
import { PageSpin } from '../../components/page-spin';

const PinMap = lazy(() => import('../../components/pin-map'));

/** One question on the resident's phone: the input that fits its kind (the map for a pin). */
export type Draft = Record<string, ConsultationAnswerInput>;

export function isAnswered(
  q: ConsultationQuestion,
  a: ConsultationAnswerInput | undefined,
): boolean {
  if (!a) return false;
  switch (q.kind) {
    case 'single':
      return !!a.choice;
    case 'multiple':
      return !!a.choices && a.choices.length > 0;
    case 'scale':
      return typeof a.value === 'number';
    case 'text':
      return !!a.text?.trim();
    case 'pin':
      return !!a.point;
  }
}

export function QuestionInput({
  q,
  index,
  value,
  onChange,
  boundary,
  isMissing,
}: {
  q: ConsultationQuestion;
  index: number;
  value: ConsultationAnswerInput | undefined;
  onChange: (a: ConsultationAnswerInput | undefined) => void;
  boundary: PinMapBoundary | undefined;
  isMissing: boolean;
}) {
  const { t } = useTranslation();
  const id = q.id;
  return (
    <Card
      size="small"
      data-testid={`consultation-question-${id}`}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {index + 1}. {q.title}{' '}
          {q.required && <Tag color="red">{t('consultations.requiredMark')}</Tag>}
        </span>
      }
    >
      {q.kind === 'single' && (
        <Radio.Group
          value={value?.choice}
          onChange={(e) => onChange({ questionId: id, choice: e.target.value as string })}
        >
          <Space direction="vertical">
            {q.options.map((o) => (
              <Radio key={o.id} value={o.id} data-testid={`consultation-option-${id}-${o.id}`}>
                {o.label}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      )}
      {q.kind === 'multiple' && (
        <Space direction="vertical">
          {q.maxChoices !== null && q.maxChoices < q.options.length && (
            <Typography.Text type="secondary">
              {t('consultations.chooseUpTo', { n: q.maxChoices })}
            </Typography.Text>
          )}
          <Checkbox.Group
            value={value?.choices ?? []}
            onChange={(choices) =>
              onChange(
                choices.length ? { questionId: id, choices: choices as string[] } : undefined,
              )
            }
          >
            <Space direction="vertical">
              {q.options.map((o) => (
                <Checkbox
                  key={o.id}
                  value={o.id}
                  disabled={
                    q.maxChoices !== null &&
                    (value?.choices?.length ?? 0) >= q.maxChoices &&
                    !value?.choices?.includes(o.id)
                  }
                  data-testid={`consultation-option-${id}-${o.id}`}
                >
                  {o.label}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Space>
      )}
      {q.kind === 'scale' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={value?.value}
            onChange={(e) => onChange({ questionId: id, value: e.target.value as number })}
          >
            {Array.from({ length: q.scaleMax! - q.scaleMin! + 1 }, (_, k) => q.scaleMin! + k).map(
              (v) => (
                <Radio.Button key={v} value={v} data-testid={`consultation-scale-${id}-${v}`}>
                  {v}
                </Radio.Button>
              ),
            )}
          </Radio.Group>
          {(q.scaleMinLabel || q.scaleMaxLabel) && (
            <Typography.Text type="secondary">
              {q.scaleMin} = {q.scaleMinLabel ?? ''} · {q.scaleMax} = {q.scaleMaxLabel ?? ''}
            </Typography.Text>
          )}
        </Space>
      )}
      {q.kind === 'text' && (
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount
          value={value?.text ?? ''}
          onChange={(e) =>
            onChange(e.target.value ? { questionId: id, text: e.target.value } : undefined)
          }
          data-testid={`consultation-text-${id}`}
        />
      )}
      {q.kind === 'pin' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type={value?.point ? 'success' : 'secondary'}>
            {value?.point ? t('consultations.pinPicked') : t('consultations.pinPrompt')}
          </Typography.Text>
          {boundary ? (
            <Suspense fallback={<PageSpin />}>
              <PinMap
                boundary={boundary}
                value={value?.point ?? null}
                onChange={(point: PinLngLat) => onChange({ questionId: id, point })}
                height={300}
                testId={`consultation-pin-${id}`}
              />
            </Suspense>
          ) : (
            <PageSpin />
          )}
        </Space>
      )}
      {isMissing && (
        <Typography.Text type="danger" data-testid={`consultation-missing-${id}`}>
          {q.kind === 'pin' ? t('consultations.pinMissing') : t('consultations.answerRequired')}
        </Typography.Text>
      )}
    </Card>
  );
}
