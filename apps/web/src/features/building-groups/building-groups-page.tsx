import { CrownOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  BUILDING_GROUP_STAFF_ROLES,
  BUILDING_SUBJECT_TYPE,
  type BuildingGroupSummary,
  type BuildingMember,
} from '@cc/contracts';
import { App, Button, Drawer, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommentThread } from '../../components/discussion';
import { ListCard, ListPage } from '../../components/list-page';
import { describeError, useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import {
  appointLeader,
  listBuildingGroups,
  listBuildingMembers,
  removeLeader,
} from './building-groups-api';

const PAGE_SIZE = 50;

/** The members of a building, masked, each with a button that makes them its leader. */
function MembersTab({ group, onChanged }: { group: BuildingGroupSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const members = useRequest(
    (signal) => listBuildingMembers(group.buildingId, signal),
    [group.buildingId],
  );
  const [busy, setBusy] = useState<string | null>(null);
  async function run(accountId: string, action: () => Promise<unknown>, done: string) {
    setBusy(accountId);
    try {
      await action();
      void message.success(done);
      members.reload();
      onChanged();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setBusy(null);
    }
  }
  const leader = members.data?.items.find((m) => m.isLeader);
  return (
    <ListCard error={members.error} hasData={!!members.data} onRetry={members.reload}>
      <Typography.Paragraph data-testid="building-group-leader">
        <CrownOutlined />{' '}
        {leader
          ? t('buildingGroups.currentLeader', { name: leader.name })
          : t('buildingGroups.noLeader')}
      </Typography.Paragraph>
      <Table<BuildingMember>
        rowKey="accountId"
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items ?? []}
        pagination={false}
        data-testid="building-members-table"
        columns={[
          { title: t('buildingGroups.room'), dataIndex: 'room' },
          {
            title: t('buildingGroups.name'),
            dataIndex: 'name',
            render: (name: string, m) => (
              <Space size={4}>
                {name}
                {m.isLeader ? <Tag color="gold">{t('buildingGroups.leader')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('buildingGroups.actions'),
            key: 'actions',
            render: (_, m) =>
              m.isLeader ? (
                <Popconfirm
                  title={t('buildingGroups.removeConfirm', { name: m.name })}
                  onConfirm={() =>
                    run(
                      m.accountId,
                      () => removeLeader(group.buildingId, m.accountId),
                      t('buildingGroups.removed'),
                    )
                  }
                >
                  <Button
                    size="small"
                    danger
                    loading={busy === m.accountId}
                    data-testid={`remove-leader-${m.accountId}`}
                  >
                    {t('buildingGroups.remove')}
                  </Button>
                </Popconfirm>
              ) : (
                <Popconfirm
                  title={t('buildingGroups.appointConfirm', {
                    name: m.name,
                    building: group.buildingName,
                  })}
                  onConfirm={() =>
                    run(
                      m.accountId,
                      () => appointLeader(group.buildingId, m.accountId),
                      t('buildingGroups.appointed'),
                    )
                  }
                >
                  <Button
                    size="small"
                    loading={busy === m.accountId}
                    data-testid={`appoint-leader-${m.accountId}`}
                  >
                    {t('buildingGroups.appoint')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </ListCard>
  );
}

/**
 * 楼组 (committee staff): the committee's buildings that have verified residents, with their
 * members, leader (楼组长) and posts; a building opens its board (to read, post as 居委 and
 * moderate) and its residents (to appoint or remove the leader).
 */
export function BuildingGroupsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const committees = me.roles.filter((b) => BUILDING_GROUP_STAFF_ROLES.includes(b.role));
  const [committee, setCommittee] = useState<string | undefined>(committees[0]?.areaCode);
  const [cursor, setCursor] = useState<string | null>(null);
  // the pages before the current one ("load more" adds the current page to them)
  const [earlier, setEarlier] = useState<BuildingGroupSummary[]>([]);
  const [open, setOpen] = useState<BuildingGroupSummary | null>(null);
  const list = useRequest(
    (signal) => listBuildingGroups({ committee, cursor, limit: PAGE_SIZE }, signal),
    [committee, cursor],
  );
  // while the next page loads, the request still holds the page before it: shown once
  const current = list.isLoading && cursor ? [] : (list.data?.items ?? []);
  const items = [...earlier, ...current];
  const startAgain = () => {
    setEarlier([]);
    if (cursor) setCursor(null);
    else list.reload();
  };
  const loadMore = () => {
    if (!list.data?.nextCursor) return;
    setEarlier(items);
    setCursor(list.data.nextCursor);
  };
  return (
    <ListPage testId="building-groups-page" title={t('buildingGroups.title')}>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          committees.length > 1 ? (
            <Select
              style={{ minWidth: 220 }}
              value={committee}
              onChange={(v) => {
                setCommittee(v);
                setEarlier([]);
                setCursor(null);
              }}
              options={committees.map((c) => ({ value: c.areaCode, label: c.areaName }))}
              data-testid="building-groups-committee"
            />
          ) : (
            <Typography.Text strong>{list.data?.committeeName}</Typography.Text>
          )
        }
        actions={
          <Button icon={<ReloadOutlined />} onClick={startAgain} aria-label={t('common.refresh')} />
        }
      >
        <Table<BuildingGroupSummary>
          rowKey="buildingId"
          size="middle"
          loading={list.isLoading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('buildingGroups.empty') }}
          data-testid="building-groups-table"
          columns={[
            { title: t('buildingGroups.compound'), dataIndex: 'compoundName' },
            { title: t('buildingGroups.building'), dataIndex: 'buildingName' },
            { title: t('buildingGroups.memberCount'), dataIndex: 'memberCount', align: 'right' },
            {
              title: t('buildingGroups.leader'),
              key: 'leader',
              render: (_, g) =>
                g.leader?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
            },
            { title: t('buildingGroups.postCount'), dataIndex: 'postCount', align: 'right' },
            { title: t('buildingGroups.praiseCount'), dataIndex: 'praiseCount', align: 'right' },
            {
              title: t('buildingGroups.actions'),
              key: 'open',
              render: (_, g) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setOpen(g)}
                  data-testid={`open-building-${g.buildingId}`}
                >
                  {t('buildingGroups.open')}
                </Button>
              ),
            },
          ]}
        />
        {list.data?.nextCursor ? (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={loadMore} loading={list.isLoading} data-testid="building-groups-more">
              {t('buildingGroups.loadMore')}
            </Button>
          </div>
        ) : null}
      </ListCard>
      <Drawer
        open={!!open}
        width={640}
        title={open ? `${open.compoundName} ${open.buildingName}` : ''}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open ? (
          <Tabs
            items={[
              {
                key: 'board',
                label: t('buildingGroups.board'),
                children: (
                  <CommentThread subjectType={BUILDING_SUBJECT_TYPE} subjectId={open.buildingId} />
                ),
              },
              {
                key: 'members',
                label: t('buildingGroups.memberList'),
                children: <MembersTab group={open} onChanged={startAgain} />,
              },
            ]}
          />
        ) : null}
      </Drawer>
    </ListPage>
  );
}
