import {
  AppstoreOutlined,
  DesktopOutlined,
  LockOutlined,
  LogoutOutlined,
  MobileOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ResidentMe } from '@cc/contracts';
import { Avatar, Card, Tag, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageSpin } from '../../components/page-spin';
import { LoadError } from '../../components/load-error';
import { ApiError, useRequest } from '../../lib/api';
import { isResidentOnly, useMe, useSession } from '../../lib/session';
import { getMyProfile, getResidentMe } from './resident-api';

// 我的小区物业: the compound's property company, 业委会 and fee (a verified home only)
const MyCompoundCard = lazy(() =>
  import('../property').then((m) => ({ default: m.MyCompoundCard })),
);

type Verification = 'verified' | 'pending' | 'refused' | 'unverified';

/** The account's verification state from GET /api/residents/me (404: none asked for yet). */
function verificationOf(me: ResidentMe | null): Verification {
  if (me?.link?.status === 'verified') return 'verified';
  if (me?.request?.state === 'pending') return 'pending';
  if (me?.request?.state === 'refused') return 'refused';
  return 'unverified';
}

const TAG_COLOUR: Record<Verification, string> = {
  verified: 'success',
  pending: 'processing',
  refused: 'error',
  unverified: 'default',
};

function Row({
  to,
  icon,
  label,
  testId,
  onClick,
}: {
  to?: string;
  icon: ReactNode;
  label: string;
  testId: string;
  onClick?: () => void;
}) {
  const content = (
    <span className="cc-resident-row">
      <span className="cc-resident-row-icon">{icon}</span>
      <span style={{ flex: 1 }}>{label}</span>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.3)' }} />
    </span>
  );
  return to ? (
    <Link to={to} className="cc-resident-row-link" data-testid={testId}>
      {content}
    </Link>
  ) : (
    <button type="button" className="cc-resident-row-link" onClick={onClick} data-testid={testId}>
      {content}
    </button>
  );
}

/** 我的: who I am, my phone (masked), my verification, and where to manage them. */
export function MePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const profile = useRequest((signal) => getMyProfile(signal), []);
  const resident = useRequest(
    (signal) =>
      getResidentMe(signal).catch((cause: unknown) => {
        // 404: nothing asked for yet; any other failure: the state is not shown
        if (cause instanceof ApiError && cause.status === 404) return null;
        throw cause;
      }),
    [],
  );
  if (profile.error) return <LoadError error={profile.error} onRetry={profile.reload} />;
  if (!profile.data) return <PageSpin />;
  const verification = resident.error ? null : verificationOf(resident.data ?? null);
  const home = resident.data?.link?.status === 'verified' ? resident.data.link : null;

  return (
    <div style={{ padding: 12 }}>
      <Card style={{ marginBottom: 12 }} data-testid="me-card">
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <Avatar size={56} style={{ background: '#1456f0', flex: 'none' }}>
            {profile.data.displayName.slice(0, 1)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }} ellipsis>
              {profile.data.displayName}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="me-phone">
              {profile.data.phone ?? t('residentApp.me.noPhone')}
            </Typography.Text>
            <div style={{ marginTop: 4 }}>
              {verification ? (
                <Tag color={TAG_COLOUR[verification]} data-testid="me-verification">
                  {t(`residentApp.me.${verification}`)}
                </Tag>
              ) : null}
              {home ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {home.committeeName} · {home.roomLabel}
                </Typography.Text>
              ) : null}
            </div>
          </div>
        </div>
      </Card>
      <Card styles={{ body: { padding: 0 } }} style={{ marginBottom: 12 }}>
        {verification !== 'verified' ? (
          <Row
            to="/r/verify"
            icon={<SafetyCertificateOutlined />}
            label={t('residentApp.me.verify')}
            testId="me-verify"
          />
        ) : null}
        <Row
          to="/r/household"
          icon={<TeamOutlined />}
          label={t('residentApp.me.household')}
          testId="me-household"
        />
        <Row
          to="/r/affairs/mine"
          icon={<AppstoreOutlined />}
          label={t('residentApp.me.affairs')}
          testId="me-affairs"
        />
      </Card>
      {home ? (
        <Suspense fallback={null}>
          <MyCompoundCard />
        </Suspense>
      ) : null}
      <Card styles={{ body: { padding: 0 } }} style={{ marginBottom: 12 }}>
        <Row
          to="/r/me/phone"
          icon={<MobileOutlined />}
          label={t('residentApp.me.changePhone')}
          testId="me-change-phone"
        />
        <Row
          to="/r/me/password"
          icon={<LockOutlined />}
          label={t(
            profile.data.hasPassword
              ? 'residentApp.me.changePassword'
              : 'residentApp.me.setPassword',
          )}
          testId="me-change-password"
        />
        {!isResidentOnly(me) ? (
          // 动态口令: staff turn on the second factor and renew its recovery codes here
          <Row
            to="/r/me/totp"
            icon={<SafetyOutlined />}
            label={t('secondFactor.settings.menu')}
            testId="me-totp"
          />
        ) : null}
        {!isResidentOnly(me) ? (
          <Row
            to="/"
            icon={<DesktopOutlined />}
            label={t('residentApp.me.console')}
            testId="me-console"
          />
        ) : null}
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Row
          icon={<LogoutOutlined />}
          label={t('residentApp.me.logout')}
          testId="me-logout"
          onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
        />
      </Card>
    </div>
  );
}
