/** How an area's live stream stands: retrying while it is being re-made after a drop. */
export type AreaStreamStatus = 'connecting' | 'open' | 'retrying';

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;

/** The area's live stream (the dashboards' server-sent events). */
export const areaStreamUrl = (code: string) => `/api/dashboards/${encodeURIComponent(code)}/stream`;

interface AreaStreamHandlers {
  /** `data` of each `event: <event>` */
  onMessage: (data: unknown) => void;
  /** the connection came back after a drop: events may have been missed */
  onReopen: () => void;
  onStatus: (status: AreaStreamStatus) => void;
}

/**
 * Listen to `event` on the area's stream until the returned function closes it. The browser
 * re-connects a dropped stream by itself; one the server refused (a restart, a 503) is tried
 * again here, backing off from 2 s to a minute.
 */
export function openAreaStream(
  code: string,
  event: string,
  handlers: AreaStreamHandlers,
): () => void {
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
    current.addEventListener(event, (message) => handlers.onMessage(message.data));
  };

  connect();
  return () => {
    window.clearTimeout(retryTimer);
    source?.close();
  };
}
