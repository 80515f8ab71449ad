import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../lib/api';

interface Props {
  error: unknown;
  onRetry?: () => void;
  /** Smaller layout inside a card. */
  isCompact?: boolean;
}

/** A failed load: the server's message, the right picture for 403/404, and a retry button. */
export function LoadError({ error, onRetry, isCompact = false }: Props) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const resultStatus =
    status === 403 ? '403' : status === 404 ? '404' : isCompact ? 'warning' : 'error';
  const title =
    status === 403
      ? t('error.forbiddenTitle')
      : status === 404
        ? t('error.notFoundTitle')
        : t('error.loadFailed');
  return (
    <Result
      status={resultStatus}
      title={title}
      subTitle={describeError(error, t)}
      style={isCompact ? { padding: 16 } : undefined}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
