import type { Me } from '@cc/contracts';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiError, api, onUnauthorized } from '../api';

export type SessionState =
  | { status: 'loading' }
  /** `hasLoggedOut`: the person chose to leave, so the login page forgets where they were. */
  | { status: 'signed-out'; hasLoggedOut?: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; error: unknown };

export interface SessionValue {
  state: SessionState;
  /** Reads /api/auth/me again (after login); resolves with the person or null. */
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * The first sign-in check starts as this module loads, before the first render (and takes the
 * answer index.html preloaded, decision 027): the page a reload opens waits for it, no longer
 * for React's first render of the shell as well.
 */
let firstAnswer: Promise<Me | null> | undefined =
  typeof window === 'undefined' ? undefined : fetchMe();
firstAnswer?.catch(() => undefined); // read by the provider's first refresh

function takeFirstAnswer(): Promise<Me | null> {
  const answer = firstAnswer ?? fetchMe();
  firstAnswer = undefined;
  return answer;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  // the state changes when the answer comes, never at the call
  const refresh = useCallback(
    () =>
      takeFirstAnswer().then(
        (me) => {
          setState(me ? { status: 'signed-in', me } : { status: 'signed-out' });
          return me;
        },
        (error: unknown) => {
          setState({ status: 'error', error });
          return null;
        },
      ),
    [],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', undefined, { isAuthRedirect: false });
    } finally {
      setState({ status: 'signed-out', hasLoggedOut: true });
    }
  }, []);

  useEffect(() => {
    // Any 401 means the session ended (idle timeout, logout elsewhere): back to the login page.
    onUnauthorized(() =>
      setState((current) => (current.status === 'signed-out' ? current : { status: 'signed-out' })),
    );
    void refresh();
    return () => onUnauthorized(undefined);
  }, [refresh]);

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in person; only for pages rendered behind the sign-in guard. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe needs a signed-in session');
  return state.me;
}
