import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useRequest, type RequestState } from '../../lib/api';

/**
 * The head of a volunteer page: (on a record's page) the way back to its list, the title and
 * what goes beside it (the area picker, tags), and `actions` at the right.
 */
export function PageHead({
  title,
  titleTestId,
  back,
  children,
  actions,
}: {
  title: ReactNode;
  titleTestId?: string;
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
      <Space wrap className="cc-vol-head">
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
      </Space>
    </>
  );
}

/** The page's main button; disabled, with `blocked` saying why, until it can be used. */
export function OpenButton({
  icon,
  blocked,
  onClick,
  testId,
  children,
}: {
  icon: ReactNode;
  blocked: string | null;
  onClick: () => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Tooltip title={blocked ?? undefined}>
      <Button
        type="primary"
        icon={icon}
        disabled={!!blocked}
        onClick={onClick}
        data-testid={testId}
      >
        {children}
      </Button>
    </Tooltip>
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
  list: { hasMore: boolean; loadMore: () => void };
  testId?: string;
}) {
  const { t } = useTranslation();
  return list.hasMore ? (
    <Button style={{ marginTop: 12 }} onClick={list.loadMore} data-testid={testId}>
      {t('volunteers.loadMore')}
    </Button>
  ) : null;
}

/** A table row that opens its record: `data-testid`, `data-id` and any other `data-*` given. */
export function openingRow(
  testId: string,
  id: string,
  onOpen: () => void,
  data: Record<`data-${string}`, string> = {},
): HTMLAttributes<HTMLElement> {
  return {
    'data-testid': testId,
    'data-id': id,
    ...data,
    onClick: onOpen,
    style: { cursor: 'pointer' },
  } as HTMLAttributes<HTMLElement>;
}

/**
 * A record's page: the record of `id` as loaded, or as an action on the page returned it
 * (`setFresh`) until the id changes; `reload` drops that and loads it again.
 */
export function useRecord<T extends { id: string }>(
  id: string,
  load: (id: string, signal: AbortSignal) => Promise<T>,
) {
  const request = useRequest((signal) => load(id, signal), [id]);
  const [fresh, setFresh] = useState<T | null>(null);
  const record = fresh?.id === id ? fresh : request.data?.id === id ? request.data : undefined;
  const reload = () => {
    setFresh(null);
    request.reload();
  };
  return { record, setFresh, reload, request };
}

/** What a record's page shows until the record is there: the load error, else a skeleton. */
export function RecordPending({ request }: { request: RequestState<unknown> }) {
  return request.error ? (
    <LoadError error={request.error} onRetry={request.reload} />
  ) : (
    <Skeleton active paragraph={{ rows: 8 }} />
  );
}
