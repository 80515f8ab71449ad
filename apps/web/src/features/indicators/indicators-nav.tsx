import { BarsOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canReadIndicatorCatalogue } from './indicators-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/** 指标目录: the departments' indicators, beside the dashboards and topics that show them. */
export function indicatorsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canReadIndicatorCatalogue(me)) return [];
  return [
    {
      key: '/indicators',
      icon: <BarsOutlined />,
      label: <span data-testid="nav-indicators">{t('indicators.nav')}</span>,
    },
  ];
}
