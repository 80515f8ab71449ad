import { Button, Result } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, createBrowserRouter } from 'react-router';
import { LoginPage } from '../features/auth';
import { PageSpin } from '../components/page-spin';
import { RequireAuth, RequireRole } from './require-auth';
import { volunteerRoutes } from '../features/volunteers/volunteers-routes';
import { councilRoutes } from '../features/councils/councils-routes';
import {
  EPIDEMIC_COMMITTEE_ROLES,
  KEY_REGION_VIEWER_ROLES,
} from '../features/epidemic/epidemic-roles';
import {
  ACCOUNT_MANAGER_ROLES,
  AFFAIRS_VIEWER_ROLES,
  BUILDING_GROUP_STAFF_ROLES,
  DAILY_LOG_STAFF_ROLES,
  CASE_CENTRE_ROLES,
  CASE_OPERATOR_ROLES,
  CERTIFICATE_STAFF_ROLES,
  CONSULTATION_VIEWER_ROLES,
  CASE_REPORTER_ROLES,
  DASHBOARD_ROLES,
  MEETING_STAFF_ROLES,
  MODERATION_QUEUE_ROLES,
  NOTICE_AUTHOR_ROLES,
  PROPOSAL_VIEWER_ROLES,
  PROPERTY_VIEWER_ROLES,
  REGISTRY_SCREEN_ROLES,
  VERIFIER_ROLES,
  VOTE_VIEWER_ROLES,
  ELEVATOR_BOARD_ROLES,
  ELEVATOR_VIEWER_ROLES,
} from '@cc/contracts';
import { SSO_CLIENT_MANAGER_ROLES, SSO_SYSTEMS_ROLES } from '../features/sso/sso-roles';
import { WEBHOOK_MANAGER_ROLES } from '../features/webhooks/webhooks-roles';
import { ADDRESS_BOOK_ROLES } from '../features/addresses/addresses-roles';
import { DEPARTMENT_MANAGER_ROLES } from '../features/departments/departments-roles';
import { HOTLINE_READER_ROLES } from '../features/hotline/hotline-roles';
import { INDICATOR_CATALOGUE_ROLES } from '../features/indicators/indicators-roles';
import { SENSOR_READER_ROLES } from '../features/sensors/sensors-roles';

// Everything behind the sign-in loads on demand, so the login page stays small.
const loadAppLayout = () => import('./app-layout');
// 上报 on its own (not with the case centre's table, filters and detail): the page a phone opens
const loadReportPage = () => import('../features/cases/report-page');
const AppLayout = lazy(() => loadAppLayout().then((m) => ({ default: m.AppLayout })));
const HomePage = lazy(() => import('../features/home').then((m) => ({ default: m.HomePage })));
const AreasPage = lazy(() => import('../features/areas').then((m) => ({ default: m.AreasPage })));
const AccountsPage = lazy(() =>
  import('../features/accounts').then((m) => ({ default: m.AccountsPage })),
);
const AuditPage = lazy(() => import('../features/audit').then((m) => ({ default: m.AuditPage })));
const DispatchPage = lazy(() =>
  import('../features/dispatch').then((m) => ({ default: m.DispatchPage })),
);
const SmsOutboxPage = lazy(() =>
  import('../features/notifications').then((m) => ({ default: m.SmsOutboxPage })),
);
const ReportPage = lazy(() => loadReportPage().then((m) => ({ default: m.ReportPage })));

