import { Button, Skeleton, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';
import { LoadError } from '../../components/load-error';
import { useRequest, type RequestState } from '../../lib/api';

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
