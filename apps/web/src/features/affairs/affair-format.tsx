import type { AffairDetail, AffairService, AffairState } from '@cc/contracts';
import { Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiDateTime } from '../../lib/shanghai-time';

const STATE_COLOUR: Record<AffairState, string> = {
  submitted: 'processing',
  accepted: 'blue',
  needs_more: 'warning',
  completed: 'success',
  refused: 'error',
  forwarded: 'purple',
};

export function StateTag({ state }: { state: AffairState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="affair-state">
      {t(`affairs.state.${state}`)}
    </Tag>
  );
}

export const isEnglish = (language: string) => language.toLowerCase().startsWith('en');

/** The name of a service in the reader's language. */
export function serviceName(
  s: { name?: string; nameEn?: string; serviceName?: string; serviceNameEn?: string },
  language: string,
): string {
  return isEnglish(language)
    ? (s.nameEn ?? s.serviceNameEn ?? '')
    : (s.name ?? s.serviceName ?? '');
}

/** The answers as label → text, in the service's field order (a select by its option's name). */
export function AnswersList({
  detail,
  service,
}: {
  detail: AffairDetail;
  service?: AffairService;
}) {
  const { i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const fields = service?.fields ?? [];
  const codes = [
    ...fields.map((f) => f.code),
    ...Object.keys(detail.answers).filter((c) => !fields.some((f) => f.code === c)),
  ].filter((c) => detail.answers[c] !== undefined);
  return (
    <dl className="cc-affair-answers">
      {codes.map((code) => {
        const f = fields.find((x) => x.code === code);
        const raw = detail.answers[code]!;
        const option = f?.options?.find((o) => o.value === raw);
        return (
          <div key={code}>
            <dt>{f ? (en ? f.nameEn : f.name) : code}</dt>
            <dd>{option ? (en ? option.nameEn : option.name) : String(raw)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export function AffairTimeline({ detail }: { detail: AffairDetail }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={[...detail.events].reverse().map((e) => ({
        children: (
          <div>
            <Typography.Text strong>{t(`affairs.action.${e.action}`)}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {shanghaiDateTime(e.at)} ·{' '}
              {e.actorName === 'system' || e.actorName === '系统 system'
                ? t('common.system')
                : e.actorName}
            </Typography.Text>
            {e.message && <div style={{ whiteSpace: 'pre-wrap' }}>{e.message}</div>}
          </div>
        ),
      }))}
    />
  );
}
