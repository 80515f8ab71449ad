import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { isAbortError } from './describe-error';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  /** Runs the request again with the same inputs. */
  reload: () => void;
}

/** How a request ended: its data (kept while the next one loads) or its error, by run. */
interface Settled<T> {
  data: T | undefined;
  /** the run that last ended, well or not */
  run?: string;
  error?: unknown;
  /** the run the error belongs to */
  errorRun?: string;
}

const isSame = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * A number that goes up whenever one of `values` changes (compared as React compares deps).
 * The state is adjusted while rendering, as React advises for state that follows props.
 */
function useChangeCount(values: readonly unknown[]): number {
  const [seen, setSeen] = useState({ values, count: 0 });
  if (isSame(seen.values, values)) return seen.count;
  setSeen({ values, count: seen.count + 1 });
  return seen.count + 1;
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
  const changes = useChangeCount([...deps, isEnabled]);
  const [generation, setGeneration] = useState(0);
  // one run per change of the inputs and per reload: an error or a pending state is this run's
  const run = `${changes}.${generation}`;
  const [settled, setSettled] = useState<Settled<T>>({ data: undefined });
  // the latest `load`, which closes over the inputs `deps` name
  const loadNow = useEffectEvent(load);

  useEffect(() => {
    if (!isEnabled) return;
    const controller = new AbortController();
    loadNow(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ data, run });
      },
      (cause: unknown) => {
        if (controller.signal.aborted || isAbortError(cause)) return;
        setSettled((last) => ({ data: last.data, run, error: cause, errorRun: run }));
      },
    );
    return () => controller.abort();
  }, [run, isEnabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    data: settled.data,
    error: settled.errorRun === run ? settled.error : undefined,
    isLoading: isEnabled && settled.run !== run,
    reload,
  };
}
