import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from './load-error';
import { StaleDataAlert } from './stale-data-alert';

/**
 * The shell the list pages share (cases, audit, accounts, the SMS outbox, the registry's
 * residents, housing and organisations): a heading, a card of filters, and the card that holds
 * the list — or the load error when there is nothing to show yet.
 */

interface ListPageProps {
  testId: string;
  /** The page's title, set as every list page's heading… */
  title?: ReactNode;
  /** …or a head of the page's own (the registry's breadcrumb and tabs, a title with actions). */
  head?: ReactNode;
  className?: string;
  /** The cards, then any dialogs and drawers. */
  children: ReactNode;
}

export function ListPage({ testId, title, head, className, children }: ListPageProps) {
  return (
    <div className={className} data-testid={testId}>
      {head ?? (
        <Typography.Title level={3} className="cc-page-title">
          {title}
        </Typography.Title>
      )}
      {children}
    </div>
  );
}

/** The filters of a list, in a card of their own above it. */
export function ListFilters({ children }: { children: ReactNode }) {
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      {children}
    </Card>
  );
}

/**
 * A filter form's last item: search (submits the form), reset (clears it and applies no
 * filters) and refresh (loads the list again as it is).
 */
export function FilterButtons({
  onReset,
  onRefresh,
  searchTestId,
}: {
  onReset: () => void;
  onRefresh: () => void;
  searchTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item>
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined />}
          data-testid={searchTestId}
        >
          {t('common.search')}
        </Button>
        <Button onClick={onReset}>{t('common.reset')}</Button>
        <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('common.refresh')} />
      </Space>
    </Form.Item>
  );
}

interface ListCardProps {
  /** The request behind the list: its error, whether it has rows to show, and a retry. */
  error: unknown;
  hasData: boolean;
  onRetry: () => void;
  /** A row above the list: `toolbar` (search, filters, refresh) left, `actions` right. */
  toolbar?: ReactNode;
  actions?: ReactNode;
  title?: ReactNode;
  extra?: ReactNode;
  className?: string;
  /** The smaller error of a card among others (the registry's pages). */
  isCompact?: boolean;
  /** A failed reload is said above the older rows; the registry's cards keep them quietly. */
  hasStaleAlert?: boolean;
  /** The table, and what goes with it (a count, "load more"). */
  children: ReactNode;
}

/**
 * The card of a list: its toolbar, then the list — or, when the load failed with nothing to
 * show, the error and a retry; when a reload failed, a warning above the rows still shown.
 */
export function ListCard({
  error,
  hasData,
  onRetry,
  toolbar,
  actions,
  title,
  extra,
  className,
  isCompact = false,
  hasStaleAlert = true,
  children,
}: ListCardProps) {
  return (
    <Card size="small" title={title} extra={extra} className={className}>
      {toolbar || actions ? (
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          {toolbar}
          {actions}
        </Space>
      ) : null}
      {error && !hasData ? (
        <LoadError error={error} onRetry={onRetry} isCompact={isCompact} />
      ) : (
        <>
          {hasStaleAlert ? <StaleDataAlert error={error} /> : null}
          {children}
        </>
      )}
    </Card>
  );
}
