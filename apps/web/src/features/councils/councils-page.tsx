import { ClusterOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COUNCIL_KIND_LABELS,
  COUNCIL_STAFF_ROLES,
  type Block,
  type Council,
  type CouncilKind,
} from '@cc/contracts';
import { Alert, Button, Empty, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListCard } from '../../components/list-page';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { BlockDrawer } from './block-drawer';
import { fromBoundary } from './block-shape';
import { CouncilCreateModal } from './council-create-modal';
import { atTime, useLabel } from './council-format';
import { listBlocks, listCouncils } from './councils-api';
import { PageHead, RefreshButton, rowData } from '../../components/page-parts';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { STREET_PICKER } from './council-roles';
import './councils.css';

const PinMap = lazy(() => import('../../components/pin-map'));

export const councilPath = (id: string) => `/councils/${encodeURIComponent(id)}`;

/** The street's outline with its blocks drawn on it (read only). */
function BlocksMap({ street, blocks }: { street: string; blocks: readonly Block[] }) {
  const outline = useRequest((signal) => areasApi.getBoundaries(street, signal), [street]);
  const boundary = outline.data as PinMapBoundary | undefined;
  if (!boundary || boundary.features.length === 0) return null;
  return (
    <Suspense fallback={<PageSpin />}>
      <PinMap
        boundary={boundary}
        outlines={blocks.map((b) => fromBoundary(b.boundary))}
        height={300}
        testId="blocks-map"
      />
    </Suspense>
  );
}

/**
 * 街区共治 (/councils): the blocks of a street (what they cover, drawn on its map) and the
 * councils over them with their "1 + 3 + X" counts; 新建街区, 修改 (a block) and 新建共治组织
 * for the street's operators.
 */
