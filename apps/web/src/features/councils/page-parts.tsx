import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * The head of a 街区共治 page: (on a council's page) the way back, the title and what goes
 * beside it (the area picker, tags), and `actions` at the right.
 */
export function PageHead({
  title,
  back,
  children,
  actions,
}: {
  title: ReactNode;
  back?: { to: string; label: string };
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <>
      {back ? (
        <Breadcrumb
          items={[{ title: <Link to={back.to}>{back.label}</Link> }, { title }]}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <div className="cc-council-head">
        <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {children}
        {actions ? (
          <>
            <span style={{ flex: 1 }} />
            {actions}
          </>
        ) : null}
      </div>
    </>
  );
}

export function RefreshButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return <Button icon={<ReloadOutlined />} onClick={onClick} aria-label={t('common.refresh')} />;
}

/** "Load more" below a list read page by page, while there is more. */
export function MoreButton({
  list,
  testId,
}: {
  list: { hasMore: boolean; loadMore: () => void; isLoading?: boolean };
  testId?: string;
}) {
  const { t } = useTranslation();
  return list.hasMore ? (
    <Button
      style={{ marginTop: 12 }}
      onClick={list.loadMore}
      loading={list.isLoading}
      data-testid={testId}
    >
      {t('councils.loadMore')}
    </Button>
  ) : null;
}

/** `data-*` attributes for an antd Table row (`onRow`), with its test id. */
export function rowData(testId: string, data: Record<`data-${string}`, string | number>) {
  return { 'data-testid': testId, ...data } as React.HTMLAttributes<HTMLElement>;
}
