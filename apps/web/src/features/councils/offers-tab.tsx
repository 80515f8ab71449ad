import { NodeIndexOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OFFER_CATEGORY_LABELS,
  type Council,
  type CouncilMember,
  type CouncilProject,
  type Offer,
} from '@cc/contracts';
import { Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { atTime, useLabel } from './council-format';
import { closeOffer, listOffers, listProjects, setProjectStatus } from './councils-api';
import { MatchModal, OfferModal } from './offer-modals';
import { RefreshButton, rowData } from '../../components/page-parts';
import { useAction } from '../../lib/sending';

const STATUS_COLORS: Record<Offer['status'], string> = {
  open: 'processing',
  matched: 'success',
  closed: 'default',
};
const PROJECT_STATUSES = ['planned', 'in_progress', 'done'] as const;

/** 资源清单 or 需求清单: what members offer or need, and where each stands. */
function OfferTable({
  council,
  side,
  offers,
  isLoading,
  onChanged,
}: {
  council: Council;
  side: 'offer' | 'need';
  offers: readonly Offer[];
  isLoading: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const action = useAction();
  const rows = offers.filter((o) => o.side === side);
  const close = (o: Offer) =>
    void action
      .run(() => closeOffer(o.id), t('councils.offer.closedDone'))
      .then((ok) => ok && onChanged());
  return (
    <Card
      size="small"
      className="cc-council-card"
      title={t(`councils.offer.list.${side}`)}
      data-testid={`offers-${side}`}
    >
      <Table<Offer>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('councils.offer.empty') }}
        onRow={(o) =>
          rowData('offer-row', { 'data-id': o.id, 'data-side': o.side, 'data-status': o.status })
        }
        columns={[
          {
            title: t('councils.offer.member'),
            key: 'member',
            render: (_: unknown, o) => o.member.name,
          },
          {
            title: t('councils.offer.category'),
            key: 'category',
            render: (_: unknown, o) => <Tag>{label(OFFER_CATEGORY_LABELS[o.category])}</Tag>,
          },
          {
            title: t('councils.offer.title'),
            key: 'title',
            render: (_: unknown, o) => (
              <Space direction="vertical" size={0}>
                <span>{o.title}</span>
                {o.description ? (
                  <Typography.Text type="secondary">{o.description}</Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('councils.offer.hours'),
            key: 'hours',
            render: (_: unknown, o) => o.openingHours ?? t('common.none'),
          },
          {
            title: t('councils.offer.status'),
            key: 'status',
            render: (_: unknown, o) => (
              <Tag color={STATUS_COLORS[o.status]}>{t(`councils.offer.statuses.${o.status}`)}</Tag>
            ),
          },
          {
            title: t('councils.offer.createdAt'),
            key: 'at',
            render: (_: unknown, o) => atTime(o.createdAt),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, o) =>
              o.status === 'open' &&
              (council.can.manage || o.member.id === council.me?.memberId) ? (
                <Popconfirm
                  title={t('councils.offer.closeConfirm', { title: o.title })}
                  onConfirm={() => close(o)}
                >
                  <Button size="small" data-testid="offer-close">
                    {t('councils.offer.close')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** 项目清单: needs met by offers, and how far each project has come. */
function ProjectsCard({ council, onMatch }: { council: Council; onMatch: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const projects = useRequest((signal) => listProjects(council.id, signal), [council.id]);
  const setStatus = (p: CouncilProject, status: CouncilProject['status']) =>
    void action
      .run(() => setProjectStatus(p.id, { status }), t('councils.project.statusChanged'))
      .then((ok) => ok && projects.reload());
  return (
    <Card
      size="small"
      className="cc-council-card"
      title={t('councils.project.list')}
      data-testid="council-projects"
      extra={
        council.can.manage ? (
          <Button
            size="small"
            icon={<NodeIndexOutlined />}
            onClick={onMatch}
            data-testid="project-match"
          >
            {t('councils.project.match')}
          </Button>
        ) : null
      }
    >
      {projects.error && !projects.data ? (
        <LoadError error={projects.error} onRetry={projects.reload} isCompact />
      ) : (
        <Table<CouncilProject>
          rowKey="id"
          size="small"
          loading={projects.isLoading}
          dataSource={projects.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('councils.project.empty') }}
          onRow={(p) => rowData('project-row', { 'data-id': p.id, 'data-status': p.status })}
          columns={[
            { title: t('councils.project.title'), dataIndex: 'title' },
            {
              title: t('councils.project.need'),
              key: 'need',
              render: (_: unknown, p) => `${p.need.title} · ${p.need.member.name}`,
            },
            {
              title: t('councils.project.offers'),
              key: 'offers',
              render: (_: unknown, p) => (
                <Space direction="vertical" size={0}>
                  {p.offers.map((o) => (
                    <span key={o.id}>
                      {o.title} · {o.member.name}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: t('councils.project.status'),
              key: 'status',
              render: (_: unknown, p) =>
                council.can.manage ? (
                  <Select<CouncilProject['status']>
                    size="small"
                    value={p.status}
                    disabled={action.isBusy}
                    style={{ width: 110 }}
                    onChange={(s) => setStatus(p, s)}
                    options={PROJECT_STATUSES.map((s) => ({
                      value: s,
                      label: t(`councils.project.statuses.${s}`),
                    }))}
                    data-testid="project-status-select"
                  />
                ) : (
                  <Tag>{t(`councils.project.statuses.${p.status}`)}</Tag>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/**
 * 资源需求: what each party offers and needs (资源清单 / 需求清单), matched into projects
 * (项目清单). Rest areas offered here show on the public map anyone may open.
 */
export function OffersTab({
  council,
  members,
}: {
  council: Council;
  members: readonly CouncilMember[];
}) {
  const { t } = useTranslation();
  const offers = useRequest((signal) => listOffers(council.id, undefined, signal), [council.id]);
  const [isCreating, setCreating] = useState(false);
  const [isMatching, setMatching] = useState(false);
  const [projectsKey, setProjectsKey] = useState(0);
  const items = offers.data?.items ?? [];
  const canOffer = council.can.manage || council.me !== null;
  return (
    <div data-testid="council-offers">
      <div className="cc-council-head">
        <Typography.Text type="secondary">{t('councils.offer.publicNote')}</Typography.Text>
        <span style={{ flex: 1 }} />
        <RefreshButton onClick={offers.reload} />
        {canOffer ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="offer-create"
          >
            {t('councils.offer.create')}
          </Button>
        ) : null}
      </div>
      {offers.error && !offers.data ? (
        <LoadError error={offers.error} onRetry={offers.reload} />
      ) : (
        (['offer', 'need'] as const).map((side) => (
          <OfferTable
            key={side}
            council={council}
            side={side}
            offers={items}
            isLoading={offers.isLoading}
            onChanged={offers.reload}
          />
        ))
      )}
      <ProjectsCard key={projectsKey} council={council} onMatch={() => setMatching(true)} />
      {isCreating ? (
        <OfferModal
          council={council}
          members={members}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            offers.reload();
          }}
        />
      ) : null}
      {isMatching ? (
        <MatchModal
          council={council}
          offers={items}
          onClose={() => setMatching(false)}
          onDone={() => {
            setMatching(false);
            offers.reload();
            setProjectsKey((k) => k + 1);
          }}
        />
      ) : null}
    </div>
  );
}
