import { useLayoutEffect, useRef } from 'react';

/**
 * A ref to the latest committed `value`, for handlers registered once (a chart's click, a
 * stream's message) that must call today's props. It is written after each commit, not while
 * rendering, so a render React throws away never leaks into it. Inside the component's own
 * effects, prefer `useEffectEvent`.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
