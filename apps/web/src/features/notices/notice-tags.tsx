import type { NoticeStatus } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOURS: Record<NoticeStatus, string> = {
  draft: 'default',
  scheduled: 'blue',
  published: 'green',
  withdrawn: 'red',
};

export function NoticeTags(n: {
  status?: NoticeStatus;
  pinned: boolean;
  urgent: boolean;
  delivering?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {n.status && <Tag color={COLOURS[n.status]}>{t(`notices.status.${n.status}`)}</Tag>}
      {n.delivering && <Tag color="processing">{t('notices.delivering')}</Tag>}
      {n.pinned && <Tag color="gold">{t('notices.pinned')}</Tag>}
      {n.urgent && <Tag color="volcano">{t('notices.urgent')}</Tag>}
    </>
  );
}
