import { PlusOutlined } from '@ant-design/icons';
import type { Council, Guideline } from '@cc/contracts';
import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { ApplicationsTable } from './applications-table';
import { AttachmentLinks } from './attachments-field';
import { atTime } from './council-format';
import { listGuidelines } from './councils-api';
import { GuidelineDrawer } from './guideline-drawer';
import { RefreshButton } from '../../components/page-parts';

function GuidelineCard({ guideline: g }: { guideline: Guideline }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="cc-council-card"
      data-testid="guideline-card"
      data-id={g.id}
      title={
        <Space wrap>
          <span>{g.title}</span>
          <Tag color={g.open ? 'processing' : 'default'}>
            {g.open ? t('councils.guideline.open') : t('councils.guideline.closed')}
          </Tag>
        </Space>
      }
      extra={
        <Typography.Text type="secondary" data-testid="guideline-progress">
          {t('councils.guideline.progress', g.progress)}
        </Typography.Text>
      }
    >
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap' }}
        ellipsis={{ rows: 4, expandable: true }}
      >
        {g.body}
      </Typography.Paragraph>
      <AttachmentLinks items={g.documents} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ margin: '8px 0' }}>
        <Descriptions.Item label={t('councils.guideline.reviewers')}>
          <Space direction="vertical" size={0}>
            {g.reviewers.map((r) => (
              <span key={r.accountId}>
                {r.name} · {r.organisation}
              </span>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('councils.guideline.approvals')}>
          {t('councils.guideline.approvalsOf', { n: g.approvalsRequired, of: g.reviewers.length })}
        </Descriptions.Item>
        <Descriptions.Item label={t('councils.guideline.closesAt')}>
          {atTime(g.closesAt)}
        </Descriptions.Item>
      </Descriptions>
      <ApplicationsTable guidelineId={g.id} />
    </Card>
  );
}

/**
 * 项目指南: the council's guidelines, each with its expert reviewers, how many must approve
 * and until when it takes applications, and the members' applications with their reviews.
 */
export function GuidelinesTab({ council }: { council: Council }) {
  const { t } = useTranslation();
  const list = useRequest((signal) => listGuidelines(council.id, signal), [council.id]);
  const [isCreating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  return (
    <div data-testid="council-guidelines">
      <div className="cc-council-head">
        <span style={{ flex: 1 }} />
        <RefreshButton onClick={list.reload} />
        {council.can.manage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="guideline-create"
          >
            {t('councils.guideline.create')}
          </Button>
        ) : null}
      </div>
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : items.length === 0 && !list.isLoading ? (
        <Empty description={t('councils.guideline.empty')} />
      ) : (
        items.map((g) => <GuidelineCard key={g.id} guideline={g} />)
      )}
      {isCreating ? (
        <GuidelineDrawer
          council={council}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}
