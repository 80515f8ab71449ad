import {
  CalendarOutlined,
  HeartOutlined,
  SendOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canDispatchVolunteers, canManageVolunteers } from './volunteer-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/**
 * 志愿服务 in the main menu: the volunteers, teams, activities and rankings for those who
 * manage them, and 派志愿者 also for the hotline; nothing for anyone else.
 */
export function volunteersMenuGroup(me: Me, t: TFunction): MenuItems {
  const children: MenuItems = [];
  const item = (key: string, icon: React.ReactNode, name: string, testId: string) => ({
    key,
    icon,
    label: <span data-testid={testId}>{t(`volunteers.nav.${name}`)}</span>,
  });
  if (canManageVolunteers(me)) {
    children.push(
      item('/volunteers', <HeartOutlined />, 'list', 'nav-volunteers'),
      item('/volunteers/teams', <TeamOutlined />, 'teams', 'nav-volunteer-teams'),
      item(
        '/volunteers/activities',
        <CalendarOutlined />,
        'activities',
        'nav-volunteer-activities',
      ),
    );
  }
  if (canDispatchVolunteers(me)) {
    children.push(
      item('/volunteers/dispatch', <SendOutlined />, 'dispatch', 'nav-volunteer-dispatch'),
    );
  }
  if (canManageVolunteers(me)) {
    children.push(
      item('/volunteers/rankings', <TrophyOutlined />, 'rankings', 'nav-volunteer-rankings'),
    );
  }
  if (children.length === 0) return [];
  return [
    {
      key: 'group-volunteers',
      type: 'group',
      label: <span data-testid="nav-group-volunteers">{t('volunteers.nav.group')}</span>,
      children,
    },
  ];
}
