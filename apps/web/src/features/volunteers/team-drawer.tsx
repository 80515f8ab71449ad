import { CrownOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { VOLUNTEER_TEAM_KIND_LABELS, type VolunteerTeamDetail } from '@cc/contracts';
import { Button, Drawer, Empty, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { shanghaiDate } from '../../lib/shanghai-time';
import { useAction } from '../../lib/sending';
import { Hours, useLabel } from './volunteer-format';
import { getTeam, listVolunteers, removeTeamMember, setTeamMember } from './volunteers-api';

type Member = VolunteerTeamDetail['members'][number];

/** Adds one of the committee's active volunteers (not yet a member) to the team. */
function AddMember({ team, onAdded }: { team: VolunteerTeamDetail; onAdded: () => void }) {
  const { t } = useTranslation();
  const { isBusy, run } = useAction();
  const candidates = useRequest(
    (signal) => listVolunteers({ area: team.committee.code, status: 'active' }, signal),
    [team.committee.code],
  );
  const members = new Set(team.members.map((m) => m.volunteer.id));
  const options = (candidates.data?.items ?? [])
    .filter((v) => !members.has(v.id))
    .map((v) => ({ value: v.id, label: `${v.name}${v.phone ? ` · ${v.phone}` : ''}` }));
  async function add(volunteerId: string) {
    const isAdded = await run(
      () => setTeamMember(team.id, volunteerId, 'member'),
      t('volunteers.team.added'),
    );
    if (isAdded) onAdded();
  }
  return (
    <Select
      value={null}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('volunteers.team.addMember')}
      options={options}
      loading={candidates.isLoading || isBusy}
      onChange={(id: string | null) => id && void add(id)}
      style={{ width: 280 }}
      notFoundContent={t('volunteers.team.noCandidates')}
      data-testid="team-member-add"
    />
  );
}

/** A team: its members, leaders first; add a volunteer, make one leader, take one off. */
export function TeamDrawer({
  teamId,
  onClose,
  onChanged,
}: {
  teamId: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { run } = useAction();
  const request = useRequest((signal) => getTeam(teamId, signal), [teamId]);
  const team = request.data?.id === teamId ? request.data : undefined;
  const changed = () => {
    request.reload();
    onChanged();
  };
  async function act(step: () => Promise<unknown>) {
    if (await run(step)) changed();
  }
  const members = [...(team?.members ?? [])].sort((a, b) =>
    a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1,
  );

  return (
    <Drawer
      open
      title={
        team
          ? `${team.name} · ${label(VOLUNTEER_TEAM_KIND_LABELS[team.kind])}`
          : t('volunteers.nav.teams')
      }
      onClose={onClose}
      size={640}
      destroyOnHidden
    >
      {request.error && !team ? (
        <LoadError error={request.error} onRetry={request.reload} isCompact />
      ) : null}
      {team ? (
        <div data-testid="team-detail" data-id={team.id}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">
              {team.committee.name} · {t('volunteers.team.members', { count: team.members.length })}
            </Typography.Text>
            <AddMember team={team} onAdded={changed} />
          </Space>
          <Table<Member>
            rowKey={(m) => m.volunteer.id}
            size="small"
            dataSource={members}
            pagination={false}
            locale={{ emptyText: <Empty description={t('volunteers.team.noMembers')} /> }}
            onRow={(m) =>
              ({
                'data-testid': 'team-member-row',
                'data-id': m.volunteer.id,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('volunteers.field.name'),
                key: 'name',
                render: (_: unknown, m) => (
                  <Space size={4}>
                    <Link to={`/volunteers/${encodeURIComponent(m.volunteer.id)}`}>
                      {m.volunteer.name}
                    </Link>
                    {m.role === 'leader' ? (
                      <Tag color="gold">{t('volunteers.team.leader')}</Tag>
                    ) : null}
                  </Space>
                ),
              },
              {
                title: t('volunteers.field.totalHours'),
                key: 'hours',
                render: (_: unknown, m) => <Hours minutes={m.volunteer.totalMinutes} />,
              },
              {
                title: t('volunteers.team.joinedAt'),
                key: 'joined',
                render: (_: unknown, m) => shanghaiDate(Date.parse(m.joinedAt)),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, m) => (
                  <Space size={0}>
                    <Button
                      type="link"
                      size="small"
                      icon={<CrownOutlined />}
                      onClick={() =>
                        void act(() =>
                          setTeamMember(
                            team.id,
                            m.volunteer.id,
                            m.role === 'leader' ? 'member' : 'leader',
                          ),
                        )
                      }
                      data-testid="team-member-leader"
                    >
                      {m.role === 'leader'
                        ? t('volunteers.team.unsetLeader')
                        : t('volunteers.team.setLeader')}
                    </Button>
                    <Popconfirm
                      title={t('volunteers.team.removeConfirm', { name: m.volunteer.name })}
                      onConfirm={() => act(() => removeTeamMember(team.id, m.volunteer.id))}
                    >
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<UserDeleteOutlined />}
                        data-testid="team-member-remove"
                      >
                        {t('volunteers.team.remove')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </div>
      ) : null}
    </Drawer>
  );
}
