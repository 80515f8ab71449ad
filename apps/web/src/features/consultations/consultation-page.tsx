import { DownloadOutlined } from '@ant-design/icons';
import {
  CONSULTATION_ANONYMOUS_MIN_RESPONSES,
  type ConsultationDetail,
  type ConsultationQuestionResult,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  List,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ConsultationBuilder } from './consultation-builder';
import {
  closeConsultation,
  exportUrl,
  getConsultation,
  getConsultationBoundary,
  getConsultationResults,
  publishConsultation,
} from './consultations-api';

import { StatusTag } from './consultations-page';

const QuestionChart = lazy(() => import('./question-chart'));
const PinMap = lazy(() => import('../../components/pin-map'));

function QuestionResultCard({
  q,
  consultationId,
}: {
  q: ConsultationQuestionResult;
  consultationId: string;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={`${q.id.toUpperCase()} · ${q.title}`}
      extra={
        <Space>
          <Tag>{t(`consultations.kind.${q.kind}`)}</Tag>
          <span data-testid={`consultation-answered-${q.id}`}>
            {t('consultations.answered', { count: q.answered })}
          </span>
        </Space>
      }
      data-testid={`consultation-result-${q.id}`}
    >
      {(q.kind === 'single' || q.kind === 'multiple' || q.kind === 'scale') && (
        <Suspense fallback={<PageSpin />}>
          {q.kind === 'scale' && q.average !== null && (
            <Typography.Text strong>
              {t('consultations.average', { value: q.average })}
            </Typography.Text>
          )}
          <QuestionChart result={q} />
        </Suspense>
      )}
      {q.kind === 'text' &&
        (q.texts.length === 0 ? (
          <Empty description={t('consultations.noTexts')} />
        ) : (
          <List
            size="small"
            dataSource={q.texts}
            renderItem={(text) => <List.Item style={{ whiteSpace: 'pre-wrap' }}>{text}</List.Item>}
          />
        ))}
      {q.kind === 'pin' && <HeatMap consultationId={consultationId} q={q} />}
    </Card>
  );
}

function HeatMap({ consultationId, q }: { consultationId: string; q: ConsultationQuestionResult }) {
  const { t } = useTranslation();
  const boundary = useRequest(
    (signal) => getConsultationBoundary(consultationId, signal),
    [consultationId],
  );
  if (boundary.error) return <LoadError error={boundary.error} onRetry={boundary.reload} />;
  if (!boundary.data) return <PageSpin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text data-testid={`consultation-pin-count-${q.id}`} data-count={q.pinCount}>
        {t('consultations.heatMap')} · {t('consultations.pins', { count: q.pinCount })}
      </Typography.Text>
      <Suspense fallback={<PageSpin />}>
        <PinMap
          boundary={boundary.data}
          pins={q.pins}
          heat
          height={420}
          testId={`consultation-heatmap-${q.id}`}
        />
      </Suspense>
    </Space>
  );
}

/** One consultation in the console: publish or close it, its results, the masked export. */
export function ConsultationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [isEditing, setEditing] = useState(false);
  const detail = useRequest((signal) => getConsultation(id, signal), [id]);
  const isDraft = detail.data?.status === 'draft';
  const results = useRequest(
    (signal) =>
      detail.data && !isDraft ? getConsultationResults(id, signal) : Promise.resolve(undefined),
    [id, detail.data, isDraft],
  );
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const c: ConsultationDetail = detail.data;
  // anonymous with too few answers: results and export wait (the server says so too)
  const withheld = c.isAnonymous && c.responseCount < CONSULTATION_ANONYMOUS_MIN_RESPONSES;

  async function act(step: () => Promise<ConsultationDetail>, done: string) {
    try {
      await step();
      void message.success(done);
      detail.reload();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <div data-testid="consultation-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space direction="vertical" size={2}>
          <Link to="/consultations">{t('consultations.back')}</Link>
          <Typography.Title
            level={3}
            className="cc-page-title"
            style={{ margin: 0 }}
            data-testid="consultation-title-text"
          >
            {c.title}
          </Typography.Title>
          <Space wrap>
            <StatusTag status={c.status} />
            <Tag>
              {c.isAnonymous ? t('consultations.anonymousTag') : t('consultations.namedTag')}
            </Tag>
            <span>{c.area.name}</span>
            <span>
              {t('consultations.closesAt', { at: formatDateTime(c.closesAt, i18n.language) })}
            </span>
          </Space>
        </Space>
        {c.canManage && (
          <Space wrap>
            {isDraft && (
              <>
                <Button onClick={() => setEditing(true)} data-testid="consultation-edit">
                  {t('consultations.edit')}
                </Button>
                <Button
                  type="primary"
                  onClick={() =>
                    void act(() => publishConsultation(c.id), t('consultations.published'))
                  }
                  data-testid="consultation-publish-draft"
                >
                  {t('consultations.publish')}
                </Button>
              </>
            )}
            {c.status === 'open' && (
              <Popconfirm
                title={t('consultations.closeConfirm')}
                onConfirm={() => void act(() => closeConsultation(c.id), t('consultations.closed'))}
              >
                <Button danger data-testid="consultation-close">
                  {t('consultations.close')}
                </Button>
              </Popconfirm>
            )}
            {!isDraft && (
              <Button
                icon={<DownloadOutlined />}
                href={withheld ? undefined : exportUrl(c.id)}
                disabled={withheld}
                title={t(withheld ? 'consultations.withheld' : 'consultations.exportHelp', {
                  count: CONSULTATION_ANONYMOUS_MIN_RESPONSES,
                })}
                data-testid="consultation-export"
              >
                {t('consultations.export')}
              </Button>
            )}
          </Space>
        )}
      </Space>
      {c.description && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
          {c.description}
        </Typography.Paragraph>
      )}
      {isDraft ? (
        <Card>
          <List
            dataSource={c.questions}
            renderItem={(q, i) => (
              <List.Item>
                <Space>
                  <Tag>{t(`consultations.kind.${q.kind}`)}</Tag>
                  {i + 1}. {q.title}
                  {q.options.length > 0 && (
                    <Typography.Text type="secondary">
                      ({q.options.map((o) => o.label).join(' / ')})
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : results.error ? (
        <LoadError error={results.error} onRetry={results.reload} />
      ) : !results.data ? (
        <PageSpin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card size="small">
            <Statistic
              title={t('consultations.results')}
              value={results.data.responseCount}
              suffix={t('consultations.column.responses')}
              valueStyle={{ fontSize: 24 }}
            />
            <span
              data-testid="consultation-response-count"
              data-count={results.data.responseCount}
            />
          </Card>
          {results.data.withheld && (
            <Alert
              type="info"
              showIcon
              data-testid="consultation-results-withheld"
              message={t('consultations.withheld', { count: CONSULTATION_ANONYMOUS_MIN_RESPONSES })}
            />
          )}
          <Row gutter={[16, 16]}>
            {results.data.questions.map((q) => (
              <Col key={q.id} xs={24} xl={q.kind === 'pin' ? 24 : 12}>
                <QuestionResultCard q={q} consultationId={c.id} />
              </Col>
            ))}
          </Row>
        </Space>
      )}
      {isEditing && (
        <ConsultationBuilder
          draft={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            detail.reload();
          }}
        />
      )}
    </div>
  );
}
