import { Card, Drawer, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { AnswerForm } from './answer-form';
import { PlaceView } from './place-picker';
import {
  AnswerBlock,
  PhotoStrip,
  ProposalTimeline,
  StateTag,
  SupportBar,
  UpdatesList,
} from './proposal-format';
import { getProposal } from './proposals-api';
import { UpdateForm } from './update-form';

/** A proposal for staff: what residents see, and the answer and progress forms when due. */
export function ProposalDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const detail = useRequest((signal) => getProposal(id, signal), [id]);
  const d = detail.data;
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <Drawer
      open
      width={Math.min(640, window.innerWidth)}
      title={t('proposals.console.detail')}
      onClose={onClose}
      data-testid="proposal-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} isCompact /> : null}
      {!d && !detail.error ? <PageSpin /> : null}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <div>
            <Space wrap size={4}>
              <StateTag state={d.state} />
              <Tag>{t(`proposals.category.${d.category}`)}</Tag>
              {d.isOverdue && <Tag color="red">{t('proposals.overdue')}</Tag>}
              {d.isEscalated && <Tag color="volcano">{t('proposals.escalated')}</Tag>}
            </Space>
            <Typography.Title level={5} style={{ margin: '6px 0' }}>
              {d.title}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('proposals.detail.by', {
                name: d.authorName,
                time: formatDateTime(d.createdAt, i18n.language),
              })}{' '}
              · {d.committeeName}
              {d.dueAt
                ? ` · ${t('proposals.dueAt', { time: formatDateTime(d.dueAt, i18n.language) })}`
                : ''}
            </Typography.Text>
          </div>
          <SupportBar count={d.supportCount} threshold={d.threshold} />
          <PlainText text={d.body} />
          <PhotoStrip photos={d.photos} />
          {d.place && <PlaceView committeeCode={d.committeeCode} place={d.place} />}
          {d.canAnswer && (
            <Card size="small" title={t('proposals.console.answer')}>
              <AnswerForm d={d} onDone={changed} />
            </Card>
          )}
          {d.answer && (
            <Card size="small" title={t('proposals.detail.answer')}>
              <AnswerBlock
                answer={d.answer}
                links={d.links}
                caseHref={d.links.caseId ? `/cases/${d.links.caseId}` : undefined}
              />
            </Card>
          )}
          {(d.canUpdate || d.updates.length > 0) && (
            <Card size="small" title={t('proposals.detail.updates')}>
              <UpdatesList updates={d.updates} />
              {d.canUpdate && <UpdateForm d={d} onDone={changed} />}
            </Card>
          )}
          <Card size="small" title={t('proposals.detail.timeline')}>
            <ProposalTimeline events={d.timeline} />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
