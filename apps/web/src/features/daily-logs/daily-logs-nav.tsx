import { ReadOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canManageDailyLogs } from './daily-log-rules';

type MenuItems = NonNullable<MenuProps['items']>;

/** 社区日志 in the main menu (inside 社区通's group) for committee staff; nothing for others. */
export function dailyLogsMenuItems(me: Me, t: TFunction): MenuItems {
  if (!canManageDailyLogs(me)) return [];
  return [
    {
      key: '/daily-logs',
      icon: <ReadOutlined />,
      label: <span data-testid="nav-daily-logs">{t('dailyLogs.nav')}</span>,
    },
  ];
}
