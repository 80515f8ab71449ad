import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { isResidentOnly, useMe } from '../../lib/session';

/** The console's home for staff; an account with no staff role goes to the phone app (/r). */
export function StaffHomeOrResident({ children }: { children: ReactNode }) {
  const me = useMe();
  if (isResidentOnly(me)) return <Navigate to="/r" replace />;
  return children;
}
