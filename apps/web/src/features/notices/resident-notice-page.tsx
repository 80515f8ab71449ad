import { LeftOutlined } from '@ant-design/icons';
import { Button, Image, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { AttachmentList } from './attachments';
import { NoticeMarkdown } from './markdown';
import { getNotice, markRead } from './notices-api';

/** One notice on the phone (/r/notices/:id); opening it marks it read. */
export function ResidentNoticePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const notice = useRequest((signal) => getNotice(id, signal), [id]);
  const n = notice.data;
  const isUnread = n?.read === false;
  useEffect(() => {
    // read once it is on screen; the server counts a reader once
    if (isUnread) void markRead(id).catch(() => undefined);
  }, [id, isUnread]);
  if (notice.error && !n) return <LoadError error={notice.error} onRetry={notice.reload} />;
  if (!n) return <PageSpin />;
  return (
    <div
      style={{ padding: 12, background: '#fff', minHeight: '100%' }}
      data-testid="resident-notice"
    >
      <Button
        type="link"
        icon={<LeftOutlined />}
        onClick={() => void navigate('/r')}
        style={{ paddingLeft: 0 }}
      >
        {t('notices.resident.back')}
      </Button>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {n.title}
      </Typography.Title>
      <Space size={4} wrap style={{ marginBottom: 12 }}>
        {n.urgent && <Tag color="volcano">{t('notices.urgent')}</Tag>}
        {n.pinned && <Tag color="gold">{t('notices.pinned')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {n.publisher}
          {n.publishedAt ? ` · ${formatDateTime(n.publishedAt, i18n.language)}` : ''}
        </Typography.Text>
      </Space>
      <NoticeMarkdown source={n.body} testId="resident-notice-body" />
      {n.photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {n.photos.map((p) => (
              <Image key={p.id} src={p.thumb} preview={{ src: p.large }} width={100} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {n.attachments.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('notices.resident.attachments')}
          </Typography.Title>
          <AttachmentList items={n.attachments} />
        </>
      )}
      {n.expiresAt && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>
          {t('notices.resident.expires', { time: formatDateTime(n.expiresAt, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
