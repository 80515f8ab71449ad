import { useEffect, useState } from 'react';

/**
 * True once `isReady` has held through a painted frame and the page is idle: for the heavy part
 * of a page (a map) that should not delay its form. A second animation frame runs after the
 * first paint; then an idle moment (at most `maxWaitMs` later), or a short timer where the
 * browser has no requestIdleCallback (Safari).
 */
export function useAfterPaint(isReady: boolean, maxWaitMs = 1000): boolean {
  const [isDue, setDue] = useState(false);
  useEffect(() => {
    if (!isReady || isDue) return;
    let frame = 0;
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        if (typeof requestIdleCallback === 'function')
          idle = requestIdleCallback(() => setDue(true), { timeout: maxWaitMs });
        else timer = setTimeout(() => setDue(true), 50);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      if (idle !== undefined) cancelIdleCallback(idle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [isReady, isDue, maxWaitMs]);
  return isDue;
}
