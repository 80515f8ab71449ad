import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  COUNCIL_ROLE_LABELS,
  COUNCIL_ROLES,
  MEMBER_KIND_LABELS,
  type Council,
  type CouncilMember,
  type CouncilRole,
} from '@cc/contracts';
import { Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import type { RequestState } from '../../lib/api';
import { atTime, CouncilRoleTag, useLabel } from './council-format';
import { removeMember, setRepresentativeRole } from './councils-api';
import { MemberAddDrawer } from './member-add-drawer';
import { RefreshButton, rowData } from '../../components/page-parts';
import { useAction } from '../../lib/sending';

const GROUPS = ['1', '3', 'X'] as const;

/**
 * 成员: the member organisations in their "1 + 3 + X" groups with the counts, each with its
 * representatives and their council roles; those who run the council add a member, change a
 * representative's role, or take a member off (it leaves; its past stays in the record).
 */
export function MembersTab({
  council,
  members,
  onChanged,
}: {
  council: Council;
  members: RequestState<{ items: CouncilMember[] }>;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const action = useAction();
  const [isAdding, setAdding] = useState(false);
  const [q, setQ] = useState('');
  const canManage = council.can.manage;
  const all = members.data?.items ?? [];
  const shown = q.trim() ? all.filter((m) => m.name.includes(q.trim())) : all;

  const changeRole = (accountId: string, role: CouncilRole) =>
    void action
      .run(
        () => setRepresentativeRole(council.id, accountId, role),
        t('councils.member.roleChanged'),
      )
      .then((ok) => ok && onChanged());
  const remove = (m: CouncilMember) =>
    void action
      .run(() => removeMember(council.id, m.id), t('councils.member.removed', { name: m.name }))
      .then((ok) => ok && onChanged());

  return (
    <div data-testid="council-members">
      <div className="cc-council-head">
        <Typography.Text strong data-testid="council-groups">
          {GROUPS.map((g) => council.groups[g]).join(' + ')}
        </Typography.Text>
        {GROUPS.map((g) => (
          <Tag key={g} data-testid={`council-group-${g}`}>
            {t(`councils.member.group.${g}`)} {council.groups[g]}
          </Tag>
        ))}
        <Input.Search
          allowClear
          placeholder={t('councils.member.search')}
          onSearch={setQ}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 220 }}
          data-testid="member-search"
        />
        <span style={{ flex: 1 }} />
        <RefreshButton onClick={onChanged} />
        {canManage ? (
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            onClick={() => setAdding(true)}
            data-testid="member-add"
          >
            {t('councils.member.add')}
          </Button>
        ) : null}
      </div>
      {members.error && !members.data ? (
        <LoadError error={members.error} onRetry={members.reload} />
      ) : (
        GROUPS.map((g) => {
          const rows = shown.filter((m) => m.group === g);
          return (
            <Card
              key={g}
              size="small"
              className="cc-council-card"
              title={`${t(`councils.member.group.${g}`)} · ${t('councils.member.count', { n: all.filter((m) => m.group === g).length })}`}
              data-testid={`member-group-${g}`}
            >
              <Table<CouncilMember>
                rowKey="id"
                size="small"
                loading={members.isLoading}
                dataSource={rows}
                pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                scroll={{ x: 760 }}
                locale={{ emptyText: t('councils.member.empty') }}
                onRow={(m) => rowData('member-row', { 'data-id': m.id, 'data-kind': m.kind })}
                columns={[
                  {
                    title: t('councils.member.name'),
                    key: 'name',
                    render: (_: unknown, m) => (
                      <Space size={4}>
                        <span>{m.name}</span>
                        {m.shopId ? <Tag>{t('councils.member.shopTag')}</Tag> : null}
                      </Space>
                    ),
                  },
                  {
                    title: t('councils.member.kind'),
                    key: 'kind',
                    render: (_: unknown, m) => label(MEMBER_KIND_LABELS[m.kind]),
                  },
                  {
                    title: t('councils.member.reps'),
                    key: 'reps',
                    render: (_: unknown, m) => (
                      <Space direction="vertical" size={2}>
                        {m.representatives.map((r) => (
                          <Space key={r.accountId} size={4} data-account-id={r.accountId}>
                            <span>{r.name}</span>
                            {canManage ? (
                              <Select<CouncilRole>
                                size="small"
                                value={r.role}
                                style={{ width: 100 }}
                                disabled={action.isBusy}
                                onChange={(role) => changeRole(r.accountId, role)}
                                options={COUNCIL_ROLES.map((role) => ({
                                  value: role,
                                  label: label(COUNCIL_ROLE_LABELS[role]),
                                }))}
                                data-testid="rep-role-select"
                              />
                            ) : (
                              <CouncilRoleTag role={r.role} />
                            )}
                          </Space>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    title: t('councils.member.joinedAt'),
                    key: 'joinedAt',
                    render: (_: unknown, m) => atTime(m.joinedAt),
                  },
                  ...(canManage
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'actions',
                          render: (_: unknown, m: CouncilMember) => (
                            <Popconfirm
                              title={t('councils.member.removeConfirm', { name: m.name })}
                              okText={t('councils.member.remove')}
                              okButtonProps={{ danger: true }}
                              onConfirm={() => remove(m)}
                            >
                              <Button
                                size="small"
                                danger
                                icon={<DeleteOutlined />}
                                data-testid="member-remove"
                              >
                                {t('councils.member.remove')}
                              </Button>
                            </Popconfirm>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          );
        })
      )}
      {isAdding ? (
        <MemberAddDrawer
          council={council}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
    </div>
  );
}
