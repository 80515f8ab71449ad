import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  VOLUNTEER_STATUS_LABELS,
  VOLUNTEER_STATUSES,
  type VolunteerStatus,
  type VolunteerSummary,
  VOLUNTEER_STAFF_ROLES,
} from '@cc/contracts';
import { Button, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { shanghaiDate } from '../../lib/shanghai-time';
import { useCursorList } from '../../lib/use-cursor-list';
import { AddSkillModal } from './add-skill-modal';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { MoreButton, openingRow, PageHead, RefreshButton } from '../../components/page-parts';
import { OpenButton } from './page-parts';
import { SkillFilter, SkillTags, useSkills } from './skills';
import { VolunteerFiguresCard } from './volunteer-figures-card';
import { VolunteerFormDrawer } from './volunteer-form-drawer';
import { Hours, useLabel, VolunteerStatusTag } from './volunteer-format';
import { listTeams, listVolunteers } from './volunteers-api';
import { COMMITTEE_PICKER } from './volunteer-roles';
import './volunteers.css';

type StatusFilter = VolunteerStatus | 'all';

const volunteerPath = (id: string) => `/volunteers/${encodeURIComponent(id)}`;

/**
 * 志愿者 (/volunteers): the area's volunteers with their skills and hours, by skill, team and
 * status; 登记志愿者 for someone without an account, 新增技能 for the dictionary.
 */
export function VolunteersPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const choice = useAreaChoice(VOLUNTEER_STAFF_ROLES, 'committee');
  const { area } = choice;
  const skills = useSkills();
  const teams = useRequest((signal) => listTeams(area!, signal), [area], !!area);
  const [skill, setSkill] = useState<string | undefined>();
  const [team, setTeam] = useState<string | undefined>();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [isRegistering, setRegistering] = useState(false);
  const [isAddingSkill, setAddingSkill] = useState(false);
  const list = useCursorList(
    (cursor, signal) =>
      listVolunteers(
        { area: area ?? '', skill, team, status: status === 'all' ? undefined : status, cursor },
        signal,
      ),
    [area, skill, team, status],
    (v) => v.id,
  );
  // the server counts on the first page only (null on the pages after): keep that count
  const [total, setTotal] = useState<number | null>(null);
  const pageTotal = list.data?.total ?? null;
  if (pageTotal !== null && pageTotal !== total) setTotal(pageTotal);
  const committee = choice.detail?.level === 'committee' ? choice.detail : undefined;

  return (
    <ListPage
      testId="volunteers-page"
      head={
        <PageHead
          className="cc-vol-head"
          isSpace
          title={t('volunteers.list.title')}
          actions={
            <>
              <Button
                icon={<PlusOutlined />}
                onClick={() => setAddingSkill(true)}
                data-testid="skill-create-open"
              >
                {t('volunteers.skill.add')}
              </Button>
              <OpenButton
                icon={<UserAddOutlined />}
                blocked={committee ? null : t('volunteers.list.pickCommittee')}
                onClick={() => setRegistering(true)}
                testId="volunteer-register-open"
              >
                {t('volunteers.list.register')}
              </OpenButton>
            </>
          }
        >
          <AreaChoiceSelect choice={choice} picker={COMMITTEE_PICKER} testId="volunteer-area" />
        </PageHead>
      }
    >
      {area ? <VolunteerFiguresCard areaCode={area} className="cc-vol-card" /> : null}
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Space wrap>
            <SkillFilter
              skills={skills.data?.items}
              value={skill}
              onChange={setSkill}
              testId="volunteer-filter-skill"
            />
            <Select
              allowClear
              value={team}
              onChange={setTeam}
              placeholder={t('volunteers.field.team')}
              style={{ width: 180 }}
              options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
              data-testid="volunteer-filter-team"
            />
            <Segmented<StatusFilter>
              value={status}
              onChange={setStatus}
              options={[
                ...VOLUNTEER_STATUSES.map((s) => ({
                  value: s,
                  label: label(VOLUNTEER_STATUS_LABELS[s]),
                })),
                { value: 'all', label: t('volunteers.list.all') },
              ]}
              data-testid="volunteer-filter-status"
            />
          </Space>
        }
        actions={
          <Space>
            <Typography.Text type="secondary" data-testid="volunteers-total">
              {list.data && total !== null ? t('common.total', { total }) : null}
            </Typography.Text>
            <RefreshButton onClick={list.restart} />
          </Space>
        }
      >
        <Table<VolunteerSummary>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('volunteers.list.empty') }}
          onRow={(v) => openingRow('volunteer-row', v.id, () => void navigate(volunteerPath(v.id)))}
          columns={[
            {
              title: t('volunteers.field.name'),
              key: 'name',
              render: (_: unknown, v) => (
                <Space size={4}>
                  <Link to={volunteerPath(v.id)}>{v.name}</Link>
                  {v.hasAccount ? null : <Tag>{t('volunteers.list.noAccount')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('volunteers.field.phone'),
              dataIndex: 'phone',
              render: (p: string | null) => p ?? t('common.none'),
            },
            {
              title: t('volunteers.field.committee'),
              key: 'committee',
              render: (_: unknown, v) => v.committee.name,
            },
            {
              title: t('volunteers.field.skills'),
              key: 'skills',
              render: (_: unknown, v) => <SkillTags codes={v.skills} skills={skills.data?.items} />,
            },
            {
              title: t('volunteers.field.totalHours'),
              key: 'hours',
              align: 'right',
              render: (_: unknown, v) => <Hours minutes={v.totalMinutes} />,
            },
            {
              title: t('volunteers.field.joinedAt'),
              key: 'joined',
              render: (_: unknown, v) => shanghaiDate(Date.parse(v.joinedAt)),
            },
            {
              title: t('volunteers.field.status'),
              key: 'status',
              render: (_: unknown, v) => <VolunteerStatusTag status={v.status} />,
            },
          ]}
        />
        <MoreButton list={list} text={t('volunteers.loadMore')} testId="volunteers-more" />
      </ListCard>
      {isRegistering && committee ? (
        <VolunteerFormDrawer
          committee={committee}
          onClose={() => setRegistering(false)}
          onSaved={() => {
            setRegistering(false);
            list.restart();
          }}
        />
      ) : null}
      {isAddingSkill ? (
        <AddSkillModal
          onClose={() => setAddingSkill(false)}
          onAdded={() => {
            setAddingSkill(false);
            skills.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
