import { useState } from 'react';

/**
 * True while rendering the moment `isOpen` turns true (a dialog opening), so the dialog can
 * clear its own state then, as React advises for state that follows a prop
 * (react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes):
 * React renders again at once, before anything is shown.
 */
export function useIsOpening(isOpen: boolean): boolean {
  const [wasOpen, setWasOpen] = useState(isOpen);
  if (wasOpen === isOpen) return false;
  setWasOpen(isOpen);
  return isOpen;
}
