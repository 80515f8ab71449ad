import {
  EXPERT_REVIEW_DECISION_LABELS,
  type Application,
  type ExpertReviewDecision,
} from '@cc/contracts';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { AttachmentLinks } from './attachments-field';
import { ApplicationStateTag, atTime, useLabel } from './council-format';
import { completeApplication, listApplications } from './councils-api';
import { rowData } from '../../components/page-parts';
import { useAction } from '../../lib/sending';

const DECISION_COLORS: Record<ExpertReviewDecision, string> = {
  approve: 'success',
  changes: 'warning',
  refuse: 'error',
};

/** The experts' reviews of an application: who, for which body, what they decided and why. */
export function ReviewList({ reviews }: { reviews: Application['reviews'] }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (reviews.length === 0) {
    return <Typography.Text type="secondary">{t('councils.review.none')}</Typography.Text>;
  }
  return (
    <Space direction="vertical" size={2}>
      {reviews.map((r, i) => (
        <span key={i} data-testid="application-review" data-decision={r.decision}>
          <Tag color={DECISION_COLORS[r.decision]}>
            {label(EXPERT_REVIEW_DECISION_LABELS[r.decision])}
          </Tag>
          {r.reviewer} · {r.organisation} · {atTime(r.at)}
          {r.reason ? <Typography.Text type="secondary"> — {r.reason}</Typography.Text> : null}
        </span>
      ))}
    </Space>
  );
}

/** A guideline's applications: who applied for what, where each stands, the reviews. */
export function ApplicationsTable({ guidelineId }: { guidelineId: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const list = useRequest((signal) => listApplications(guidelineId, signal), [guidelineId]);
  if (list.error && !list.data) {
    return <LoadError error={list.error} onRetry={list.reload} isCompact />;
  }
  const complete = (a: Application) =>
    void action
      .run(() => completeApplication(a.id), t('councils.application.completed'))
      .then((ok) => ok && list.reload());
  return (
    <Table<Application>
      rowKey="id"
      size="small"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('councils.application.empty') }}
      onRow={(a) => rowData('application-row', { 'data-id': a.id, 'data-state': a.state })}
      expandable={{
        expandedRowRender: (a) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {a.description}
            </Typography.Paragraph>
            <AttachmentLinks items={[...a.photos, a.design]} />
            <ReviewList reviews={a.reviews} />
          </Space>
        ),
      }}
      columns={[
        {
          title: t('councils.application.member'),
          key: 'member',
          render: (_: unknown, a) => a.member.name,
        },
        { title: t('councils.application.title'), dataIndex: 'title' },
        {
          title: t('councils.application.state'),
          key: 'state',
          render: (_: unknown, a) => <ApplicationStateTag state={a.state} />,
        },
        {
          title: t('councils.application.approvals'),
          key: 'approvals',
          render: (_: unknown, a) => `${a.approvals} / ${a.approvalsRequired}`,
        },
        {
          title: t('councils.application.submittedAt'),
          key: 'at',
          render: (_: unknown, a) => atTime(a.submittedAt),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_: unknown, a) =>
            a.canComplete && a.state === 'approved' ? (
              <Button
                size="small"
                disabled={action.isBusy}
                onClick={() => complete(a)}
                data-testid="application-done"
              >
                {t('councils.application.complete')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
