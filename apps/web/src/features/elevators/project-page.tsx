import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import {
  ELEVATOR_STAGES,
  type ElevatorDetail,
  type ElevatorStage,
  type ElevatorStageView,
} from '@cc/contracts';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Steps, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { CostCard } from './cost-card';
import { StageTag } from './elevator-format';
import { advanceElevator, getElevator } from './elevators-api';
import { StageDrawer } from './stage-drawer';
import { VolunteersCard } from './volunteers-card';
import { VoteCard } from './vote-card';

/** One project (/elevators/:id): the stage timeline, documents per stage, the vote, cost, volunteers. */
export function ElevatorProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loaded = useRequest((signal) => getElevator(id, signal), [id]);
  const [shown, setShown] = useState<ElevatorDetail | null>(null);
  const [editing, setEditing] = useState<ElevatorStage | null>(null);
  const [isAdvancing, setIsAdvancing] = useState(false);
  const p = shown?.id === id ? shown : loaded.data;
  if (!p && loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!p) return <PageSpin />;
  const current = ELEVATOR_STAGES.indexOf(p.stage);

  async function advance(to: ElevatorStage) {
    setIsAdvancing(true);
    try {
      setShown(await advanceElevator(id, { to }));
      void message.success(t('elevators.advanced', { stage: t(`elevators.stage.${to}`) }));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsAdvancing(false);
    }
  }

  return (
    <ListPage testId="elevator-page" title={p.title}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Link to="/elevators">
          <ArrowLeftOutlined /> {t('elevators.back')}
        </Link>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('elevators.field.committee')}>
              {p.committeeName}
            </Descriptions.Item>
            <Descriptions.Item label={t('elevators.field.staircase')}>
              <span data-testid="elevator-staircase">{`${p.buildingName} ${p.unit}`}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('elevators.field.rooms')}>{p.rooms}</Descriptions.Item>
            <Descriptions.Item label={t('elevators.field.stage')}>
              <StageTag stage={p.stage} />
            </Descriptions.Item>
            <Descriptions.Item label={t('elevators.field.targetYear')}>
              {p.targetYear ?? t('elevators.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('elevators.field.updatedAt')}>
              {shanghaiDateTime(p.updatedAt)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('elevators.stages')} data-testid="elevator-stages">
          <Steps
            size="small"
            current={current}
            status={p.stage === 'in_service' ? 'finish' : 'process'}
            items={p.stages.map((s) => ({
              title: t(`elevators.stage.${s.stage}`),
              description: s.actualOn ?? s.plannedOn ?? undefined,
            }))}
            style={{ marginBottom: 16, overflowX: 'auto' }}
          />
          {p.can.advanceBlocked && (
            <Alert
              type="warning"
              showIcon
              message={p.can.advanceBlocked}
              style={{ marginBottom: 12 }}
              data-testid="elevator-advance-blocked"
            />
          )}
          {p.can.advanceTo && (
            <Popconfirm
              title={t('elevators.advanceConfirm', {
                stage: t(`elevators.stage.${p.can.advanceTo}`),
              })}
              onConfirm={() => void advance(p.can.advanceTo!)}
            >
              <Button type="primary" loading={isAdvancing} data-testid="elevator-advance">
                {t('elevators.advance', { stage: t(`elevators.stage.${p.can.advanceTo}`) })}
              </Button>
            </Popconfirm>
          )}
          <Table<ElevatorStageView>
            rowKey="stage"
            size="small"
            pagination={false}
            style={{ marginTop: 12 }}
            dataSource={p.stages}
            scroll={{ x: 700 }}
            columns={[
              {
                title: t('elevators.field.stage'),
                dataIndex: 'stage',
                render: (s: ElevatorStage, row) =>
                  row.enteredAt ? <StageTag stage={s} /> : <Tag>{t(`elevators.stage.${s}`)}</Tag>,
              },
              {
                title: t('elevators.field.plannedOn'),
                dataIndex: 'plannedOn',
                render: (d: string | null) => d ?? t('elevators.none'),
              },
              {
                title: t('elevators.field.actualOn'),
                dataIndex: 'actualOn',
                render: (d: string | null) => d ?? t('elevators.none'),
              },
              { title: t('elevators.field.note'), dataIndex: 'note', ellipsis: true },
              {
                title: t('elevators.field.documents'),
                key: 'documents',
                render: (_: unknown, s) => (
                  <Space direction="vertical" size={0}>
                    {s.documents.map((d) => (
                      <a key={d.id} href={d.url} target="_blank" rel="noopener noreferrer">
                        {d.name}
                      </a>
                    ))}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'edit',
                render: (_: unknown, s) =>
                  p.can.edit && (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(s.stage)}
                      data-testid={`elevator-stage-edit-${s.stage}`}
                    >
                      {t('elevators.edit')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
        <VoteCard project={p} />
        <CostCard project={p} onChange={setShown} />
        <VolunteersCard project={p} onChange={setShown} />
      </Space>
      {editing && (
        <StageDrawer
          project={p}
          stage={editing}
          onClose={() => setEditing(null)}
          onDone={(next) => {
            setEditing(null);
            setShown(next);
          }}
        />
      )}
    </ListPage>
  );
}