export function CouncilsPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const choice = useAreaChoice(COUNCIL_STAFF_ROLES, 'street');
  const street = choice.detail?.level === 'street' ? choice.detail : undefined;
  const code = street?.code;
  const blocks = useRequest((signal) => listBlocks(code!, signal), [code], !!code);
  const councils = useRequest((signal) => listCouncils({ street: code! }, signal), [code], !!code);
  // the block drawer: a new block ('new'), or the block being changed
  const [drawing, setDrawing] = useState<Block | 'new' | null>(null);
  const [councilFor, setCouncilFor] = useState<{ blockId?: string } | null>(null);
  const blockItems = blocks.data?.items ?? [];
  const reload = () => {
    blocks.reload();
    councils.reload();
  };
  const streetName = street ? areaName(street, i18n.language) : '';

  return (
    <div data-testid="councils-page">
      <PageHead
        className="cc-council-head"
        title={t('councils.title')}
        actions={
          <>
            <Tooltip title={street ? undefined : t('councils.pickStreet')}>
              <Button
                icon={<PlusOutlined />}
                disabled={!street}
                onClick={() => setDrawing('new')}
                data-testid="block-create"
              >
                {t('councils.block.createButton')}
              </Button>
            </Tooltip>
            <Tooltip title={blockItems.length > 0 ? undefined : t('councils.council.needBlock')}>
              <Button
                type="primary"
                icon={<ClusterOutlined />}
                disabled={blockItems.length === 0}
                onClick={() => setCouncilFor({})}
                data-testid="council-create"
              >
                {t('councils.council.createButton')}
              </Button>
            </Tooltip>
            <RefreshButton onClick={reload} />
          </>
        }
      >
        <AreaChoiceSelect choice={choice} picker={STREET_PICKER} testId="councils-street" />
      </PageHead>
      {choice.detail && !street ? (
        <Alert
          type="info"
          showIcon
          title={t('councils.pickStreet')}
          className="cc-council-card"
          data-testid="councils-pick-street"
        />
      ) : null}
      {street ? (
        <>
          <ListCard
            title={t('councils.block.list', { street: streetName })}
            error={blocks.error}
            hasData={!!blocks.data}
            onRetry={blocks.reload}
            className="cc-council-card"
          >
            {blockItems.length === 0 && !blocks.isLoading ? (
              <Empty description={t('councils.block.empty')} />
            ) : (
              <List<Block>
                loading={blocks.isLoading}
                dataSource={blockItems}
                renderItem={(b) => (
                  <List.Item
                    data-testid="block-row"
                    data-id={b.id}
                    actions={[
                      <Button
                        key="edit"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setDrawing(b)}
                        data-testid="block-edit"
                        data-id={b.id}
                      >
                        {t('councils.block.editButton')}
                      </Button>,
                      <Button
                        key="council"
                        size="small"
                        onClick={() => setCouncilFor({ blockId: b.id })}
                        data-testid="block-council-create"
                      >
                        {t('councils.block.addCouncil')}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Typography.Text strong>{b.name}</Typography.Text>
                          {b.frontage ? (
                            <Typography.Text type="secondary">{b.frontage}</Typography.Text>
                          ) : null}
                        </Space>
                      }
                      description={
                        <Space direction="vertical" size={4}>
                          <div>
                            {b.areas.map((a) => (
                              <Tag key={a.code}>{a.name}</Tag>
                            ))}
                          </div>
                          <Space wrap size={4}>
                            {b.councils.length === 0 ? (
                              <Typography.Text type="secondary">
                                {t('councils.block.noCouncil')}
                              </Typography.Text>
                            ) : (
                              b.councils.map((c) => (
                                <Link key={c.id} to={councilPath(c.id)}>
                                  <Tag color="blue">
                                    {c.name} ·{' '}
                                    {label(
                                      COUNCIL_KIND_LABELS[c.kind as CouncilKind] ?? {
                                        zh: c.kind,
                                        en: c.kind,
                                      },
                                    )}
                                  </Tag>
                                </Link>
                              ))
                            )}
                          </Space>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
            {blockItems.length > 0 ? <BlocksMap street={street.code} blocks={blockItems} /> : null}
          </ListCard>
          <ListCard
            title={t('councils.council.list')}
            error={councils.error}
            hasData={!!councils.data}
            onRetry={councils.reload}
            className="cc-council-card"
          >
            <Table<Council>
              rowKey="id"
              size="small"
              loading={councils.isLoading}
              dataSource={councils.data?.items ?? []}
              pagination={false}
              scroll={{ x: 800 }}
              locale={{ emptyText: t('councils.council.empty') }}
              onRow={(c) => ({
                ...rowData('council-row', { 'data-id': c.id }),
                onClick: () => void navigate(councilPath(c.id)),
                style: { cursor: 'pointer' },
              })}
              columns={[
                {
                  title: t('councils.council.name'),
                  key: 'name',
                  render: (_: unknown, c) => <Link to={councilPath(c.id)}>{c.name}</Link>,
                },
                {
                  title: t('councils.council.kind'),
                  key: 'kind',
                  render: (_: unknown, c) => <Tag>{label(COUNCIL_KIND_LABELS[c.kind])}</Tag>,
                },
                {
                  title: t('councils.council.block'),
                  key: 'block',
                  render: (_: unknown, c) => c.block.name,
                },
                {
                  title: t('councils.council.members'),
                  key: 'members',
                  align: 'right',
                  render: (_: unknown, c) => c.memberCount,
                },
                {
                  title: t('councils.council.groups'),
                  key: 'groups',
                  render: (_: unknown, c) => `${c.groups['1']} + ${c.groups['3']} + ${c.groups.X}`,
                },
                {
                  title: t('councils.council.createdAt'),
                  key: 'createdAt',
                  render: (_: unknown, c) => atTime(c.createdAt),
                },
              ]}
            />
          </ListCard>
        </>
      ) : null}
      {drawing && street ? (
        <BlockDrawer
          street={{ code: street.code, name: streetName }}
          block={drawing === 'new' ? undefined : drawing}
          blocks={drawing === 'new' ? blockItems : blockItems.filter((b) => b.id !== drawing.id)}
          onClose={() => setDrawing(null)}
          onSaved={() => {
            setDrawing(null);
            reload();
          }}
        />
      ) : null}
      {councilFor ? (
        <CouncilCreateModal
          blocks={blockItems}
          blockId={councilFor.blockId}
          onClose={() => setCouncilFor(null)}
          onCreated={(c) => {
            setCouncilFor(null);
            void navigate(councilPath(c.id));
          }}
        />
      ) : null}
    </div>
  );
}
