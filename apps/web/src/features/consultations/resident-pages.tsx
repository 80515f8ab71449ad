import { EnvironmentOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '@cc/contracts';
import { Alert, App, Button, Card, Empty, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import {
  answerConsultation,
  getConsultation,
  getConsultationBoundary,
  listMyConsultations,
} from './consultations-api';
import { StatusTag } from './consultations-page';
import { type Draft, QuestionInput, isAnswered } from './question-input';
import './resident-consultations.css';

/** 403 for an unverified account: say why, and where to get verified. */
function NeedVerify() {
  const { t } = useTranslation();
  return (
    <Result
      status="info"
      title={t('consultations.needVerify')}
      extra={
        <Link to="/r/verify" data-testid="consultation-go-verify">
          {t('consultations.goVerify')}
        </Link>
      }
      data-testid="consultation-need-verify"
    />
  );
}

const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

/** /r/together/consultations: the consultations put to the resident's home, newest first. */
export function MyConsultationsPage() {
  const { t, i18n } = useTranslation();
  const list = useRequest((signal) => listMyConsultations(undefined, signal), []);
  if (isForbidden(list.error)) return <NeedVerify />;
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageSpin />;
  return (
    <div className="cc-consultations-page" data-testid="my-consultations">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('consultations.residentTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('consultations.residentHelp')}</Typography.Text>
      {list.data.items.length === 0 && <Empty description={t('consultations.residentEmpty')} />}
      {list.data.items.map((c) => (
        <Link
          key={c.id}
          to={`/r/together/consultations/${c.id}`}
          className="cc-consultations-card-link"
          data-testid="my-consultation-link"
          data-id={c.id}
        >
          <Card size="small" hoverable title={c.title}>
            <Space wrap size={4}>
              <StatusTag status={c.status} />
              {c.hasAnswered && <Tag color="green">{t('consultations.answeredTag')}</Tag>}
              {c.hasMapQuestion && (
                <Tag icon={<EnvironmentOutlined />}>{t('consultations.kind.pin')}</Tag>
              )}
              <Typography.Text type="secondary">
                {c.status === 'scheduled' && c.opensAt
                  ? t('consultations.opensAt', { at: formatDateTime(c.opensAt, i18n.language) })
                  : t('consultations.closesAt', { at: formatDateTime(c.closesAt, i18n.language) })}
              </Typography.Text>
            </Space>
          </Card>
        </Link>
      ))}
    </div>
  );
}

/** /r/together/consultations/:id: answer once; the map question on the area's outline. */
export function MyConsultationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const detail = useRequest((signal) => getConsultation(id, signal), [id]);
  const hasMap = !!detail.data?.hasMapQuestion;
  const boundary = useRequest(
    (signal) => getConsultationBoundary(id, signal),
    [id, hasMap],
    hasMap,
  );
  const [draft, setDraft] = useState<Draft>({});
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);
  if (isForbidden(detail.error)) return <NeedVerify />;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const c: ConsultationDetail = detail.data;

  async function submit() {
    const unanswered = c.questions.filter((q) => q.required && !isAnswered(q, draft[q.id]));
    setMissing(new Set(unanswered.map((q) => q.id)));
    if (unanswered.length > 0) return;
    setSending(true);
    setProblem(null);
    try {
      await answerConsultation(
        c.id,
        c.questions.filter((q) => isAnswered(q, draft[q.id])).map((q) => draft[q.id]!),
      );
      void message.success(t('consultations.submitted'));
      detail.reload();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="cc-consultations-page" data-testid="my-consultation">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {c.title}
      </Typography.Title>
      <Space wrap size={4}>
        <StatusTag status={c.status} />
        <Typography.Text type="secondary">
          {c.area.name} ·{' '}
          {t('consultations.closesAt', { at: formatDateTime(c.closesAt, i18n.language) })}
        </Typography.Text>
      </Space>
      {c.description && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {c.description}
        </Typography.Paragraph>
      )}
      <Alert
        type="info"
        showIcon
        message={c.isAnonymous ? t('consultations.anonymousNote') : t('consultations.namedNote')}
      />
      {c.hasAnswered ? (
        <Result
          status="success"
          title={t('consultations.submitted')}
          data-testid="consultation-done"
        />
      ) : !c.canAnswer ? (
        <Alert
          type="warning"
          showIcon
          message={c.cannotAnswerReason ?? ''}
          data-testid="consultation-cannot-answer"
        />
      ) : (
        <>
          {c.questions.map((q, i) => (
            <QuestionInput
              key={q.id}
              q={q}
              index={i}
              value={draft[q.id]}
              onChange={(a) =>
                setDraft((d) => {
                  const next = { ...d };
                  if (a) next[q.id] = a;
                  else delete next[q.id];
                  return next;
                })
              }
              boundary={boundary.data}
              isMissing={missing.has(q.id)}
            />
          ))}
          {boundary.error ? (
            <LoadError error={boundary.error} onRetry={boundary.reload} isCompact />
          ) : null}
          {problem && (
            <Alert type="error" showIcon message={problem} data-testid="consultation-problem" />
          )}
          <Button
            type="primary"
            size="large"
            block
            loading={isSending}
            onClick={() => void submit()}
            data-testid="consultation-submit"
          >
            {t('consultations.submit')}
          </Button>
        </>
      )}
    </div>
  );
}
