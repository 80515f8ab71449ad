import { FEE_USE_LABELS, OWNERS_COMMITTEE_ROLE_LABELS } from '@cc/contracts';
import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { getMyCompound, yuan } from './property-api';

/**
 * 我的小区物业 (the resident's 我的 page): the compound's property company and its service phone,
 * the owners' committee (names masked), the fee in force and a change awaiting the owners' vote.
 * Nothing when the home is not verified.
 */
export function MyCompoundCard() {
  const { t, i18n } = useTranslation();
  const mine = useRequest((signal) => getMyCompound(signal), []);
  if (mine.error || !mine.data) return null;
  const d = mine.data;
  const lang = i18n.language;
  const director = d.ownersCommittee.find((m) => m.role === 'director');
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={`${t('property.myCard')} · ${d.compoundName}`}
      data-testid="my-compound-card"
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('property.company')}>
          {d.company ? d.company.name : t('property.noCompany')}
        </Descriptions.Item>
        {d.company ? (
          <Descriptions.Item label={t('property.myCompanyPhone')}>
            <a href={`tel:${d.company.servicePhone}`}>{d.company.servicePhone}</a>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('property.ownersCommittee')}>
          {d.ownersCommittee.length === 0
            ? t('property.noOwnersCommittee')
            : `${t('property.membersCount', { count: d.ownersCommittee.length })}${
                director
                  ? ` · ${inLanguage(OWNERS_COMMITTEE_ROLE_LABELS.director.zh, OWNERS_COMMITTEE_ROLE_LABELS.director.en, lang)} ${director.name}`
                  : ''
              }`}
        </Descriptions.Item>
        <Descriptions.Item label={t('property.fee')}>
          <span data-testid="my-compound-fee">
            {d.fees.length === 0
              ? t('property.noFee')
              : d.fees
                  .map(
                    (f) =>
                      `${inLanguage(FEE_USE_LABELS[f.use].zh, FEE_USE_LABELS[f.use].en, lang)} ¥${yuan(f.fen)} ${t('property.perM2')}`,
                  )
                  .join('；')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('property.per1000Long')}>
          {d.complaints.per1000 ?? t('property.none')}
        </Descriptions.Item>
      </Descriptions>
      {d.pendingChange ? (
        <Typography.Text type="warning">
          {t('property.myPending', {
            fee: d.pendingChange.fees.map((f) => `¥${yuan(f.fen)}`).join(' / '),
            date: d.pendingChange.effectiveFrom,
          })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}
