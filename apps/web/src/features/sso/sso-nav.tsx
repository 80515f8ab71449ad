import { ApiOutlined, AppstoreAddOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canManageSsoClients, canOpenSystems } from './sso-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 专业系统: near the top of every staff member's menu. */
export function ssoSystemsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canOpenSystems(me)) return [];
  return [
    {
      key: '/systems',
      icon: <AppstoreAddOutlined />,
      label: <span data-testid="nav-systems">{t('sso.nav.systems')}</span>,
    },
  ];
}

/** 接入系统: beside the accounts, for administrators. */
export function ssoClientsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canManageSsoClients(me)) return [];
  return [
    {
      key: '/sso/clients',
      icon: <ApiOutlined />,
      label: <span data-testid="nav-sso-clients">{t('sso.nav.clients')}</span>,
    },
  ];
}
