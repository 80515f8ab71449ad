import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../lib/api';
import { floodProblem } from './declare-rules';

/** What went wrong on a submit that no field shows: a flood (429, with its wait) or another. */
export function useSubmitProblem() {
  const { t } = useTranslation();
  return (cause: unknown): string => {
    const flood =
      cause instanceof ApiError ? floodProblem(cause.status, cause.retryAfterSeconds) : null;
    return flood ? t(`declare.${flood.key}`, flood.values) : describeError(cause, t);
  };
}
