import { CASE_STATUSES, type DashboardCaseEvent } from '@cc/contracts';
import { useEffect, useEffectEvent, useState } from 'react';
import { streamUrl } from './dashboards-api';

/** off: the range lies in the past; retrying: the connection dropped and is being re-made. */
export type StreamStatus = 'off' | 'connecting' | 'open' | 'retrying';

const isNumberOrNull = (value: unknown) => value === null || typeof value === 'number';

/** The event's data, or undefined when it is not a case event this page understands. */
export function parseCaseEvent(data: unknown): DashboardCaseEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const isValid =
    typeof v.id === 'string' &&
    typeof v.number === 'string' &&
    typeof v.areaCode === 'string' &&
    typeof v.scenarioCode === 'string' &&
    typeof v.at === 'string' &&
    CASE_STATUSES.some((status) => status === v.status) &&
    isNumberOrNull(v.lat) &&
    isNumberOrNull(v.lng);
  return isValid ? (value as DashboardCaseEvent) : undefined;
}

interface Handlers {
  onEvent: (event: DashboardCaseEvent) => void;
  /** The connection came back after a drop: events may have been missed. */
  onReconnect: () => void;
}

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;

/**
 * Subscribes to the area's case stream while `isEnabled`. The browser re-connects a dropped
 * stream by itself; one the server refused (a restart, a 503) is tried again here, backing off.
 */
export function useDashboardStream(code: string, isEnabled: boolean, handlers: Handlers) {
  // the latest handlers, without reconnecting when they change
  const onEvent = useEffectEvent((event: DashboardCaseEvent) => handlers.onEvent(event));
  const onReconnect = useEffectEvent(() => handlers.onReconnect());
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [last, setLast] = useState<{ code: string; event: DashboardCaseEvent } | undefined>();

  useEffect(() => {
    if (!isEnabled) return;
    let source: EventSource | undefined;
    let retryTimer: number | undefined;
    let failures = 0;
    let hasOpened = false;

    const connect = () => {
      setStatus(failures > 0 ? 'retrying' : 'connecting');
      const current = new EventSource(streamUrl(code));
      source = current;
      current.onopen = () => {
        if (hasOpened) onReconnect();
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
      current.addEventListener('case', (message) => {
        const event = parseCaseEvent(message.data);
        if (!event) return;
        setLast({ code, event });
        onEvent(event);
      });
    };

    connect();
    return () => {
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, [code, isEnabled]);

  return {
    status: isEnabled ? status : 'off',
    lastEvent: last?.code === code ? last.event : undefined,
  };
}
