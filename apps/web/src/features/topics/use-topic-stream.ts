import { useEffect, useEffectEvent, useState } from 'react';

/** off: the range lies in the past (or nothing is fed live); retrying: being re-made. */
export type TopicStreamStatus = 'off' | 'connecting' | 'open' | 'retrying';

/** Many declarations in a burst make one refetch, this long after the last of them. */
export const REFETCH_DEBOUNCE_MS = 300;
const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;

const streamUrl = (code: string) => `/api/dashboards/${encodeURIComponent(code)}/stream`;

/** The topic an `event: figures` is about, or undefined when it is not one. */
export function parseFiguresEvent(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    const topic = (value as { topic?: unknown } | null)?.topic;
    return typeof topic === 'string' ? topic : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Listens to the area's live stream (the dashboards' one) for `event: figures` of `topic` —
 * a declaration stored, an observation opened under the area — and calls `onChange` once per
 * burst (debounced). A connection that comes back calls it too: events may have been missed.
 * The browser re-connects a dropped stream by itself; one the server refused is retried here.
 */
export function useTopicStream(
  code: string,
  topic: string,
  isEnabled: boolean,
  onChange: () => void,
): { status: TopicStreamStatus; lastAt: number | undefined } {
  const changed = useEffectEvent(onChange);
  const [status, setStatus] = useState<TopicStreamStatus>('connecting');
  const [lastAt, setLastAt] = useState<{ key: string; at: number } | undefined>();
  const key = `${code}|${topic}`;

  useEffect(() => {
    if (!isEnabled) return;
    let source: EventSource | undefined;
    let retryTimer: number | undefined;
    let debounceTimer: number | undefined;
    let failures = 0;
    let hasOpened = false;
    const soon = () => {
      window.clearTimeout(debounceTimer);
      debounceTimer = window.setTimeout(changed, REFETCH_DEBOUNCE_MS);
    };

    const connect = () => {
      setStatus(failures > 0 ? 'retrying' : 'connecting');
      const current = new EventSource(streamUrl(code));
      source = current;
      current.onopen = () => {
        if (hasOpened) soon();
        hasOpened = true;
        failures = 0;
        setStatus('open');
      };
      current.onerror = () => {
        setStatus('retrying');
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        failures += 1;
        const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
        retryTimer = window.setTimeout(connect, delay);
      };
      current.addEventListener('figures', (message) => {
        if (parseFiguresEvent(message.data) !== topic) return;
        setLastAt({ key: `${code}|${topic}`, at: Date.now() });
        soon();
      });
    };

    connect();
    return () => {
      window.clearTimeout(retryTimer);
      window.clearTimeout(debounceTimer);
      source?.close();
    };
  }, [code, topic, isEnabled]);

  return {
    status: isEnabled ? status : 'off',
    lastAt: lastAt?.key === key ? lastAt.at : undefined,
  };
}
