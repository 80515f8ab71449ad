import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import {
  DELIVER_TO_RESIDENT_JOB,
  FAN_OUT_JOB,
  HIDE_FOR_ACCOUNTS_JOB,
  PUBLISH_NOTICE_JOB,
  URGENT_SMS_JOB,
} from './notice-job-kinds.js';
import {
  deliverToResident,
  fanOutNotice,
  hideForAccounts,
  publishScheduled,
  sendUrgentBatch,
} from './publishing.js';

export function noticeJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    PUBLISH_NOTICE_JOB.handler(({ noticeId }) => publishScheduled(deps, noticeId)),
    FAN_OUT_JOB.handler(({ noticeId, after }) => fanOutNotice(deps, noticeId, after)),
    URGENT_SMS_JOB.handler((p) => sendUrgentBatch(deps, p)),
    DELIVER_TO_RESIDENT_JOB.handler(({ accountId }) => deliverToResident(deps, accountId)),
    HIDE_FOR_ACCOUNTS_JOB.handler(({ accountIds }) => hideForAccounts(deps, accountIds)),
  ];
}
