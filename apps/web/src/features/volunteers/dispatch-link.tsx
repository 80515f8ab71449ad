import { TeamOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../lib/session';
import { canDispatchVolunteers } from './volunteer-roles';
import { dispatchPath } from './volunteer-rules';

/**
 * 派志愿者: opens the dispatch page for a case (its place) or a point (a board's area centre);
 * only for those who may send volunteers.
 */
export function VolunteerDispatchLink({
  target,
  testId,
  size,
}: {
  target: { caseId: string } | { lat: number; lng: number };
  testId: string;
  size?: 'small' | 'middle' | 'large';
}) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  if (!canDispatchVolunteers(me)) return null;
  return (
    <Button
      size={size}
      icon={<TeamOutlined />}
      onClick={() => void navigate(dispatchPath(target))}
      data-testid={testId}
    >
      {t('volunteers.nav.dispatch')}
    </Button>
  );
}
