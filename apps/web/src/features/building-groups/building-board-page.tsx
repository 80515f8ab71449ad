import { CrownOutlined, HomeOutlined, LeftOutlined, TeamOutlined } from '@ant-design/icons';
import { BUILDING_SUBJECT_TYPE } from '@cc/contracts';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CommentThread } from '../../components/discussion';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, pickLanguage, useRequest } from '../../lib/api';
import { getMyBuildingGroup } from './building-groups-api';
import './building-groups.css';
import { LeaderHiddenPosts } from './leader-hidden-posts';

/**
 * /r/together/building: the board of the resident's building (楼组) — the building, its leader
 * (楼组长) and members, then the posts with replies, photos and praise; the leader also sees
 * what reports hid in the building, to restore or remove. An account whose home is not
 * verified is told why and sent to verify it.
 */
export function BuildingBoardPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const group = useRequest((signal) => getMyBuildingGroup(signal), []);
  const [posts, setPosts] = useState<number | null>(null);
  const [threadVersion, setThreadVersion] = useState(0);
  const back = (
    <Link to="/r/together" className="cc-building-back" data-testid="building-back">
      <LeftOutlined /> {t('buildingGroups.back')}
    </Link>
  );
  if (group.error instanceof ApiError && group.error.status === 403) {
    return (
      <div className="cc-building-page">
        {back}
        <Alert
          type="info"
          showIcon
          data-testid="building-verify-prompt"
          message={t('buildingGroups.needVerify')}
          description={pickLanguage(group.error.message, i18n.language)}
          action={
            <Button
              size="small"
              type="primary"
              onClick={() => void navigate('/r/verify')}
              data-testid="building-verify-link"
            >
              {t('buildingGroups.goVerify')}
            </Button>
          }
        />
      </div>
    );
  }
  if (group.error && !group.data) return <LoadError error={group.error} onRetry={group.reload} />;
  if (!group.data) return <PageSpin />;
  const g = group.data;
  return (
    <div className="cc-building-page" data-testid="building-board">
      {back}
      <Card size="small" className="cc-building-head">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="building-name">
          <HomeOutlined /> {g.buildingName}
        </Typography.Title>
        <Typography.Text type="secondary">{g.compoundName}</Typography.Text>
        <Space wrap size={[12, 4]} style={{ marginTop: 8, display: 'flex' }}>
          <span data-testid="building-leader">
            <CrownOutlined /> {t('buildingGroups.leader')}：
            {g.leaderName ?? t('buildingGroups.noLeader')}
          </span>
          <span data-testid="building-members">
            <TeamOutlined /> {t('buildingGroups.members', { count: g.memberCount })}
          </span>
          <span>{t('buildingGroups.posts', { count: posts ?? g.postCount })}</span>
        </Space>
        {g.isLeader ? (
          <Alert
            style={{ marginTop: 8 }}
            type="success"
            message={
              <>
                <Tag color="gold" data-testid="building-i-lead">
                  {t('buildingGroups.iAmLeader')}
                </Tag>
                {t('buildingGroups.leaderHelp')}
              </>
            }
          />
        ) : null}
      </Card>
      {g.isLeader ? <LeaderHiddenPosts onDecided={() => setThreadVersion((v) => v + 1)} /> : null}
      <Typography.Text type="secondary" className="cc-building-help">
        {t('buildingGroups.boardHelp')}
      </Typography.Text>
      <CommentThread
        key={threadVersion}
        subjectType={BUILDING_SUBJECT_TYPE}
        subjectId={g.buildingId}
        onCountChange={setPosts}
      />
    </div>
  );
}
