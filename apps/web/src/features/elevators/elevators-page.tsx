import { FundProjectionScreenOutlined, PlusOutlined } from '@ant-design/icons';
import { ELEVATOR_STAGES, type ElevatorStage, type ElevatorSummary } from '@cc/contracts';
import { Button, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useCursorList } from '../../lib/use-cursor-list';
import { useMe } from '../../lib/session';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { canOpenElevatorBoard, canRunElevators } from './elevator-roles';
import { StageTag } from './elevator-format';
import { listElevators } from './elevators-api';
import { NewProjectDrawer } from './new-project-drawer';

type StageFilter = ElevatorStage | 'all';

/** 加装电梯 (/elevators): the area's projects; committee staff start one per staircase. */
export function ElevatorsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const mayRun = canRunElevators(me);
  const [stage, setStage] = useState<StageFilter>('all');
  const [isCreating, setIsCreating] = useState(false);
  const list = useCursorList(
    (cursor, signal) =>
      listElevators({ stage: stage === 'all' ? undefined : stage, cursor }, signal),
    [stage],
    (p) => p.id,
  );
  return (
    <ListPage testId="elevators-page" title={t('elevators.title')}>
      <Typography.Paragraph type="secondary">{t('elevators.intro')}</Typography.Paragraph>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented<StageFilter>
            value={stage}
            onChange={setStage}
            options={[
              { value: 'all', label: t('elevators.allStages') },
              ...ELEVATOR_STAGES.map((s) => ({ value: s, label: t(`elevators.stage.${s}`) })),
            ]}
            data-testid="elevators-stage-filter"
          />
        }
        actions={
          <Space>
            {canOpenElevatorBoard(me) && (
              <Link to="/elevators/board" data-testid="elevators-board-link">
                <Button icon={<FundProjectionScreenOutlined />}>{t('elevators.boardLink')}</Button>
              </Link>
            )}
            {mayRun && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setIsCreating(true)}
                data-testid="elevator-create"
              >
                {t('elevators.create')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<ElevatorSummary>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('elevators.empty') }}
          data-testid="elevators-table"
          columns={[
            {
              title: t('elevators.field.title'),
              dataIndex: 'title',
              render: (title: string, p) => (
                <Link to={`/elevators/${p.id}`} data-testid="elevator-row" data-id={p.id}>
                  {title}
                </Link>
              ),
            },
            {
              title: t('elevators.field.staircase'),
              key: 'staircase',
              render: (_: unknown, p) => `${p.buildingName} ${p.unit}`,
            },
            { title: t('elevators.field.committee'), dataIndex: 'committeeName' },
            {
              title: t('elevators.field.stage'),
              dataIndex: 'stage',
              render: (s: ElevatorStage) => <StageTag stage={s} />,
            },
            {
              title: t('elevators.field.targetYear'),
              dataIndex: 'targetYear',
              render: (y: number | null) => y ?? t('elevators.none'),
            },
            {
              title: t('elevators.field.updatedAt'),
              dataIndex: 'updatedAt',
              render: (at: string) => shanghaiDateTime(at),
            },
          ]}
        />
        {list.hasMore && (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore}>
            {t('elevators.loadMore')}
          </Button>
        )}
      </ListCard>
      {isCreating && (
        <NewProjectDrawer
          onClose={() => setIsCreating(false)}
          onDone={(p) => {
            setIsCreating(false);
            void navigate(`/elevators/${p.id}`);
          }}
        />
      )}
    </ListPage>
  );
}
