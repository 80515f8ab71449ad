import { useEffect, useEffectEvent, useState } from 'react';
import { openAreaStream } from '../../lib/area-stream';

/** off: the range lies in the past (or nothing is fed live); retrying: being re-made. */
export type TopicStreamStatus = 'off' | 'connecting' | 'open' | 'retrying';

/** Many events in a burst make one refetch, this long after the last of them. */
export const REFETCH_DEBOUNCE_MS = 300;

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
 * Listens to the area's live stream (the dashboards' one) for `events` and calls `onChange`
 * once per burst (debounced) of those `isRelevant` lets through. A connection that comes back
 * calls it too: events may have been missed. `key` names what is listened for, so the last
 * board's time of change is not shown as this one's.
 */
export function useLiveRefresh(
  code: string,
  key: string,
  events: readonly string[],
  isRelevant: (data: unknown, event: string) => boolean,
  isEnabled: boolean,
  onChange: () => void,
): { status: TopicStreamStatus; lastAt: number | undefined } {
  const changed = useEffectEvent(onChange);
  const relevant = useEffectEvent(isRelevant);
  const [status, setStatus] = useState<TopicStreamStatus>('connecting');
  const [lastAt, setLastAt] = useState<{ key: string; at: number } | undefined>();
  const streamKey = `${code}|${key}`;
  const eventList = events.join(' ');

  useEffect(() => {
    if (!isEnabled) return;
    let debounceTimer: number | undefined;
    const soon = () => {
      window.clearTimeout(debounceTimer);
      debounceTimer = window.setTimeout(changed, REFETCH_DEBOUNCE_MS);
    };
    const close = openAreaStream(code, eventList.split(' '), {
      onMessage: (data, event) => {
        if (!relevant(data, event)) return;
        setLastAt({ key: streamKey, at: Date.now() });
        soon();
      },
      onReopen: soon,
      onStatus: setStatus,
    });
    return () => {
      window.clearTimeout(debounceTimer);
      close();
    };
  }, [code, streamKey, eventList, isEnabled]);

  return {
    status: isEnabled ? status : 'off',
    lastAt: lastAt?.key === streamKey ? lastAt.at : undefined,
  };
}

const FIGURES = ['figures'] as const;

/**
 * Listens for `event: figures` of `topic` — a declaration stored, an observation opened under
 * the area — and calls `onChange` once per burst.
 */
export function useTopicStream(
  code: string,
  topic: string,
  isEnabled: boolean,
  onChange: () => void,
): { status: TopicStreamStatus; lastAt: number | undefined } {
  return useLiveRefresh(
    code,
    topic,
    FIGURES,
    (data) => parseFiguresEvent(data) === topic,
    isEnabled,
    onChange,
  );
}
