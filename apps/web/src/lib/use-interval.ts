import { useEffect, useEffectEvent } from 'react';

/**
 * Calls `tick` every `ms` while `isEnabled` and the tab is visible; when a hidden tab comes
 * back, it ticks at once (so a list left in the background is fresh when seen again).
 */
export function useInterval(tick: () => void, ms: number, isEnabled = true): void {
  // the latest `tick`, without restarting the timer when it changes
  const onTick = useEffectEvent(tick);

  useEffect(() => {
    if (!isEnabled) return;
    const isVisible = () => document.visibilityState !== 'hidden';
    const timer = window.setInterval(() => {
      if (isVisible()) onTick();
    }, ms);
    const onVisibility = () => {
      if (isVisible()) onTick();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms, isEnabled]);
}
