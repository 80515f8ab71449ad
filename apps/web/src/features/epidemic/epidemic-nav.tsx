import { EyeOutlined, GlobalOutlined, SolutionOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canReadKeyRegions, canWorkDeclarations } from './epidemic-roles';

type MenuItems = NonNullable<MenuProps['items']>;

/**
 * 社区通 in the main menu: a group with the committee's declarations, posters and observations
 * and the city's key regions, by role; nothing when the person has none of them. `more` are
 * the group's other pages (the daily logs), placed after these.
 */
export function epidemicMenuGroup(me: Me, t: TFunction, more: MenuItems = []): MenuItems {
  const children: MenuItems = [];
  if (canWorkDeclarations(me)) {
    children.push(
      {
        key: '/declarations',
        icon: <SolutionOutlined />,
        label: <span data-testid="nav-declarations">{t('epidemic.nav.declarations')}</span>,
      },
      {
        key: '/observations',
        icon: <EyeOutlined />,
        label: <span data-testid="nav-observations">{t('epidemic.nav.observations')}</span>,
      },
    );
  }
  if (canReadKeyRegions(me)) {
    children.push({
      key: '/key-regions',
      icon: <GlobalOutlined />,
      label: <span data-testid="nav-key-regions">{t('epidemic.nav.keyRegions')}</span>,
    });
  }
  children.push(...more);
  if (children.length === 0) return [];
  return [
    {
      key: 'group-community-link',
      type: 'group',
      label: <span data-testid="nav-group-community-link">{t('epidemic.nav.group')}</span>,
      children,
    },
  ];
}
