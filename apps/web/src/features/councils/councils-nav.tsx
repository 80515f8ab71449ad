import { AuditOutlined, ClusterOutlined, ShopOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canOpenCouncils, canOpenReviews, canOpenShops } from './council-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/**
 * 街区共治 in the main menu: blocks and councils for the street's operators, the shops for
 * those who register them, and 我的评审 for any staff member an expert reviewer may be.
 */
export function councilsMenuGroup(me: Me, t: TFunction): MenuItems {
  const children: MenuItems = [];
  const item = (key: string, icon: React.ReactNode, name: string, testId: string) => ({
    key,
    icon,
    label: <span data-testid={testId}>{t(`councils.nav.${name}`)}</span>,
  });
  if (canOpenCouncils(me)) {
    children.push(item('/councils', <ClusterOutlined />, 'councils', 'nav-councils'));
  }
  if (canOpenShops(me)) children.push(item('/shops', <ShopOutlined />, 'shops', 'nav-shops'));
  if (canOpenReviews(me)) {
    children.push(item('/reviews', <AuditOutlined />, 'reviews', 'nav-reviews'));
  }
  if (children.length === 0) return [];
  return [
    {
      key: 'group-councils',
      type: 'group',
      label: <span data-testid="nav-group-councils">{t('councils.nav.group')}</span>,
      children,
    },
  ];
}
