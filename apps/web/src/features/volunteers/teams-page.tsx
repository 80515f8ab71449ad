import { PlusOutlined } from '@ant-design/icons';
import {
  VOLUNTEER_TEAM_KIND_LABELS,
  type VolunteerTeam,
  VOLUNTEER_STAFF_ROLES,
} from '@cc/contracts';
import { Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { shanghaiDate } from '../../lib/shanghai-time';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { CreateTeamModal } from './create-team-modal';
import { openingRow, PageHead, RefreshButton } from '../../components/page-parts';
import { OpenButton } from './page-parts';
import { TeamDrawer } from './team-drawer';
import { useLabel } from './volunteer-format';
import { listTeams } from './volunteers-api';
import { COMMITTEE_PICKER } from './volunteer-roles';
import './volunteers.css';

/** 志愿者队伍 (/volunteers/teams): the area's teams with their leaders; a team's members in a drawer. */
export function TeamsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const choice = useAreaChoice(VOLUNTEER_STAFF_ROLES, 'committee');
  const { area } = choice;
  const teams = useRequest((signal) => listTeams(area!, signal), [area], !!area);
  const [openId, setOpenId] = useState<string | null>(null);
  const [isCreating, setCreating] = useState(false);
  const committee = choice.detail?.level === 'committee' ? choice.detail : undefined;

  return (
    <ListPage
      testId="teams-page"
      head={
        <PageHead
          className="cc-vol-head"
          isSpace
          title={t('volunteers.nav.teams')}
          actions={
            <OpenButton
              icon={<PlusOutlined />}
              blocked={committee ? null : t('volunteers.list.pickCommittee')}
              onClick={() => setCreating(true)}
              testId="team-create-open"
            >
              {t('volunteers.team.create')}
            </OpenButton>
          }
        >
          <AreaChoiceSelect choice={choice} picker={COMMITTEE_PICKER} testId="volunteer-area" />
        </PageHead>
      }
    >
      <ListCard
        error={teams.error}
        hasData={!!teams.data}
        onRetry={teams.reload}
        actions={<RefreshButton onClick={teams.reload} />}
      >
        <Table<VolunteerTeam>
          rowKey="id"
          size="small"
          loading={teams.isLoading}
          dataSource={teams.data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('volunteers.team.empty') }}
          onRow={(team) => openingRow('team-row', team.id, () => setOpenId(team.id))}
          columns={[
            {
              title: t('volunteers.team.name'),
              dataIndex: 'name',
              render: (name: string) => <Typography.Link>{name}</Typography.Link>,
            },
            {
              title: t('volunteers.team.kind'),
              key: 'kind',
              render: (_: unknown, team) => label(VOLUNTEER_TEAM_KIND_LABELS[team.kind]),
            },
            {
              title: t('volunteers.field.committee'),
              key: 'committee',
              render: (_: unknown, team) => team.committee.name,
            },
            { title: t('volunteers.team.memberCount'), dataIndex: 'memberCount', align: 'right' },
            {
              title: t('volunteers.team.leaders'),
              key: 'leaders',
              render: (_: unknown, team) => team.leaders.join('、') || t('common.none'),
            },
            {
              title: t('volunteers.team.createdAt'),
              key: 'created',
              render: (_: unknown, team) => shanghaiDate(Date.parse(team.createdAt)),
            },
          ]}
        />
      </ListCard>
      {openId ? (
        <TeamDrawer teamId={openId} onClose={() => setOpenId(null)} onChanged={teams.reload} />
      ) : null}
      {isCreating && committee ? (
        <CreateTeamModal
          committee={committee}
          onClose={() => setCreating(false)}
          onCreated={(team) => {
            setCreating(false);
            teams.reload();
            setOpenId(team.id);
          }}
        />
      ) : null}
    </ListPage>
  );
}
