import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { describeError, useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useNow } from '../../lib/use-now';
import { shanghaiDate, shanghaiDateTime } from '../../lib/shanghai-time';
import { deleteKeyRegion, listKeyRegions } from './epidemic-api';
import { LevelTag } from './epidemic-format';
import { canEditKeyRegions } from './epidemic-roles';
import { keyRegionState, type KeyRegionState } from './epidemic-rules';
import type { KeyRegion } from './epidemic-types';
import { KeyRegionDrawer } from './key-region-drawer';

type Shown = 'active' | 'all';

const STATE_COLORS: Readonly<Record<KeyRegionState, string>> = {
  upcoming: 'blue',
  active: 'red',
  ended: 'default',
};

/**
 * 重点地区 (/key-regions): the city's listing of key regions, their level and dates. Every
 * staff member reads it; the city's operators and administrators keep it.
 */
export function KeyRegionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const mayEdit = canEditKeyRegions(me);
  const [shown, setShown] = useState<Shown>('active');
  const [editing, setEditing] = useState<KeyRegion | null | undefined>();
  const list = useRequest((signal) => listKeyRegions(shown === 'active', signal), [shown]);
  const today = shanghaiDate(useNow(60_000));

  async function remove(region: KeyRegion) {
    try {
      await deleteKeyRegion(region.id);
      void message.success(t('epidemic.keyRegions.deleted'));
      list.reload();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <ListPage testId="key-regions-page" title={t('epidemic.keyRegions.title')}>
      <Typography.Paragraph type="secondary">{t('epidemic.keyRegions.intro')}</Typography.Paragraph>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Space>
            <Segmented<Shown>
              value={shown}
              onChange={setShown}
              options={[
                { value: 'active', label: t('epidemic.keyRegions.active') },
                { value: 'all', label: t('epidemic.keyRegions.all') },
              ]}
              data-testid="key-regions-filter"
            />
            <Button
              icon={<ReloadOutlined />}
              onClick={list.reload}
              aria-label={t('common.refresh')}
            />
          </Space>
        }
        actions={
          mayEdit ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="key-region-new"
            >
              {t('epidemic.keyRegions.new')}
            </Button>
          ) : null
        }
      >
        <Table<KeyRegion>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('epidemic.keyRegions.empty') }}
          data-testid="key-regions-table"
          onRow={(r) =>
            ({
              'data-testid': 'key-region-row',
              'data-code': r.region.code,
              'data-level': r.level,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('epidemic.keyRegions.region'),
              key: 'region',
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{r.region.name}</Typography.Text>
                  {r.region.path && r.region.path !== r.region.name ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.region.path}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('epidemic.keyRegions.level'),
              dataIndex: 'level',
              render: (_: unknown, r) => <LevelTag level={r.level} />,
            },
            {
              title: t('epidemic.keyRegions.dates'),
              key: 'dates',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  <span>
                    {r.from} ~ {r.to ?? t('epidemic.keyRegions.open')}
                  </span>
                  <Tag color={STATE_COLORS[keyRegionState(r, today)]}>
                    {t(`epidemic.keyRegions.state.${keyRegionState(r, today)}`)}
                  </Tag>
                </Space>
              ),
            },
            {
              title: t('epidemic.keyRegions.note'),
              dataIndex: 'note',
              render: (note: string) => note || t('common.none'),
            },
            {
              title: t('epidemic.keyRegions.updated'),
              key: 'updated',
              responsive: ['md'],
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <span>{shanghaiDateTime(r.updatedAt)}</span>
                  {r.updatedBy ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.updatedBy}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            ...(mayEdit
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, r: KeyRegion) => (
                      <Space>
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(r)}
                          data-testid="key-region-edit"
                        >
                          {t('epidemic.keyRegions.editShort')}
                        </Button>
                        <Popconfirm
                          title={t('epidemic.keyRegions.deleteConfirm', { name: r.region.name })}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => void remove(r)}
                        >
                          <Button
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            data-testid="key-region-delete"
                          >
                            {t('epidemic.keyRegions.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </ListCard>
      {editing !== undefined ? (
        <KeyRegionDrawer
          editing={editing}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
