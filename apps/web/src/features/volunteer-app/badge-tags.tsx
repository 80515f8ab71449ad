import { TrophyOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { badgeName } from './volunteer-format';

/** The badges earned (一星志愿者…), or a word on the first one when none yet. */
export function BadgeTags({ badges }: { badges: readonly string[] }) {
  const { t, i18n } = useTranslation();
  if (badges.length === 0)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="my-badges">
        {t('volunteerApp.noBadges')}
      </Typography.Text>
    );
  return (
    <div className="cc-vol-toggles" data-testid="my-badges">
      {badges.map((b) => (
        <Tag key={b} color="gold" icon={<TrophyOutlined />}>
          {badgeName(b, i18n.language)}
        </Tag>
      ))}
    </div>
  );
}
