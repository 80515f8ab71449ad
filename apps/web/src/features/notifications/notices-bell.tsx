import { BellOutlined, CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Notice } from '@cc/contracts';
import {
  App as AntApp,
  Badge,
  Button,
  Drawer,
  Empty,
  Grid,
  Popover,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError, isSessionEnded, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useInterval } from '../../lib/use-interval';
import { listNotices, markAllNoticesRead, markNoticeRead } from './notifications-api';

/** The unread count is asked for this often (and at once when the tab comes back). */
const POLL_MS = 15_000;
const MAX_SHOWN_COUNT = 99;

/** The bell in the header: unread in-app notices, newest first; one click opens its case. */
export function NoticesBell() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [isOpen, setIsOpen] = useState(false);
  const [openingId, setOpeningId] = useState<string | undefined>();
  const [isMarkingAll, setIsMarkingAll] = useState(false);
  const { data, error, isLoading, reload } = useRequest((signal) => listNotices(signal), []);
  useInterval(reload, POLL_MS);
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];

  function setOpen(next: boolean) {
    setIsOpen(next);
    if (next) reload();
  }

  async function open(notice: Notice) {
    setOpeningId(notice.id);
    try {
      if (!notice.readAt) await markNoticeRead(notice.id);
    } catch (cause) {
      if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
    } finally {
      setOpeningId(undefined);
    }
    reload();
    if (notice.caseId) {
      setIsOpen(false);
      void navigate(`/cases/${encodeURIComponent(notice.caseId)}`);
    }
  }

  async function markAllRead() {
    setIsMarkingAll(true);
    try {
      await markAllNoticesRead();
    } catch (cause) {
      if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
    } finally {
      setIsMarkingAll(false);
    }
    reload();
  }

  const list = (
    <div className="cc-notice-list" data-testid="notices-list">
      {error && !data ? (
        <Typography.Text type="danger">{describeError(error, t)}</Typography.Text>
      ) : items.length === 0 ? (
        isLoading ? (
          <div style={{ textAlign: 'center', padding: 24 }}>
            <Spin />
          </div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        )
      ) : (
        items.map((notice) => (
          <button
            key={notice.id}
            type="button"
            className={`cc-notice-item${notice.readAt ? '' : ' cc-notice-unread'}`}
            onClick={() => void open(notice)}
            disabled={openingId === notice.id}
            data-testid={`notice-item-${notice.id}`}
            data-read={notice.readAt ? 'true' : 'false'}
          >
            <Badge status={notice.readAt ? 'default' : 'processing'} />
            <span className="cc-notice-text">
              <span className="cc-notice-body">{notice.body}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(notice.createdAt, i18n.language)}
                {notice.caseId ? ` · ${t('notifications.openCase')}` : ''}
              </Typography.Text>
            </span>
          </button>
        ))
      )}
    </div>
  );

  const title = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <span>
        {t('notifications.title')}
        {unread > 0 ? (
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
            {t('notifications.unread', { count: unread })}
          </Typography.Text>
        ) : null}
      </span>
      <Space size={4}>
        <Button
          size="small"
          type="link"
          icon={<CheckOutlined />}
          onClick={() => void markAllRead()}
          loading={isMarkingAll}
          disabled={unread === 0}
          data-testid="notices-mark-all-read"
        >
          {t('notifications.markAllRead')}
        </Button>
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined spin={isLoading && isOpen} />}
          onClick={reload}
          aria-label={t('common.refresh')}
        />
      </Space>
    </Space>
  );

  const bell = (
    <Button
      type="text"
      className="cc-header-user"
      aria-label={t('notifications.bell', { count: unread })}
      onClick={isPhone ? () => setOpen(true) : undefined}
      data-testid="notices-bell"
      data-unread={unread}
    >
      <Badge
        size="small"
        offset={[4, -2]}
        count={
          <span
            className="cc-notice-count"
            data-testid="notices-count"
            style={unread > 0 ? undefined : { display: 'none' }}
          >
            {unread > MAX_SHOWN_COUNT ? `${MAX_SHOWN_COUNT}+` : unread}
          </span>
        }
      >
        <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
      </Badge>
    </Button>
  );

  if (isPhone) {
    return (
      <>
        {bell}
        <Drawer
          placement="right"
          open={isOpen}
          onClose={() => setIsOpen(false)}
          size="100%"
          title={title}
          styles={{ body: { padding: 8 } }}
          data-testid="notices-drawer"
        >
          {list}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={isOpen}
      onOpenChange={setOpen}
      title={title}
      content={list}
      styles={{ container: { width: 380, padding: 8 } }}
    >
      {bell}
    </Popover>
  );
}
