import { defineEvent } from '../../platform/events.js';

/**
 * An account's sessions here ended for good: its holder signed out, an administrator disabled
 * it or reset its sessions. Published in the transaction that ends them; the sso module ends
 * the account's one-sign-on sessions and tells the department systems (back-channel logout)
 * by a job after the commit. The publisher kicks the job runner once committed.
 */
export interface SessionsEnded {
  accountId: string;
  reason: 'sign_out' | 'disabled' | 'sessions_reset';
}
export const sessionsEnded = defineEvent<SessionsEnded>('identity.sessionsEnded');
