/** How an area's live stream stands: retrying while it is being re-made after a drop. */
export type AreaStreamStatus = 'connecting' | 'open' | 'retrying';

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;

/** The area's live stream (the dashboards' server-sent events). */
export const areaStreamUrl = (code: string) => `/api/dashboards/${encodeURIComponent(code)}/stream`;

interface AreaStreamHandlers {
  /** `data` of each `event: <event>`, and which of the events it was */
  onMessage: (data: unknown, event: string) => void;
  /** the connection came back after a drop: events may have been missed */
  onReopen: () => void;
  onStatus: (status: AreaStreamStatus) => void;
}

/**
 * Listen to `event` (or several, on one connection: a browser holds few per server) on the
 * area's stream until the returned function closes it. The browser re-connects a dropped stream
 * by itself; one the server refused (a restart, a 503) is tried again here, backing off from 2 s
 * to a minute.
 */
export function openAreaStream(
  code: string,
  event: string | readonly string[],
  handlers: AreaStreamHandlers,
): () => void {
  const events = typeof event === 'string' ? [event] : event;
  let source: EventSource | undefined;
  let retryTimer: number | undefined;
  let failures = 0;
  let hasOpened = false;

  const connect = () => {
    handlers.onStatus(failures > 0 ? 'retrying' : 'connecting');
    const current = new EventSource(areaStreamUrl(code));
    source = current;
    current.onopen = () => {
      if (hasOpened) handlers.onReopen();
      hasOpened = true;
      failures = 0;
      handlers.onStatus('open');
    };
    current.onerror = () => {
      handlers.onStatus('retrying');
      if (current.readyState !== EventSource.CLOSED) return;
      current.close();
      failures += 1;
      const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
      retryTimer = window.setTimeout(connect, delay);
    };
    for (const name of events) {
      current.addEventListener(name, (message) => handlers.onMessage(message.data, name));
    }
  };

  connect();
  return () => {
    window.clearTimeout(retryTimer);
    source?.close();
  };
}

/**
 * The indicators an `event: figures` says a department has just fed under the area
 * (`{source: 'department', indicators: [ids]}`), or undefined for any other figures event
 * (a topic's, `{topic}`) or what cannot be read.
 */
export function parseDepartmentFigures(data: unknown): string[] | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as { source?: unknown; indicators?: unknown } | null;
    if (value?.source !== 'department' || !Array.isArray(value.indicators)) return undefined;
    return value.indicators.filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}
