import { CheckOutlined, CloseOutlined, EditOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { Application, ExpertReviewDecision } from '@cc/contracts';
import { App, Button, Card, Empty, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { ReviewList } from './applications-table';
import { AttachmentLinks } from './attachments-field';
import { ApplicationStateTag, atTime } from './council-format';
import { listMyReviews, reviewApplication } from './councils-api';
import { PageHead, RefreshButton } from '../../components/page-parts';
import { ProblemAlert, useSend } from '../../lib/sending';
import './councils.css';

/** The decisions an expert gives, each with its button. */
const DECISIONS: { value: ExpertReviewDecision; icon: React.ReactNode; danger?: boolean }[] = [
  { value: 'approve', icon: <CheckOutlined /> },
  { value: 'changes', icon: <EditOutlined /> },
  { value: 'refuse', icon: <CloseOutlined />, danger: true },
];

/**
 * One application waiting for the reader's review: what is asked for, the photos of the
 * place now and the design, the reviews so far; 同意, 需修改 or 不同意 (the last two with a
 * reason the applicant reads).
 */
export function ReviewCard({
  application: a,
  onReviewed,
}: {
  application: Application;
  onReviewed: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const sending = useSend(form, ['reason', 'decision'], { toName: () => 'reason' });
  const [decision, setDecision] = useState<ExpertReviewDecision | null>(null);
  const needsReason = decision === 'changes' || decision === 'refuse';

  const send = (v: { reason?: string }) =>
    sending.send(async () => {
      if (!decision) return;
      const reason = v.reason?.trim();
      await reviewApplication(a.id, { decision, ...(reason ? { reason } : {}) });
      void message.success(t(`councils.review.done.${decision}`, { title: a.title }));
      onReviewed();
    });

  return (
    <Card
      size="small"
      className="cc-council-card"
      data-testid="review-card"
      data-id={a.id}
      data-state={a.state}
      title={
        <Space wrap>
          <span>{a.title}</span>
          <ApplicationStateTag state={a.state} />
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {t('councils.review.approvalsSoFar', { n: a.approvals, of: a.approvalsRequired })}
        </Typography.Text>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('councils.review.under', { guideline: a.guidelineTitle })} · {a.member.name} ·{' '}
          {atTime(a.submittedAt)}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {a.description}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <EnvironmentOutlined /> {a.lat.toFixed(6)}, {a.lng.toFixed(6)}
        </Typography.Text>
        <div>
          <Typography.Title level={5}>{t('councils.review.photos')}</Typography.Title>
          <AttachmentLinks items={a.photos} thumb={120} testId="review-photos" />
        </div>
        <div>
          <Typography.Title level={5}>{t('councils.review.design')}</Typography.Title>
          <AttachmentLinks items={[a.design]} thumb={160} testId="review-design" />
        </div>
        <ReviewList reviews={a.reviews} />
        {a.canReview ? (
          <>
            <ProblemAlert problem={sending.problem} testId="review-error" />
            <Space wrap>
              {DECISIONS.map((d) => (
                <Button
                  key={d.value}
                  icon={d.icon}
                  danger={d.danger}
                  type={decision === d.value ? 'primary' : 'default'}
                  onClick={() => setDecision(d.value)}
                  data-testid={`review-${d.value}`}
                >
                  {t(`councils.review.decision.${d.value}`)}
                </Button>
              ))}
            </Space>
            {decision ? (
              <Form form={form} layout="vertical" onFinish={(v) => void send(v)}>
                <Form.Item
                  name="reason"
                  label={needsReason ? t('councils.review.reason') : t('councils.review.comment')}
                  rules={
                    needsReason
                      ? [
                          {
                            required: true,
                            whitespace: true,
                            min: 2,
                            message: t('councils.review.reasonRule'),
                          },
                        ]
                      : []
                  }
                >
                  <Input.TextArea
                    maxLength={1000}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    data-testid="review-reason-input"
                  />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={sending.isSending}
                  danger={decision === 'refuse'}
                  data-testid="review-submit"
                >
                  {t('councils.review.submit', {
                    decision: t(`councils.review.decision.${decision}`),
                  })}
                </Button>
              </Form>
            ) : null}
          </>
        ) : null}
      </Space>
    </Card>
  );
}

/**
 * 我的评审 (/reviews): the applications waiting for the reader's review as an expert named
 * by a guideline (守门人), oldest first as the server lists them.
 */
export function ReviewsPage() {
  const { t } = useTranslation();
  const list = useRequest((signal) => listMyReviews(signal), []);
  const items = list.data?.items ?? [];
  return (
    <div data-testid="reviews-page">
      <PageHead
        className="cc-council-head"
        title={t('councils.review.title')}
        actions={<RefreshButton onClick={list.reload} />}
      >
        <Typography.Text type="secondary">
          {list.data ? t('councils.review.waiting', { n: items.length }) : null}
        </Typography.Text>
      </PageHead>
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : items.length === 0 && !list.isLoading ? (
        <Empty description={t('councils.review.empty')} />
      ) : (
        items.map((a) => <ReviewCard key={a.id} application={a} onReviewed={list.reload} />)
      )}
    </div>
  );
}
