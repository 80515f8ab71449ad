import { WifiOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canReadSensors } from './sensors-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 物联感知: the sensors and their rules, beside dispatch (an alarm is a case dispatched). */
export function sensorsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canReadSensors(me)) return [];
  return [
    {
      key: '/sensors',
      icon: <WifiOutlined />,
      label: <span data-testid="nav-sensors">{t('sensors.nav')}</span>,
    },
  ];
}
