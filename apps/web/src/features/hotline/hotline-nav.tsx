import { CustomerServiceOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canReadHotline } from './hotline-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 12345 热线对接: for the city's administrators, hotline desk and operators. */
export function hotlineMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canReadHotline(me)) return [];
  return [
    {
      key: '/hotline',
      icon: <CustomerServiceOutlined />,
      label: <span data-testid="nav-hotline">{t('hotline.nav')}</span>,
    },
  ];
}
