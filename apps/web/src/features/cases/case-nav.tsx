import { CameraOutlined, CheckSquareOutlined, ProfileOutlined } from '@ant-design/icons';
import type { Me } from '@cc/contracts';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { canReport, canSeeTasks, canUseCaseCentre } from './case-roles';

/** The case pages in the main menu, by role: 上报, 我的任务, 工单中心. */
export function caseMenuItems(me: Me, t: TFunction): NonNullable<MenuProps['items']> {
  const items: NonNullable<MenuProps['items']> = [];
  if (canReport(me)) {
    items.push({
      key: '/report',
      icon: <CameraOutlined />,
      label: <span data-testid="nav-report">{t('cases.nav.report')}</span>,
    });
  }
  if (canSeeTasks(me)) {
    items.push({
      key: '/tasks',
      icon: <CheckSquareOutlined />,
      label: <span data-testid="nav-tasks">{t('cases.nav.tasks')}</span>,
    });
  }
  if (canUseCaseCentre(me)) {
    items.push({
      key: '/cases',
      icon: <ProfileOutlined />,
      label: <span data-testid="nav-cases">{t('cases.nav.centre')}</span>,
    });
  }
  return items;
}
