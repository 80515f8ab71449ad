import { EnvironmentOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canManageAddressBook } from './addresses-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 地址库: for the city's administrators and operators. */
export function addressBookMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canManageAddressBook(me)) return [];
  return [
    {
      key: '/addresses',
      icon: <EnvironmentOutlined />,
      label: <span data-testid="nav-addresses">{t('addresses.book.nav')}</span>,
    },
  ];
}
