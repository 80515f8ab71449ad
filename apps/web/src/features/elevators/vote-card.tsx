import type { ElevatorDetail } from '@cc/contracts';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { shanghaiDateTime } from '../../lib/shanghai-time';

/**
 * The owners' vote about the project: its published outcome, and 发起业主表决, which opens the
 * votes page's drawer prefilled with this staircase and the project as the vote's subject.
 */
export function VoteCard({ project: p }: { project: ElevatorDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const startVote = () => {
    const query = new URLSearchParams({
      subject: `elevator:${p.id}`,
      compound: p.compoundCode,
      building: p.buildingId,
      unit: p.unit,
      title: p.title,
    });
    void navigate(`/votes?${query.toString()}`);
  };
  return (
    <Card
      size="small"
      title={t('elevators.vote.title')}
      data-testid="elevator-vote"
      extra={
        p.can.openVote && (
          <Button type="primary" onClick={startVote} data-testid="elevator-start-vote">
            {t('elevators.vote.start')}
          </Button>
        )
      }
    >
      <Space direction="vertical">
        {p.voteId ? (
          <Space wrap>
            <Tag color={p.votePassed ? 'green' : 'red'} data-testid="elevator-vote-outcome">
              {p.votePassed ? t('elevators.vote.passed') : t('elevators.vote.failed')}
            </Tag>
            {p.votePublishedAt && (
              <Typography.Text type="secondary">
                {t('elevators.vote.publishedAt', { at: shanghaiDateTime(p.votePublishedAt) })}
              </Typography.Text>
            )}
            <Link to={`/votes/${p.voteId}`}>{t('elevators.vote.open')}</Link>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('elevators.vote.none')}</Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('elevators.vote.hint')}
        </Typography.Text>
      </Space>
    </Card>
  );
}