const TasksPage = lazy(() => import('../features/cases').then((m) => ({ default: m.TasksPage })));
const CaseDetailPage = lazy(() =>
  import('../features/cases').then((m) => ({ default: m.CaseDetailPage })),
);
const CasesPage = lazy(() => import('../features/cases').then((m) => ({ default: m.CasesPage })));
const DashboardPage = lazy(() =>
  import('../features/dashboards').then((m) => ({ default: m.DashboardPage })),
);
const DashboardRedirect = lazy(() =>
  import('../features/dashboards').then((m) => ({ default: m.DashboardRedirect })),
);
const TopicPage = lazy(() => import('../features/topics').then((m) => ({ default: m.TopicPage })));
const TopicIndex = lazy(() =>
  import('../features/topics').then((m) => ({ default: m.TopicIndex })),
);
// the 2.0 boards (防汛防台, 停电抢修), listed with the topics
const OpsBoardPage = lazy(() =>
  import('../features/topics').then((m) => ({ default: m.OpsBoardPage })),
);
const RegistryRedirect = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.RegistryRedirect })),
);
const OneScreenPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.OneScreenPage })),
);
const ResidentsPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.ResidentsPage })),
);
const ResidentDetailPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.ResidentDetailPage })),
);
const RegistryImportPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.ImportPage })),
);
const HousingPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.HousingPage })),
);
const OrganisationsPage = lazy(() =>
  import('../features/registry').then((m) => ({ default: m.OrganisationsPage })),
);

