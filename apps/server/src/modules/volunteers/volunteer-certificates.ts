import type { VolunteerCertificate } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { issueCertificate } from '../certificates/index.js';
import { yearSummary } from './hours-ledger.js';
import type { VolunteerRow } from './volunteers.repo.js';

/** The certificate kind the certificates module files these under. */
export const VOLUNTEER_HOURS_CERTIFICATE = 'volunteer-hours';

/**
 * A verifiable certificate of a volunteer's confirmed hours (志愿服务时长证明), for one year or
 * all time, issued by their committee; a year without confirmed hours is a 400 naming `year`.
 * The caller has checked who may ask (the volunteer, or staff reaching them).
 */
export async function issueHoursCertificate(
  ctx: Ctx,
  volunteer: VolunteerRow,
  year: number | undefined,
): Promise<VolunteerCertificate> {
  const committee = await findAreaCached(ctx.db, volunteer.committee_code);
  const committeeName = committee?.name ?? volunteer.committee_code;
  return ctx.db.transaction().execute(async (trx) => {
    const { minutes, services } = await yearSummary(trx, volunteer.id, year ?? null);
    if (minutes <= 0)
      throw AppError.invalid(
        'year',
        'noHours',
        year === undefined
          ? 'year: no confirmed service hours yet / 尚无经确认的服务时长'
          : `year: no confirmed service hours in ${year} / ${year} 年没有经确认的服务时长`,
      );
    const cert = await issueCertificate(trx, ctx, {
      kind: VOLUNTEER_HOURS_CERTIFICATE,
      title: '志愿服务时长证明',
      holderAccountId: volunteer.account_id,
      holderName: ctx.cipher.decrypt(volunteer.name_enc),
      fields: [
        { label: '服务时长', value: `${(minutes / 60).toFixed(1)} 小时` },
        { label: '统计年度', value: year === undefined ? '累计（全部年度）' : `${year} 年` },
        { label: '服务次数', value: `${services} 次` },
        { label: '登记社区', value: committeeName },
        { label: '证明单位', value: committeeName },
      ],
      areaCode: volunteer.committee_code,
      areaPath: volunteer.area_path,
      issuerName: committeeName,
      sourceType: 'volunteer',
      sourceId: volunteer.id,
    });
    return { id: cert.id, code: cert.code, minutes };
  });
}
