import { HomeOutlined } from '@ant-design/icons';
import { Button, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { getMyHome, useRequest } from '../../lib/api';
import { BackLink } from './back-link';
import { JoinForm } from './join-form';
import { getMyVolunteer, listSkills } from './volunteer-app-api';
import './volunteer-app.css';

/**
 * 成为志愿者 / 编辑志愿者资料 (/r/volunteer/join): a verified resident picks their skills, the
 * times of the week they can help and where they will serve.
 */
export function VolunteerJoinPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const home = useRequest((signal) => getMyHome(signal), []);
  const profile = useRequest((signal) => getMyVolunteer(signal), []);
  const skills = useRequest((signal) => listSkills(signal), []);
  const failed = [profile, skills].find((r) => r.error);
  if (failed) return <LoadError error={failed.error} onRetry={failed.reload} />;
  if (!home.data || profile.data === undefined || !skills.data) return <PageSpin />;
  const isEditing = profile.data?.status === 'active';
  return (
    <div className="cc-vol-page" data-testid="volunteer-join-page">
      <BackLink to="/r/volunteer" label={t('volunteerApp.backHome')} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {isEditing ? t('volunteerApp.join.editTitle') : t('volunteerApp.join.title')}
      </Typography.Title>
      {home.data.state === 'verified' && home.data.committeeCode ? (
        <JoinForm
          committee={{ code: home.data.committeeCode, name: home.data.committeeName ?? '' }}
          profile={profile.data}
          skills={skills.data.items}
        />
      ) : home.data.state === 'unknown' ? (
        <LoadError error={undefined} onRetry={home.reload} isCompact />
      ) : (
        <Empty
          image={<HomeOutlined style={{ fontSize: 48, color: '#1677ff' }} />}
          styles={{ image: { height: 56 } }}
          description={
            home.data.state === 'pending'
              ? t('volunteerApp.join.verifyPending')
              : t('volunteerApp.join.verifyFirst')
          }
        >
          {home.data.state === 'unverified' && (
            <Button type="primary" onClick={() => void navigate('/r/verify')}>
              {t('volunteerApp.join.verifyAction')}
            </Button>
          )}
        </Empty>
      )}
    </div>
  );
}