// The residents' phone app (社区互动): public /join and /forgot, the signed-in shell under /r.
const residentApp = () => import('../features/resident-app');
const noticesFeature = () => import('../features/notices');
// the residents' home (/r): first actions above the notices (features/home), and 我的上报
const ResidentHomePage = lazy(() =>
  import('../features/home').then((m) => ({ default: m.ResidentHomePage })),
);
const MyReportsPage = lazy(() =>
  import('../features/home').then((m) => ({ default: m.MyReportsPage })),
);
const ResidentNoticePage = lazy(() =>
  noticesFeature().then((m) => ({ default: m.ResidentNoticePage })),
);
const NoticesPage = lazy(() => noticesFeature().then((m) => ({ default: m.NoticesPage })));
const NoticeReadsPage = lazy(() => noticesFeature().then((m) => ({ default: m.NoticeReadsPage })));
const ResidentLayout = lazy(() => residentApp().then((m) => ({ default: m.ResidentLayout })));
const ResidentMePage = lazy(() => residentApp().then((m) => ({ default: m.MePage })));
const JoinPage = lazy(() => residentApp().then((m) => ({ default: m.JoinPage })));
const ForgotPage = lazy(() => residentApp().then((m) => ({ default: m.ForgotPage })));
// The public certificate check (/verify/<code>) and 证明管理 for staff.
const consultationsFeature = () => import('../features/consultations');
const ConsultationsPage = lazy(() =>
  consultationsFeature().then((m) => ({ default: m.ConsultationsPage })),
);
const ConsultationPage = lazy(() =>
  consultationsFeature().then((m) => ({ default: m.ConsultationPage })),
);
const MyConsultationsPage = lazy(() =>
  consultationsFeature().then((m) => ({ default: m.MyConsultationsPage })),
);
const MyConsultationPage = lazy(() =>
  consultationsFeature().then((m) => ({ default: m.MyConsultationPage })),
);
const affairsFeature = () => import('../features/affairs');
const AffairsCataloguePage = lazy(() =>
  affairsFeature().then((m) => ({ default: m.AffairsCataloguePage })),
);
const NewAffairPage = lazy(() => affairsFeature().then((m) => ({ default: m.NewAffairPage })));
const MyAffairsPage = lazy(() => affairsFeature().then((m) => ({ default: m.MyAffairsPage })));
const MyAffairPage = lazy(() => affairsFeature().then((m) => ({ default: m.MyAffairPage })));
const AffairsDeskPage = lazy(() => affairsFeature().then((m) => ({ default: m.AffairsDeskPage })));
const certificatesFeature = () => import('../features/certificates');
const VerifyPage = lazy(() => certificatesFeature().then((m) => ({ default: m.VerifyPage })));
const CertificatesPage = lazy(() =>
  certificatesFeature().then((m) => ({ default: m.CertificatesPage })),
);
const ChangePhonePage = lazy(() => residentApp().then((m) => ({ default: m.ChangePhonePage })));
const ChangePasswordPage = lazy(() =>
  residentApp().then((m) => ({ default: m.ChangePasswordPage })),
);
// 动态口令 in the personal settings, beside the password (issue 25)
const TotpSettingsPage = lazy(() =>
  import('../features/auth/totp-settings-page').then((m) => ({ default: m.TotpSettingsPage })),
);
const StaffHomeOrResident = lazy(() =>
  residentApp().then((m) => ({ default: m.StaffHomeOrResident })),
);
// 众议院: the residents' 议事 pages (/r/together…) and 议事厅 for staff (/proposals)
const proposalsFeature = () => import('../features/proposals');
const TogetherPage = lazy(() => proposalsFeature().then((m) => ({ default: m.TogetherPage })));
const NewProposalPage = lazy(() =>
  proposalsFeature().then((m) => ({ default: m.NewProposalPage })),
);
const EditProposalPage = lazy(() =>
  proposalsFeature().then((m) => ({ default: m.EditProposalPage })),
);
const ProposalPage = lazy(() => proposalsFeature().then((m) => ({ default: m.ProposalPage })));
const ProposalsConsolePage = lazy(() =>
  proposalsFeature().then((m) => ({ default: m.ProposalsConsolePage })),
);
// 楼组: the resident's building board (/r/together/building) and 楼组 for committee staff
const buildingGroupsFeature = () => import('../features/building-groups');
const BuildingBoardPage = lazy(() =>
  buildingGroupsFeature().then((m) => ({ default: m.BuildingBoardPage })),
);
const BuildingGroupsPage = lazy(() =>
  buildingGroupsFeature().then((m) => ({ default: m.BuildingGroupsPage })),
);
// 物业管理 "1 + 3": the console page for committee staff and operators
const PropertyPage = lazy(() =>
  import('../features/property').then((m) => ({ default: m.PropertyPage })),
);
// 议事会: the residents' meetings (/r/together/meetings…) and the console page for staff
const meetingsFeature = () => import('../features/meetings');
const MeetingsPage = lazy(() => meetingsFeature().then((m) => ({ default: m.MeetingsPage })));
const ResidentMeetingsPage = lazy(() =>
  meetingsFeature().then((m) => ({ default: m.ResidentMeetingsPage })),
);
const ResidentMeetingPage = lazy(() =>
  meetingsFeature().then((m) => ({ default: m.ResidentMeetingPage })),
);
// 业主表决: the console pages (/votes…) and the residents' (/r/together/votes…, visits)
const votesFeature = () => import('../features/votes');
const VotesPage = lazy(() => votesFeature().then((m) => ({ default: m.VotesPage })));
const VotePage = lazy(() => votesFeature().then((m) => ({ default: m.VotePage })));
const ResidentVotesPage = lazy(() =>
  votesFeature().then((m) => ({ default: m.ResidentVotesPage })),
);
const ResidentVotePage = lazy(() => votesFeature().then((m) => ({ default: m.ResidentVotePage })));
const MyVisitsPage = lazy(() => votesFeature().then((m) => ({ default: m.MyVisitsPage })));
// 加装电梯: the projects (/elevators…) and the street and district board
const elevatorsFeature = () => import('../features/elevators');
const ElevatorsPage = lazy(() => elevatorsFeature().then((m) => ({ default: m.ElevatorsPage })));
const ElevatorProjectPage = lazy(() =>
  elevatorsFeature().then((m) => ({ default: m.ElevatorProjectPage })),
);
const ElevatorBoardPage = lazy(() =>
  elevatorsFeature().then((m) => ({ default: m.ElevatorBoardPage })),
);
const ResidentElevatorPage = lazy(() =>
  elevatorsFeature().then((m) => ({ default: m.ResidentElevatorPage })),
);
// 社区通 for staff: declarations, QR posters, key regions, home observation
const epidemicFeature = () => import('../features/epidemic');
const DeclarationsPage = lazy(() =>
  epidemicFeature().then((m) => ({ default: m.DeclarationsPage })),
);
const DeclarationPage = lazy(() => epidemicFeature().then((m) => ({ default: m.DeclarationPage })));
const PosterPage = lazy(() => epidemicFeature().then((m) => ({ default: m.PosterPage })));
const KeyRegionsPage = lazy(() => epidemicFeature().then((m) => ({ default: m.KeyRegionsPage })));
const ObservationsPage = lazy(() =>
  epidemicFeature().then((m) => ({ default: m.ObservationsPage })),
);
const ObservationPage = lazy(() => epidemicFeature().then((m) => ({ default: m.ObservationPage })));
// 内容审核: reported comments and posts in the staff member's area
const ModerationPage = lazy(() =>
  import('../features/moderation').then((m) => ({ default: m.ModerationPage })),
);
// 住户认证: the resident's 认证 and 我的家庭 pages, the staff's queue
const residentsFeature = () => import('../features/residents');
const ResidentVerifyPage = lazy(() => residentsFeature().then((m) => ({ default: m.VerifyPage })));
const HouseholdPage = lazy(() => residentsFeature().then((m) => ({ default: m.HouseholdPage })));
const VerificationsPage = lazy(() =>
  residentsFeature().then((m) => ({ default: m.VerificationsPage })),
);
// 社区通: the public declaration (/d/:token) and check-in (/c/:token), a resident's for a guest
const declareFeature = () => import('../features/declare');
const DeclarePage = lazy(() => declareFeature().then((m) => ({ default: m.DeclarePage })));
const CheckInPage = lazy(() => declareFeature().then((m) => ({ default: m.CheckInPage })));
const ResidentDeclarePage = lazy(() =>
  declareFeature().then((m) => ({ default: m.ResidentDeclarePage })),
);
const MyDeclarationsPage = lazy(() =>
  declareFeature().then((m) => ({ default: m.MyDeclarationsPage })),
);
// 社区日志: the staff page (/daily-logs) and the residents' (/r/logs…)
const dailyLogsFeature = () => import('../features/daily-logs');
const DailyLogsPage = lazy(() => dailyLogsFeature().then((m) => ({ default: m.DailyLogsPage })));
const ResidentLogsPage = lazy(() =>
  dailyLogsFeature().then((m) => ({ default: m.ResidentLogsPage })),
);
const ResidentLogPage = lazy(() =>
  dailyLogsFeature().then((m) => ({ default: m.ResidentLogPage })),
);
const ResidentLogNewPage = lazy(() =>
  dailyLogsFeature().then((m) => ({ default: m.ResidentLogNewPage })),
);
// 志愿服务 on the phone (/r/volunteer…)
const volunteerAppFeature = () => import('../features/volunteer-app');
const VolunteerHomePage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerHomePage })),
);
const VolunteerJoinPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerJoinPage })),
);
const VolunteerActivitiesPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerActivitiesPage })),
);
const VolunteerActivityPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerActivityPage })),
);
const VolunteerSignupPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerSignupPage })),
);
const VolunteerHoursPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerHoursPage })),
);
const VolunteerTaskPage = lazy(() =>
  volunteerAppFeature().then((m) => ({ default: m.VolunteerTaskPage })),
);
// 街区共治 on the phone (/r/councils…, /r/shops…, /r/reviews) and the public /rest-areas
const councilAppFeature = () => import('../features/council-app');
const MyCouncilsPage = lazy(() => councilAppFeature().then((m) => ({ default: m.MyCouncilsPage })));
const CouncilHomePage = lazy(() =>
  councilAppFeature().then((m) => ({ default: m.CouncilHomePage })),
);
const CouncilBallotPage = lazy(() =>
  councilAppFeature().then((m) => ({ default: m.CouncilBallotPage })),
);
const CouncilFundPage = lazy(() =>
  councilAppFeature().then((m) => ({ default: m.CouncilFundPage })),
);
const GuidelinePage = lazy(() => councilAppFeature().then((m) => ({ default: m.GuidelinePage })));
const CouncilReviewsPage = lazy(() =>
  councilAppFeature().then((m) => ({ default: m.CouncilReviewsPage })),
);
const ShopRegisterPage = lazy(() =>
  councilAppFeature().then((m) => ({ default: m.ShopRegisterPage })),
);
const ShopPage = lazy(() => councilAppFeature().then((m) => ({ default: m.ShopPage })));
const RestAreasPage = lazy(() => councilAppFeature().then((m) => ({ default: m.RestAreasPage })));
// one sign-on: 专业系统 and 接入系统 for staff, the sign-in / consent page outside the console
const ssoFeature = () => import('../features/sso');
const SystemsPage = lazy(() => ssoFeature().then((m) => ({ default: m.SystemsPage })));
const SsoClientsPage = lazy(() => ssoFeature().then((m) => ({ default: m.ClientsPage })));
const SsoInteractionPage = lazy(() => ssoFeature().then((m) => ({ default: m.InteractionPage })));
// 地址库 (address book): the city's administrators and operators
const AddressBookPage = lazy(() =>
  import('../features/addresses').then((m) => ({ default: m.AddressBookPage })),
);
// 外部订阅 (webhooks): the city's administrators
const WebhooksPage = lazy(() =>
  import('../features/webhooks').then((m) => ({ default: m.WebhooksPage })),
);
// 委办局 (departments that send data): the city's administrators
const DepartmentsPage = lazy(() =>
  import('../features/departments').then((m) => ({ default: m.DepartmentsPage })),
);
// 12345 热线对接: the city's administrators, its hotline desk and operators
const HotlinePage = lazy(() =>
  import('../features/hotline').then((m) => ({ default: m.HotlinePage })),
);
// 物联感知: administrators and operators read their areas'; the city's administrators keep them
const SensorsPage = lazy(() =>
  import('../features/sensors').then((m) => ({ default: m.SensorsPage })),
);
// 指标目录: whoever opens the dashboards; the city's administrators edit
const IndicatorsPage = lazy(() =>
  import('../features/indicators').then((m) => ({ default: m.IndicatorsPage })),
);

