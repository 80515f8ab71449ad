import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import type { SessionsEnded } from '../identity/index.js';
import { endAccountPayloads } from './payload-store.js';
import { OIDC_PREFIX, providersOf } from './providers.js';

/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0). When an account's sessions
 * here end (identity's `sessionsEnded`: signed out, disabled, sessions reset), in the same
 * transaction: everything the provider holds for the account goes (its sessions, grants,
 * codes and tokens), and one durable job per department system it was signed in to is queued;
 * after the commit each job POSTs the system a logout token signed with our key (retried with
 * backoff when the system does not answer 200/204). No HTTP inside the transaction.
 */
export const BACKCHANNEL_LOGOUT_JOB = defineJob(
  'sso.backchannel-logout',
  Type.Object({
    issuer: Type.String(),
    clientId: Type.String(),
    accountId: Type.String(),
    sid: Type.String(),
  }),
);

/** The subscriber to identity's `sessionsEnded`: runs in identity's transaction. */
export async function endAccountSignOn(trx: Kysely<DB>, event: SessionsEnded): Promise<void> {
  const told = await endAccountPayloads(trx, event.accountId);
  if (told.length === 0) return;
  const withUri = new Set(
    (
      await trx
        .selectFrom('sso_clients')
        .select('client_id')
        .where(
          'client_id',
          'in',
          told.map((t) => t.clientId),
        )
        .where('backchannel_logout_uri', 'is not', null)
        .where('disabled', '=', false)
        .execute()
    ).map((r) => r.client_id),
  );
  const jobs = told
    .filter((t) => withUri.has(t.clientId))
    .map((t) => BACKCHANNEL_LOGOUT_JOB.spec({ ...t, accountId: event.accountId }));
  if (jobs.length > 0) await enqueueJobsQuery(jobs)!.execute(trx);
}

/** What oidc-provider's Client model offers for back-channel logout (not in its types). */
interface BackchannelClient {
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

/** The job: the logout token to one system, signed as the issuer the session was made under. */
export function ssoJobHandlers(deps: AppDeps): Iterable<readonly [string, JobHandler]> {
  return [
    BACKCHANNEL_LOGOUT_JOB.handler(async (p) => {
      // with PUBLIC_URL there is one issuer; without, the one the session was made under
      const issuer = deps.config.publicUrl ? `${deps.config.publicUrl}${OIDC_PREFIX}` : p.issuer;
      if (!/^https?:\/\/[^/]+\/oidc$/.test(issuer)) return;
      const { provider } = await providersOf(deps).providerFor(issuer);
      const client = (await provider.Client.find(p.clientId)) as BackchannelClient | undefined;
      // disabled or its URI removed since: nobody to tell
      if (!client?.backchannelLogoutUri) return;
      await client.backchannelLogout(p.accountId, p.sid);
    }),
  ];
}
