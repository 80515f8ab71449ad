export { SessionProvider, useSession, useMe } from './session-context';
export type { SessionState, SessionValue } from './session-context';
export * from './roles';