/** The community registry's pages (社区一屏), all behind its roles. */
const registryRoutes = [
  { path: 'registry', page: <RegistryRedirect /> },
  { path: 'registry/residents/:id', page: <ResidentDetailPage /> },
  { path: 'registry/:code', page: <OneScreenPage /> },
  { path: 'registry/:code/residents', page: <ResidentsPage /> },
  { path: 'registry/:code/housing', page: <HousingPage /> },
  { path: 'registry/:code/organisations', page: <OrganisationsPage /> },
  { path: 'registry/:code/import', page: <RegistryImportPage /> },
].map(({ path, page }) => ({
  path,
  element: <RequireRole roles={REGISTRY_SCREEN_ROLES}>{page}</RequireRole>,
}));

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('error.notFoundTitle')}
      subTitle={t('error.notFoundPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

function RouteError() {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('error.boundaryTitle')}
      extra={
        <Button type="primary" onClick={() => window.location.assign('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/join',
    element: (
      <Suspense fallback={<PageSpin />}>
        <JoinPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/verify/:code',
    element: (
      <Suspense fallback={<PageSpin />}>
        <VerifyPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/d/:token',
    element: (
      <Suspense fallback={<PageSpin />}>
        <DeclarePage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/c/:token',
    element: (
      <Suspense fallback={<PageSpin />}>
        <CheckInPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/rest-areas',
    element: (
      <Suspense fallback={<PageSpin />}>
        <RestAreasPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    // a department system's sign-in: works signed in or not (it shows our sign-in form)
    path: '/sso/interaction/:uid',
    element: (
      <Suspense fallback={<PageSpin />}>
        <SsoInteractionPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/forgot',
    element: (
      <Suspense fallback={<PageSpin />}>
        <ForgotPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    // The residents' phone app: helpers add their pages as children here (one line each).
    path: '/r',
    element: (
      <RequireAuth>
        <Suspense fallback={<PageSpin />}>
          <ResidentLayout />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <ResidentHomePage /> },
      { path: 'report', element: <ReportPage /> },
      { path: 'reports', element: <MyReportsPage /> },
      { path: 'notices/:id', element: <ResidentNoticePage /> },
      { path: 'me', element: <ResidentMePage /> },
      { path: 'verify', element: <ResidentVerifyPage /> },
      { path: 'household', element: <HouseholdPage /> },
      { path: 'me/phone', element: <ChangePhonePage /> },
      { path: 'me/password', element: <ChangePasswordPage /> },
      { path: 'me/totp', element: <TotpSettingsPage /> },
      { path: 'affairs', element: <AffairsCataloguePage /> },
      { path: 'affairs/new/:code', element: <NewAffairPage /> },
      { path: 'affairs/mine', element: <MyAffairsPage /> },
      { path: 'affairs/:id', element: <MyAffairPage /> },
      { path: 'declare', element: <ResidentDeclarePage /> },
      { path: 'declare/mine', element: <MyDeclarationsPage /> },
      { path: 'logs', element: <ResidentLogsPage /> },
      { path: 'logs/new', element: <ResidentLogNewPage /> },
      { path: 'logs/:id', element: <ResidentLogPage /> },
      { path: 'volunteer', element: <VolunteerHomePage /> },
      { path: 'volunteer/join', element: <VolunteerJoinPage /> },
      { path: 'volunteer/activities', element: <VolunteerActivitiesPage /> },
      { path: 'volunteer/activities/:id', element: <VolunteerActivityPage /> },
      { path: 'volunteer/signups/:id', element: <VolunteerSignupPage /> },
      { path: 'volunteer/hours', element: <VolunteerHoursPage /> },
      { path: 'volunteer/tasks/:id', element: <VolunteerTaskPage /> },
      { path: 'together', element: <TogetherPage /> },
      { path: 'together/building', element: <BuildingBoardPage /> },
      { path: 'together/consultations', element: <MyConsultationsPage /> },
      { path: 'together/consultations/:id', element: <MyConsultationPage /> },
      { path: 'together/meetings', element: <ResidentMeetingsPage /> },
      { path: 'together/meetings/:id', element: <ResidentMeetingPage /> },
      { path: 'together/votes', element: <ResidentVotesPage /> },
      { path: 'together/votes/:id', element: <ResidentVotePage /> },
      { path: 'together/visits', element: <MyVisitsPage /> },
      { path: 'together/elevator/:id', element: <ResidentElevatorPage /> },
      { path: 'together/proposals/new', element: <NewProposalPage /> },
      { path: 'together/proposals/:id', element: <ProposalPage /> },
      { path: 'together/proposals/:id/edit', element: <EditProposalPage /> },
      { path: 'councils', element: <MyCouncilsPage /> },
      { path: 'councils/:id', element: <CouncilHomePage /> },
      { path: 'councils/:id/fund', element: <CouncilFundPage /> },
      { path: 'council-votes/:id', element: <CouncilBallotPage /> },
      { path: 'guidelines/:id', element: <GuidelinePage /> },
      { path: 'reviews', element: <CouncilReviewsPage /> },
      { path: 'shops/new', element: <ShopRegisterPage /> },
      { path: 'shops/:id', element: <ShopPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Suspense fallback={<PageSpin />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      {
        index: true,
        element: (
          <StaffHomeOrResident>
            <HomePage />
          </StaffHomeOrResident>
        ),
      },
      { path: 'areas', element: <AreasPage /> },
      { path: 'areas/:code', element: <AreasPage /> },
      {
        path: 'accounts',
        element: (
          <RequireRole roles={ACCOUNT_MANAGER_ROLES}>
            <AccountsPage />
          </RequireRole>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireRole roles={['administrator']}>
            <AuditPage />
          </RequireRole>
        ),
      },
      {
        path: 'dispatch',
        element: (
          <RequireRole roles={CASE_OPERATOR_ROLES}>
            <DispatchPage />
          </RequireRole>
        ),
      },
      {
        path: 'affairs',
        element: (
          <RequireRole roles={AFFAIRS_VIEWER_ROLES}>
            <AffairsDeskPage />
          </RequireRole>
        ),
      },
      {
        path: 'meetings',
        element: (
          <RequireRole roles={MEETING_STAFF_ROLES}>
            <MeetingsPage />
          </RequireRole>
        ),
      },
      {
        path: 'votes',
        element: (
          <RequireRole roles={VOTE_VIEWER_ROLES}>
            <VotesPage />
          </RequireRole>
        ),
      },
      {
        path: 'votes/:id',
        element: (
          <RequireRole roles={VOTE_VIEWER_ROLES}>
            <VotePage />
          </RequireRole>
        ),
      },
      {
        path: 'elevators',
        element: (
          <RequireRole roles={ELEVATOR_VIEWER_ROLES}>
            <ElevatorsPage />
          </RequireRole>
        ),
      },
      {
        path: 'elevators/board',
        element: (
          <RequireRole roles={ELEVATOR_BOARD_ROLES}>
            <ElevatorBoardPage />
          </RequireRole>
        ),
      },
      {
        path: 'elevators/:id',
        element: (
          <RequireRole roles={ELEVATOR_VIEWER_ROLES}>
            <ElevatorProjectPage />
          </RequireRole>
        ),
      },
      ...[
        { path: 'declarations', page: <DeclarationsPage /> },
        { path: 'declarations/poster', page: <PosterPage /> },
        { path: 'declarations/:id', page: <DeclarationPage /> },
        { path: 'observations', page: <ObservationsPage /> },
        { path: 'observations/:id', page: <ObservationPage /> },
      ].map(({ path, page }) => ({
        path,
        element: <RequireRole roles={EPIDEMIC_COMMITTEE_ROLES}>{page}</RequireRole>,
      })),
      {
        path: 'key-regions',
        element: (
          <RequireRole roles={KEY_REGION_VIEWER_ROLES}>
            <KeyRegionsPage />
          </RequireRole>
        ),
      },
      {
        path: 'moderation',
        element: (
          <RequireRole roles={MODERATION_QUEUE_ROLES}>
            <ModerationPage />
          </RequireRole>
        ),
      },
      {
        path: 'certificates',
        element: (
          <RequireRole roles={CERTIFICATE_STAFF_ROLES}>
            <CertificatesPage />
          </RequireRole>
        ),
      },
      {
        path: 'verifications',
        element: (
          <RequireRole roles={VERIFIER_ROLES}>
            <VerificationsPage />
          </RequireRole>
        ),
      },
      {
        path: 'notices',
        element: (
          <RequireRole roles={NOTICE_AUTHOR_ROLES}>
            <NoticesPage />
          </RequireRole>
        ),
      },
      {
        path: 'notices/:id',
        element: (
          <RequireRole roles={NOTICE_AUTHOR_ROLES}>
            <NoticeReadsPage />
          </RequireRole>
        ),
      },
      {
        path: 'proposals',
        element: (
          <RequireRole roles={PROPOSAL_VIEWER_ROLES}>
            <ProposalsConsolePage />
          </RequireRole>
        ),
      },
      {
        path: 'consultations',
        element: (
          <RequireRole roles={CONSULTATION_VIEWER_ROLES}>
            <ConsultationsPage />
          </RequireRole>
        ),
      },
      {
        path: 'consultations/:id',
        element: (
          <RequireRole roles={CONSULTATION_VIEWER_ROLES}>
            <ConsultationPage />
          </RequireRole>
        ),
      },
      {
        path: 'daily-logs',
        element: (
          <RequireRole roles={DAILY_LOG_STAFF_ROLES}>
            <DailyLogsPage />
          </RequireRole>
        ),
      },
      {
        path: 'building-groups',
        element: (
          <RequireRole roles={BUILDING_GROUP_STAFF_ROLES}>
            <BuildingGroupsPage />
          </RequireRole>
        ),
      },
      {
        path: 'property',
        element: (
          <RequireRole roles={PROPERTY_VIEWER_ROLES}>
            <PropertyPage />
          </RequireRole>
        ),
      },
      {
        path: 'sms-outbox',
        element: (
          <RequireRole roles={CASE_OPERATOR_ROLES}>
            <SmsOutboxPage />
          </RequireRole>
        ),
      },
      {
        path: 'report',
        element: (
          <RequireRole roles={CASE_REPORTER_ROLES}>
            <ReportPage />
          </RequireRole>
        ),
      },
      { path: 'tasks', element: <TasksPage /> },
      {
        path: 'cases',
        element: (
          <RequireRole roles={CASE_CENTRE_ROLES}>
            <CasesPage />
          </RequireRole>
        ),
      },
      { path: 'cases/:id', element: <CaseDetailPage /> },
      {
        path: 'dashboards',
        element: (
          <RequireRole roles={DASHBOARD_ROLES}>
            <DashboardRedirect />
          </RequireRole>
        ),
      },
      {
        path: 'dashboards/:code',
        element: (
          <RequireRole roles={DASHBOARD_ROLES}>
            <DashboardPage />
          </RequireRole>
        ),
      },
      {
        path: 'topics',
        element: (
          <RequireRole roles={DASHBOARD_ROLES}>
            <TopicIndex />
          </RequireRole>
        ),
      },
      {
        path: 'topics/:topic/:code',
        element: (
          <RequireRole roles={DASHBOARD_ROLES}>
            <TopicPage />
          </RequireRole>
        ),
      },
      {
        path: 'boards/:board/:code',
        element: (
          <RequireRole roles={DASHBOARD_ROLES}>
            <OpsBoardPage />
          </RequireRole>
        ),
      },
      // 志愿服务 for staff (/volunteers…), each page behind its roles
      ...volunteerRoutes.map(({ path, roles, page }) => ({
        path,
        element: <RequireRole roles={roles}>{page}</RequireRole>,
      })),
      // 街区共治 for staff (/councils…, /shops, /reviews); a council's page for anyone signed in
      ...councilRoutes.map(({ path, roles, page }) => ({
        path,
        element: roles ? <RequireRole roles={roles}>{page}</RequireRole> : page,
      })),
      {
        path: 'systems',
        element: (
          <RequireRole roles={SSO_SYSTEMS_ROLES}>
            <SystemsPage />
          </RequireRole>
        ),
      },
      {
        path: 'sso/clients',
        element: (
          <RequireRole roles={SSO_CLIENT_MANAGER_ROLES}>
            <SsoClientsPage />
          </RequireRole>
        ),
      },
      {
        path: 'addresses',
        element: (
          <RequireRole roles={ADDRESS_BOOK_ROLES}>
            <AddressBookPage />
          </RequireRole>
        ),
      },
      {
        path: 'webhooks',
        element: (
          <RequireRole roles={WEBHOOK_MANAGER_ROLES}>
            <WebhooksPage />
          </RequireRole>
        ),
      },
      {
        path: 'departments',
        element: (
          <RequireRole roles={DEPARTMENT_MANAGER_ROLES}>
            <DepartmentsPage />
          </RequireRole>
        ),
      },
      {
        path: 'hotline',
        element: (
          <RequireRole roles={HOTLINE_READER_ROLES}>
            <HotlinePage />
          </RequireRole>
        ),
      },
      {
        path: 'sensors',
        element: (
          <RequireRole roles={SENSOR_READER_ROLES}>
            <SensorsPage />
          </RequireRole>
        ),
      },
      {
        path: 'indicators',
        element: (
          <RequireRole roles={INDICATOR_CATALOGUE_ROLES}>
            <IndicatorsPage />
          </RequireRole>
        ),
      },
      ...registryRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
