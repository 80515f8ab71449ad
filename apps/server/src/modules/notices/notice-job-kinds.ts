import { Type } from '@sinclair/typebox';
import { defineJob } from '../../platform/jobs.js';

/** Publish a scheduled notice when its time comes (a no-op if it moved, or was withdrawn). */
export const PUBLISH_NOTICE_JOB = defineJob(
  'notices.publish',
  Type.Object({ noticeId: Type.String() }),
);
/** Write a published notice's recipients in batches, from account id `after` on. */
export const FAN_OUT_JOB = defineJob(
  'notices.fan-out',
  Type.Object({ noticeId: Type.String(), after: Type.Union([Type.String(), Type.Null()]) }),
);
/** Put one batch of an urgent notice's texts into the notifications outbox. */
export const URGENT_SMS_JOB = defineJob(
  'notices.urgent-sms',
  Type.Object({
    noticeId: Type.String(),
    batch: Type.String(),
    accountIds: Type.Array(Type.String(), { maxItems: 5000 }),
  }),
);
/** A newly verified resident: the live notices aimed at their home. */
export const DELIVER_TO_RESIDENT_JOB = defineJob(
  'notices.deliver-to-resident',
  Type.Object({ accountId: Type.String() }),
);
/** Revoked residents: their notices are no longer shown (now hidden in the revocation's own
 * transaction; the kind stays for jobs queued before). */
export const HIDE_FOR_ACCOUNTS_JOB = defineJob(
  'notices.hide-for-accounts',
  Type.Object({ accountIds: Type.Array(Type.String()) }),
);
