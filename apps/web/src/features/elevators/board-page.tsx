import {
  ELEVATOR_BOARD_ROLES,
  ELEVATOR_STAGES,
  ELEVATOR_TARGET_ROLES,
  type ElevatorBoardRow,
} from '@cc/contracts';
import {
  App,
  Button,
  Card,
  Empty,
  InputNumber,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { describeError, useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { StageTag } from './elevator-format';
import { getBoard, setTarget } from './elevators-api';

const BoardChart = lazy(() => import('./board-chart'));
const BoardMap = lazy(() => import('./board-map'));

const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/**
 * 加装电梯进度看板 (/elevators/board): for street and district operators, per street the
 * projects in each stage and those in service this year against the year's target, on bars and
 * on the map; a street's operators set its target here.
 */
export function ElevatorBoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const areas = me.roles
    .filter(
      (r) =>
        ELEVATOR_BOARD_ROLES.includes(r.role) &&
        (r.areaLevel === 'street' || r.areaLevel === 'district'),
    )
    .filter((r, i, all) => all.findIndex((x) => x.areaCode === r.areaCode) === i);
  const [area, setArea] = useState(areas[0]?.areaCode);
  const [year, setYear] = useState(thisYear());
  const [target, setTargetValue] = useState<number | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const board = useRequest((signal) => getBoard(area!, year, signal), [area, year], !!area);
  const mayTarget = me.roles.some(
    (r) =>
      ELEVATOR_TARGET_ROLES.includes(r.role) && r.areaCode === area && r.areaLevel === 'street',
  );
  if (!area) return <Result status="info" title={t('elevators.board.noArea')} />;
  const data = board.data;
  const own = data?.streets.find((s) => s.code === area);

  async function saveTarget() {
    if (target === null || !area) return;
    setIsSaving(true);
    try {
      await setTarget({ streetCode: area, year, target });
      void message.success(t('elevators.board.targetSaved'));
      board.reload();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <ListPage testId="elevator-board-page" title={t('elevators.board.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          value={area}
          onChange={setArea}
          style={{ minWidth: 200 }}
          options={areas.map((r) => ({ value: r.areaCode, label: r.areaName }))}
          data-testid="elevator-board-area"
        />
        <Select
          value={year}
          onChange={setYear}
          options={[-2, -1, 0, 1].map((d) => ({ value: thisYear() + d, label: thisYear() + d }))}
          data-testid="elevator-board-year"
        />
        {mayTarget && (
          <Space.Compact>
            <InputNumber
              min={0}
              max={10_000}
              precision={0}
              placeholder={t('elevators.board.target')}
              value={target ?? own?.target ?? null}
              onChange={(v) => setTargetValue(v)}
              data-testid="elevator-target-input"
            />
            <Button
              loading={isSaving}
              onClick={() => void saveTarget()}
              data-testid="elevator-target-save"
            >
              {t('elevators.board.setTarget')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {!data && board.error ? (
        <LoadError error={board.error} onRetry={board.reload} />
      ) : !data ? (
        <Spin />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('elevators.board.chart')}>
            <Suspense fallback={<Spin />}>
              <BoardChart board={data} />
            </Suspense>
          </Card>
          <Card size="small">
            <Table<ElevatorBoardRow>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={data.streets}
              scroll={{ x: 900 }}
              data-testid="elevator-board-table"
              onRow={(s) => ({ 'data-code': s.code }) as React.HTMLAttributes<HTMLElement>}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>Σ</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{data.totals.projects}</Table.Summary.Cell>
                  {ELEVATOR_STAGES.map((s, i) => (
                    <Table.Summary.Cell key={s} index={i + 2}>
                      {data.totals.counts[s] ?? 0}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={9}>
                    {`${data.totals.inServiceThisYear} / ${data.totals.target ?? '—'}`}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={10}>{data.totals.plannedThisYear}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              columns={[
                { title: t('elevators.board.street'), dataIndex: 'name', fixed: 'left' },
                { title: t('elevators.board.projects'), dataIndex: 'projects' },
                ...ELEVATOR_STAGES.map((s) => ({
                  title: <StageTag stage={s} />,
                  key: s,
                  render: (_: unknown, row: ElevatorBoardRow) => row.counts[s] ?? 0,
                })),
                {
                  title: `${t('elevators.board.inService')} / ${t('elevators.board.target')}`,
                  key: 'progress',
                  render: (_: unknown, row: ElevatorBoardRow) => (
                    <span data-testid="elevator-board-progress">
                      {`${row.inServiceThisYear} / ${row.target ?? t('elevators.board.noTarget')}`}
                    </span>
                  ),
                },
                { title: t('elevators.board.planned'), dataIndex: 'plannedThisYear' },
              ]}
            />
          </Card>
          <Card size="small" title={t('elevators.board.map')}>
            {data.points.length === 0 ? (
              <Empty description={t('elevators.board.noProjects')} />
            ) : (
              <Suspense fallback={<Spin />}>
                <BoardMap board={data} />
              </Suspense>
            )}
          </Card>
        </Space>
      )}
    </ListPage>
  );
}
