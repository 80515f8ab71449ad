import { SendOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canManageWebhooks } from './webhooks-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 外部订阅: beside the audit log, for the city's administrators. */
export function webhooksMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canManageWebhooks(me)) return [];
  return [
    {
      key: '/webhooks',
      icon: <SendOutlined />,
      label: <span data-testid="nav-webhooks">{t('webhooks.nav')}</span>,
    },
  ];
}
