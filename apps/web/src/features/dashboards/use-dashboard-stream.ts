import { CASE_STATUSES, type DashboardCaseEvent } from '@cc/contracts';
import { useEffect, useEffectEvent, useState } from 'react';
import { openAreaStream, parseDepartmentFigures } from '../../lib/area-stream';

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
  /** A department fed figures under the area: these indicators moved. */
  onFigures: (indicators: string[]) => void;
  /** The connection came back after a drop: events may have been missed. */
  onReconnect: () => void;
}

/**
 * Subscribes to the area's stream while `isEnabled` (re-made after a drop: area-stream.ts): its
 * case events, and the departments' figures (`event: figures` from a department), on one
 * connection.
 */
export function useDashboardStream(code: string, isEnabled: boolean, handlers: Handlers) {
  // the latest handlers, without reconnecting when they change
  const onEvent = useEffectEvent((event: DashboardCaseEvent) => handlers.onEvent(event));
  const onFigures = useEffectEvent((indicators: string[]) => handlers.onFigures(indicators));
  const onReconnect = useEffectEvent(() => handlers.onReconnect());
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [last, setLast] = useState<{ code: string; event: DashboardCaseEvent } | undefined>();

  useEffect(() => {
    if (!isEnabled) return;
    return openAreaStream(code, ['case', 'figures'], {
      onMessage: (data, name) => {
        if (name === 'figures') {
          const indicators = parseDepartmentFigures(data);
          if (indicators) onFigures(indicators);
          return;
        }
        const event = parseCaseEvent(data);
        if (!event) return;
        setLast({ code, event });
        onEvent(event);
      },
      onReopen: () => onReconnect(),
      onStatus: setStatus,
    });
  }, [code, isEnabled]);

  return {
    status: isEnabled ? status : 'off',
    lastEvent: last?.code === code ? last.event : undefined,
  };
}
