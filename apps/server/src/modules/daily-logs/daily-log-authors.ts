import crypto from 'node:crypto';
import {
  DAILY_LOG_KIND_LABELS,
  DAILY_LOG_KINDS,
  DAILY_LOG_STAFF_ROLES,
  maskName,
  type AppointDailyLogAuthorBody,
  type DailyLogAuthor,
  type DailyLogAuthorList,
  type DailyLogAuthorshipList,
  type DailyLogCandidateList,
  type DailyLogKind,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { accountNames, committeeAccounts, requireActiveAccount } from '../identity/index.js';
import { queueNotifications } from '../notifications/index.js';
import { committeeArea, requireReader } from './daily-log-readers.js';
import {
  authorsOf,
  authorshipsOf,
  deleteAuthor,
  findAuthor,
  putAuthor,
  type AuthorRow,
} from './daily-logs.repo.js';
import { isLogStaff } from './daily-logs.policy.js';

/**
 * The authors of a committee's logs: its staff appoint accounts (usually its verified
 * residents: volunteers, quarantine staff) to post one kind there, and remove them; both
 * audited and told in-app. `GET /api/my/daily-log-authorships` says where one may post.
 */

const NO_SUCH_AUTHOR = 'No such author appointment / 没有该作者任命';
const staffOnly = (r: { isStaff: boolean }) => r.isStaff;

async function toView(ctx: Ctx, rows: AuthorRow[]): Promise<DailyLogAuthor[]> {
  const names = await accountNames(
    ctx.db,
    rows.map((r) => r.account_id),
  );
  return rows.map((r) => ({
    id: r.id,
    committeeCode: r.committee_code,
    accountId: r.account_id,
    name: maskName(names.get(r.account_id) ?? '?'),
    kind: r.kind as DailyLogKind,
    appointedAt: r.appointed_at.toISOString(),
  }));
}

/** The committee's appointed authors (its staff only; others 404). */
export async function listDailyLogAuthors(ctx: Ctx, code: string): Promise<DailyLogAuthorList> {
  const { committee } = await requireReader(ctx, code, staffOnly);
  return { items: await toView(ctx, await authorsOf(ctx.db, committee.code)) };
}

/** Whom the committee's staff may pick: its staff and verified residents (names masked). */
export async function listDailyLogCandidates(
  ctx: Ctx,
  code: string,
  q: string | undefined,
): Promise<DailyLogCandidateList> {
  const { committee } = await requireReader(ctx, code, staffOnly);
  const accounts = await committeeAccounts(ctx.db, { committeePath: committee.path, q, limit: 20 });
  return { items: accounts.map(({ id, name, kind }) => ({ accountId: id, name, kind })) };
}

/**
 * Appoint an account to post one kind of log in the committee (its staff only; 404 for
 * others). Any active account may be appointed (a quarantine site's staff may live elsewhere);
 * appointing again changes nothing. Audited; the author is told in-app.
 */
export async function appointDailyLogAuthor(
  ctx: Ctx,
  input: AppointDailyLogAuthorBody,
): Promise<{ author: DailyLogAuthor; created: boolean }> {
  const { committee } = await requireReader(ctx, input.committeeCode, staffOnly);
  const accountId = input.accountId.toLowerCase();
  await requireActiveAccount(ctx.db, accountId, 'accountId');
  const label = DAILY_LOG_KIND_LABELS[input.kind];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const put = await putAuthor(trx, {
      id: crypto.randomUUID(),
      committeeCode: committee.code,
      areaPath: committee.path,
      accountId,
      kind: input.kind,
      by: ctx.actor!.id,
    });
    if (!put.created) return put;
    await recordAudit(
      ctx,
      {
        action: 'daily-logs.author.appoint',
        objectType: 'daily_log_author',
        objectId: put.row.id,
        areaPath: committee.path,
        detail: { account: accountId, kind: input.kind, committee: committee.code },
      },
      trx,
    );
    await queueNotifications(trx, [
      {
        caseId: null,
        areaPath: committee.path,
        recipientId: accountId,
        text: `【社区云】${committee.name}请您发布${label.zh}，在“社区日志”中点“写日志” / ${committee.name} asks you to post ${label.en.toLowerCase()}s: open Logs and tap Write`,
        channels: ['inapp'],
      },
    ]);
    return put;
  });
  if (result.created) ctx.jobs.kick();
  const [author] = await toView(ctx, [result.row]);
  return { author: author!, created: result.created };
}

/** End an appointment (the committee's staff only; 404 for others). Audited; told in-app. */
export async function removeDailyLogAuthor(ctx: Ctx, id: string): Promise<void> {
  const row = await findAuthor(ctx.db, id);
  const area = row ? await committeeArea(ctx, row.committee_code) : null;
  if (!row || !area || !isLogStaff(ctx.actor, area.path)) throw AppError.notFound(NO_SUCH_AUTHOR);
  const label = DAILY_LOG_KIND_LABELS[row.kind as DailyLogKind];
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const gone = await deleteAuthor(trx, id);
    if (!gone) return false;
    await recordAudit(
      ctx,
      {
        action: 'daily-logs.author.remove',
        objectType: 'daily_log_author',
        objectId: id,
        areaPath: area.path,
        detail: { account: gone.account_id, kind: gone.kind, committee: gone.committee_code },
      },
      trx,
    );
    await queueNotifications(trx, [
      {
        caseId: null,
        areaPath: area.path,
        recipientId: gone.account_id,
        text: `【社区云】您已不再为${area.name}发布${label?.zh ?? '日志'} / You no longer post ${label?.en.toLowerCase() ?? 'log'}s for ${area.name}`,
        channels: ['inapp'],
      },
    ]);
    return true;
  });
  if (!ended) throw AppError.notFound(NO_SUCH_AUTHOR);
  ctx.jobs.kick();
}

/**
 * Where the signed-in account may post: the committees its staff role reaches (every kind)
 * and those it was appointed for (its kinds). Empty for a resident who writes nowhere.
 */
export async function myDailyLogAuthorships(ctx: Ctx): Promise<DailyLogAuthorshipList> {
  const actor = ctx.actor!;
  const byCommittee = new Map<string, { kinds: Set<DailyLogKind>; asStaff: boolean }>();
  for (const b of bindingsWith(actor, DAILY_LOG_STAFF_ROLES))
    if (b.areaLevel === 'committee')
      byCommittee.set(b.areaCode, { kinds: new Set(DAILY_LOG_KINDS), asStaff: true });
  for (const a of await authorshipsOf(ctx.db, actor.id)) {
    const entry = byCommittee.get(a.committee_code) ?? { kinds: new Set(), asStaff: false };
    entry.kinds.add(a.kind as DailyLogKind);
    byCommittee.set(a.committee_code, entry);
  }
  const items: DailyLogAuthorshipList['items'] = [];
  for (const [code, e] of byCommittee) {
    const area = await committeeArea(ctx, code);
    if (!area) continue;
    items.push({
      committee: { code, name: area.name },
      kinds: DAILY_LOG_KINDS.filter((k) => e.kinds.has(k)),
      asStaff: e.asStaff,
    });
  }
  return { items };
}
