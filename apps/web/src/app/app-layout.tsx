import {
  AppstoreOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BulbOutlined,
  CheckSquareOutlined,
  CalendarOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MenuOutlined,
  MessageOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
  VerticalAlignTopOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Space,
  Tooltip,
  Typography,
  type MenuProps,
} from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpin } from '../components/page-spin';
import { RoleTag } from '../components/role-tag';
import { NoticesBell } from '../features/notifications/notices-bell';
import { describeError, isSessionEnded } from '../lib/api';
import {
  canManageAccounts,
  canManageDispatch,
  canReadApiDocs,
  canReadAudit,
  distinctRoles,
  hasAnyRole,
  isResidentOnly,
  useMe,
  useSession,
} from '../lib/session';
import { caseMenuItems } from '../features/cases/case-nav';
import { canOpenDashboards } from '../features/dashboards/dashboard-roles';
import { canOpenRegistry } from '../features/registry/registry-roles';
import { canReadAffairs } from '../features/affairs/affair-roles';
import { NOTICE_AUTHOR_ROLES } from '@cc/contracts';
import { canManageCertificates } from '../features/certificates/certificate-roles';
import { canVerifyResidents } from '../features/residents/verification-roles';
import { canOpenProposals } from '../features/proposals/proposal-roles';
import { canOpenConsultations } from '../features/consultations/consultation-roles';
import { canManageBuildingGroups } from '../features/building-groups/building-group-roles';
import { canReadProperty } from '../features/property/property-roles';
import { canModerate } from '../features/moderation/moderation-roles';
import { canRunMeetings } from '../features/meetings/meeting-roles';
import { canOpenVotes } from '../features/votes/vote-roles';
import { canOpenElevators } from '../features/elevators/elevator-roles';
import { epidemicMenuGroup } from '../features/epidemic/epidemic-nav';
import { dailyLogsMenuItems } from '../features/daily-logs/daily-logs-nav';
import { volunteersMenuGroup } from '../features/volunteers/volunteers-nav';
import { councilsMenuGroup } from '../features/councils/councils-nav';
import { ssoClientsMenuItems, ssoSystemsMenuItems } from '../features/sso/sso-nav';
import { webhooksMenuItems } from '../features/webhooks/webhooks-nav';
import { addressBookMenuItems } from '../features/addresses/addresses-nav';
import { departmentsMenuItems } from '../features/departments/departments-nav';
import { hotlineMenuItems } from '../features/hotline/hotline-nav';
import { indicatorsMenuItems } from '../features/indicators/indicators-nav';
import { sensorsMenuItems } from '../features/sensors/sensors-nav';
import { AppLogo } from './app-logo';
import { selectedMenuKey } from './selected-menu-key';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: header, role-aware menu (a drawer on phones) and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [isDrawerOpen, setIsDrawerOpen] = useState(false);
  const [isCollapsed, setIsCollapsed] = useState(false);
  const roles = distinctRoles(me);

  const items = useMemo<MenuProps['items']>(() => {
    // a resident on a console page (a case it reported): its own home, report and reports
    if (isResidentOnly(me))
      return [
        {
          key: '/r',
          icon: <HomeOutlined />,
          label: <span data-testid="nav-home">{t('nav.home')}</span>,
        },
        {
          key: '/r/reports',
          icon: <ProfileOutlined />,
          label: <span data-testid="nav-my-reports">{t('roleHome.myReports.title')}</span>,
        },
      ];
    const list: NonNullable<MenuProps['items']> = [
      {
        key: '/',
        icon: <HomeOutlined />,
        label: <span data-testid="nav-home">{t('nav.home')}</span>,
      },
      {
        key: '/areas',
        icon: <ApartmentOutlined />,
        label: <span data-testid="nav-areas">{t('nav.areas')}</span>,
      },
    ];
    list.splice(1, 0, ...caseMenuItems(me, t));
    if (canOpenDashboards(me)) {
      // the topic boards (专题) sit right under the dashboards: the same people, the same areas
      list.splice(
        1,
        0,
        {
          key: '/dashboards',
          icon: <FundProjectionScreenOutlined />,
          label: <span data-testid="nav-dashboards">{t('dashboards.nav')}</span>,
        },
        {
          key: '/topics',
          icon: <AppstoreOutlined />,
          label: <span data-testid="nav-topics">{t('topics.nav')}</span>,
        },
        // 指标目录: what the departments feed the dashboards and boards
        ...indicatorsMenuItems(me, t),
      );
    }
    if (canOpenRegistry(me)) {
      // 社区一屏: right after the areas, the registry of the people and housing in them
      const areasAt = list.findIndex((item) => item?.key === '/areas');
      list.splice(areasAt < 0 ? list.length : areasAt + 1, 0, {
        key: '/registry',
        icon: <IdcardOutlined />,
        label: <span data-testid="nav-registry">{t('registry.nav')}</span>,
      });
    }
    if (canManageDispatch(me)) {
      list.push(
        {
          key: '/dispatch',
          icon: <NodeIndexOutlined />,
          label: <span data-testid="nav-dispatch">{t('dispatch.nav')}</span>,
        },
        {
          key: '/sms-outbox',
          icon: <MessageOutlined />,
          label: <span data-testid="nav-sms-outbox">{t('notifications.smsNav')}</span>,
        },
      );
    }
    // 物联感知: the sensors whose alarms become cases, after dispatch
    list.push(...sensorsMenuItems(me, t));
    if (hasAnyRole(me, NOTICE_AUTHOR_ROLES)) {
      list.push({
        key: '/notices',
        icon: <NotificationOutlined />,
        label: <span data-testid="nav-notices">{t('notices.nav')}</span>,
      });
    }
    if (canReadAffairs(me)) {
      list.push({
        key: '/affairs',
        icon: <FormOutlined />,
        label: <span data-testid="nav-affairs">{t('affairs.nav')}</span>,
      });
    }
    if (canOpenProposals(me)) {
      list.push({
        key: '/proposals',
        icon: <BulbOutlined />,
        label: <span data-testid="nav-proposals">{t('proposals.nav')}</span>,
      });
    }
    if (canRunMeetings(me)) {
      list.push({
        key: '/meetings',
        icon: <CalendarOutlined />,
        label: <span data-testid="nav-meetings">{t('meetings.nav')}</span>,
      });
    }
    if (canOpenVotes(me)) {
      list.push({
        key: '/votes',
        icon: <CheckSquareOutlined />,
        label: <span data-testid="nav-votes">{t('votes.nav')}</span>,
      });
    }
    if (canOpenElevators(me)) {
      list.push({
        key: '/elevators',
        icon: <VerticalAlignTopOutlined />,
        label: <span data-testid="nav-elevators">{t('elevators.nav')}</span>,
      });
    }
    // 社区通: declarations, home observation, key regions (and the daily logs) as one group
    list.push(...epidemicMenuGroup(me, t, dailyLogsMenuItems(me, t)));
    // 志愿服务: volunteers, teams, activities, 派志愿者, rankings as one group
    list.push(...volunteersMenuGroup(me, t));
    // 街区共治: blocks and councils, shops, 我的评审 as one group
    list.push(...councilsMenuGroup(me, t));
    if (canOpenConsultations(me)) {
      list.push({
        key: '/consultations',
        icon: <EnvironmentOutlined />,
        label: <span data-testid="nav-consultations">{t('consultations.nav')}</span>,
      });
    }
    if (canManageBuildingGroups(me)) {
      list.push({
        key: '/building-groups',
        icon: <BankOutlined />,
        label: <span data-testid="nav-building-groups">{t('buildingGroups.nav')}</span>,
      });
    }
    if (canReadProperty(me)) {
      list.push({
        key: '/property',
        icon: <ShopOutlined />,
        label: <span data-testid="nav-property">{t('property.nav')}</span>,
      });
    }
    if (canModerate(me)) {
      list.push({
        key: '/moderation',
        icon: <SafetyOutlined />,
        label: <span data-testid="nav-moderation">{t('discussion.moderation.nav')}</span>,
      });
    }
    if (canManageCertificates(me)) {
      list.push({
        key: '/certificates',
        icon: <FileProtectOutlined />,
        label: <span data-testid="nav-certificates">{t('certificates.nav')}</span>,
      });
    }
    if (canVerifyResidents(me)) {
      list.push({
        key: '/verifications',
        icon: <SafetyCertificateOutlined />,
        label: <span data-testid="nav-verifications">{t('residents.nav')}</span>,
      });
    }
    if (canManageAccounts(me)) {
      list.push({
        key: '/accounts',
        icon: <TeamOutlined />,
        label: <span data-testid="nav-accounts">{t('nav.accounts')}</span>,
      });
    }
    // 接入系统: the department systems of the one sign-on, beside the accounts
    list.push(...ssoClientsMenuItems(me, t));
    if (canReadAudit(me)) {
      list.push({
        key: '/audit',
        icon: <AuditOutlined />,
        label: <span data-testid="nav-audit">{t('nav.audit')}</span>,
      });
    }
    // 外部订阅: the systems told of case events, beside the audit log
    list.push(...webhooksMenuItems(me, t));
    // 委办局 and 12345 热线对接: the systems that send data, and the hotline's work orders
    list.push(...departmentsMenuItems(me, t));
    list.push(...hotlineMenuItems(me, t));
    list.push(...addressBookMenuItems(me, t));
    if (canReadApiDocs(me)) {
      list.push({
        key: 'api-docs',
        icon: <ApiOutlined />,
        label: (
          <a href="/api/docs" target="_blank" rel="noopener noreferrer" data-testid="nav-api-docs">
            {t('nav.apiDocs')}
          </a>
        ),
      });
    }
    // 专业系统: one click into the departments' systems, right under 首页
    list.splice(1, 0, ...ssoSystemsMenuItems(me, t));
    return list;
  }, [me, t]);

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    setIsDrawerOpen(false);
    if (key.startsWith('/')) void navigate(key);
  };

  // Signing out always ends the local session; the sign-in guard then shows the login page.
  async function logout() {
    try {
      await signOut();
    } catch (error) {
      if (!isSessionEnded(error)) void message.error(describeError(error, t));
    }
  }

  // the 2.0 boards (/boards/…) are listed under 专题
  const selected = selectedMenuKey(location.pathname.replace(/^\/boards\//, '/topics/'), items);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={onMenuClick}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'roles',
        disabled: true,
        label: (
          <div style={{ maxWidth: 260 }}>
            {roles.map((role) => (
              <RoleTag key={role} role={role} />
            ))}
          </div>
        ),
      },
      { type: 'divider' },
      // 动态口令: the second factor in the personal settings, beside the password (/r/me)
      {
        key: 'totp',
        icon: <SafetyOutlined />,
        label: <span data-testid="user-menu-totp">{t('secondFactor.settings.menu')}</span>,
      },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void logout();
      if (key === 'totp') void navigate('/r/me/totp');
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="cc-header">
        {isPhone ? (
          <Button
            type="text"
            aria-label={t('nav.openMenu')}
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
            onClick={() => setIsDrawerOpen(true)}
            data-testid="menu-toggle"
          />
        ) : null}
        <AppLogo isCompact={isPhone} onClick={() => void navigate('/')} />
        <div style={{ flex: 1 }} />
        <Space size={isPhone ? 8 : 16} align="center">
          <LanguageSwitch isInverted />
          <NoticesBell />
          {isPhone ? null : (
            <Space size={4} className="cc-header-roles" data-testid="header-roles">
              {roles.slice(0, 2).map((role) => (
                <RoleTag key={role} role={role} />
              ))}
              {roles.length > 2 ? (
                <Tooltip
                  title={roles
                    .slice(2)
                    .map((role) => t(`role.${role}`))
                    .join('、')}
                >
                  <span className="cc-header-more">+{roles.length - 2}</span>
                </Tooltip>
              ) : null}
            </Space>
          )}
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button
              type="text"
              className="cc-header-user"
              data-testid="user-menu"
              icon={<UserOutlined />}
            >
              {isPhone ? null : <span data-testid="user-display-name">{me.displayName}</span>}
            </Button>
          </Dropdown>
          {isPhone ? null : (
            <Button
              type="text"
              className="cc-header-user"
              icon={<LogoutOutlined />}
              onClick={() => void logout()}
              data-testid="logout"
            >
              {t('header.logout')}
            </Button>
          )}
        </Space>
      </Header>
      <Layout>
        {isPhone ? (
          <Drawer
            placement="left"
            open={isDrawerOpen}
            onClose={() => setIsDrawerOpen(false)}
            size={260}
            title={
              <div>
                <Typography.Text strong>{me.displayName}</Typography.Text>
                <div>
                  {roles.map((role) => (
                    <RoleTag key={role} role={role} />
                  ))}
                </div>
              </div>
            }
            styles={{ body: { padding: 0 } }}
            footer={
              <Button
                block
                danger
                icon={<LogoutOutlined />}
                onClick={() => void logout()}
                data-testid="logout-phone"
              >
                {t('header.logout')}
              </Button>
            }
          >
            {menu}
          </Drawer>
        ) : (
          <Sider
            width={208}
            theme="light"
            collapsible
            collapsed={isCollapsed}
            onCollapse={setIsCollapsed}
            breakpoint="lg"
            className="cc-sider"
          >
            {menu}
          </Sider>
        )}
        <Content className="cc-content">
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageSpin />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}
