import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from './describe-error';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  /** Runs the request again with the same inputs. */
  reload: () => void;
}

/**
 * Runs `load` when `deps` change, aborts the previous run, and keeps the last data
 * while a new one loads (tables do not flash empty between pages).
 */
export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  isEnabled = true,
): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [isLoading, setIsLoading] = useState(isEnabled);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!isEnabled) {
      setIsLoading(false);
      return;
    }
    const controller = new AbortController();
    setIsLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setIsLoading(false);
      },
      (cause: unknown) => {
        if (controller.signal.aborted || isAbortError(cause)) return;
        setError(cause);
        setIsLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, generation, isEnabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, isLoading, reload };
}
