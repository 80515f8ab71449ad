import { ClusterOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canManageDepartments } from './departments-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 委办局: the departments that send data, beside 外部订阅, for the city's administrators. */
export function departmentsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canManageDepartments(me)) return [];
  return [
    {
      key: '/departments',
      icon: <ClusterOutlined />,
      label: <span data-testid="nav-departments">{t('departments.nav')}</span>,
    },
  ];
}
