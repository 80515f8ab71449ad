import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Space, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * The head of a console page (街区共治, volunteers): (on a record's page) the way back to its
 * list, the title and what goes beside it (the area picker, tags), and `actions` after them.
 * `className` styles the row; `isSpace` lays it out as an antd Space (wrapping) instead of a
 * plain box.
 */
export function PageHead({
  title,
  titleTestId,
  back,
  className,
  isSpace = false,
  children,
  actions,
}: {
  title: ReactNode;
  titleTestId?: string;
  back?: { to: string; label: string };
  className: string;
  isSpace?: boolean;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const row = (
    <>
      <Typography.Title
        level={3}
        className="cc-page-title"
        style={{ margin: 0 }}
        data-testid={titleTestId}
      >
        {title}
      </Typography.Title>
      {children}
      {actions ? (
        <>
          <span style={{ flex: 1 }} />
          {actions}
        </>
      ) : null}
    </>
  );
  return (
    <>
      {back ? (
        <Breadcrumb
          items={[{ title: <Link to={back.to}>{back.label}</Link> }, { title }]}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {isSpace ? (
        <Space wrap className={className}>
          {row}
        </Space>
      ) : (
        <div className={className}>{row}</div>
      )}
    </>
  );
}

export function RefreshButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return <Button icon={<ReloadOutlined />} onClick={onClick} aria-label={t('common.refresh')} />;
}

/**
 * "Load more" (`text`) below a list read page by page, while there is more; spinning while the
 * next page loads when `isLoadingShown`.
 */
export function MoreButton({
  list,
  text,
  isLoadingShown = false,
  testId,
}: {
  list: { hasMore: boolean; loadMore: () => void; isLoading?: boolean };
  text: string;
  isLoadingShown?: boolean;
  testId?: string;
}) {
  return list.hasMore ? (
    <Button
      style={{ marginTop: 12 }}
      onClick={list.loadMore}
      loading={isLoadingShown ? list.isLoading : undefined}
      data-testid={testId}
    >
      {text}
    </Button>
  ) : null;
}

/** `data-*` attributes for an antd Table row (`onRow`), with its test id. */
export function rowData(testId: string, data: Record<`data-${string}`, string | number>) {
  return { 'data-testid': testId, ...data } as HTMLAttributes<HTMLElement>;
}

/** A table row that opens its record: `data-testid`, `data-id` and any other `data-*` given. */
export function openingRow(
  testId: string,
  id: string,
  onOpen: () => void,
  data: Record<`data-${string}`, string> = {},
): HTMLAttributes<HTMLElement> {
  return {
    ...rowData(testId, { 'data-id': id, ...data }),
    onClick: onOpen,
    style: { cursor: 'pointer' },
  };
}
