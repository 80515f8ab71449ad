import { PaperClipOutlined, VerticalAlignTopOutlined } from '@ant-design/icons';
import type { ElevatorDetail } from '@cc/contracts';
import { Card, Empty, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { formatYuan, StageTag } from './elevator-format';
import { getElevator, myElevators } from './elevators-api';

/**
 * The staircase's residents see their elevator project (方案公示): on the together page a card
 * per project of their staircase, and a phone page with the stages, their dates and documents,
 * and their own rooms' cost shares. The server leaves out volunteers, notes and other rooms.
 */

const phone = { padding: 12, display: 'flex', flexDirection: 'column', gap: 12 } as const;

/** On /r/together: the projects of the staircases the resident lives in or owns rooms in. */
export function MyElevatorsCard() {
  const { t } = useTranslation();
  const mine = useRequest((signal) => myElevators(signal), []);
  const items = mine.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      {items.map((p) => (
        <Link
          key={p.id}
          to={`/r/together/elevator/${p.id}`}
          data-testid="together-elevator"
          data-id={p.id}
        >
          <Card size="small" hoverable>
            <Space align="start">
              <VerticalAlignTopOutlined style={{ fontSize: 20, color: '#13c2c2' }} />
              <span>
                <Typography.Text strong>{p.title}</Typography.Text> <StageTag stage={p.stage} />
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('elevators.resident.entryHelp', { staircase: `${p.buildingName} ${p.unit}` })}
                </Typography.Text>
              </span>
            </Space>
          </Card>
        </Link>
      ))}
    </Space>
  );
}

function Documents({ documents }: { documents: ElevatorDetail['stages'][number]['documents'] }) {
  if (documents.length === 0) return null;
  return (
    <Space direction="vertical" size={2}>
      {documents.map((d) => (
        <a
          key={d.id}
          href={d.url}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="elevator-document"
        >
          <PaperClipOutlined /> {d.name}
        </a>
      ))}
    </Space>
  );
}

/** My rooms' shares of the cost, and the scheme they follow. */
function MyShare({ p }: { p: ElevatorDetail }) {
  const { t, i18n } = useTranslation();
  const cost = p.cost;
  return (
    <Card size="small" title={t('elevators.resident.myShare')} data-testid="elevator-my-share">
      {!cost ? (
        <Typography.Text type="secondary">{t('elevators.cost.none')}</Typography.Text>
      ) : (
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          {cost.rooms.map((r) => (
            <Space key={r.roomId} style={{ justifyContent: 'space-between', width: '100%' }}>
              <span>{r.label}</span>
              <Typography.Text strong data-testid="elevator-share">
                ¥{formatYuan(r.shareFen)}
              </Typography.Text>
            </Space>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('elevators.cost.summary', {
              total: formatYuan(cost.totalFen),
              floors: cost.floors,
              preset: i18n.language.startsWith('en') ? cost.presetNameEn : cost.presetName,
            })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('elevators.cost.note')}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

/** /r/together/elevator/:id — the project as the staircase's residents see it. */
export function ResidentElevatorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useRequest((signal) => getElevator(id, signal), [id]);
  const p = detail.data;
  if (!p && detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!p) return <PageSpin />;
  const current = Math.max(
    0,
    p.stages.findIndex((s) => s.stage === p.stage),
  );
  return (
    <div style={phone} data-testid="resident-elevator" data-stage={p.stage}>
      <Link to="/r/together">{t('elevators.resident.back')}</Link>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.title}
        </Typography.Title>
        <StageTag stage={p.stage} />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {p.committeeName} · {`${p.buildingName} ${p.unit}`} ·{' '}
        {t('elevators.resident.rooms', { count: p.rooms })}
      </Typography.Text>
      {p.voteId && (
        <Link to={`/r/together/votes/${p.voteId}`} data-testid="elevator-vote-link">
          {p.votePassed ? t('elevators.vote.passed') : t('elevators.vote.open')}
        </Link>
      )}
      <Card size="small" title={t('elevators.stages')}>
        <Steps
          direction="vertical"
          size="small"
          current={current}
          status={p.stage === 'in_service' ? 'finish' : 'process'}
          items={p.stages.map((s) => ({
            title: t(`elevators.stage.${s.stage}`),
            description: (
              <Space direction="vertical" size={2}>
                {(s.actualOn ?? s.plannedOn) && (
                  <span>
                    {s.actualOn
                      ? t('elevators.resident.actualOn', { on: s.actualOn })
                      : t('elevators.resident.plannedOn', { on: s.plannedOn })}
                  </span>
                )}
                <Documents documents={s.documents} />
              </Space>
            ),
          }))}
        />
      </Card>
      <MyShare p={p} />
      {p.stages.every((s) => s.documents.length === 0) && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('elevators.resident.noDocuments')}
        />
      )}
    </div>
  );
}
