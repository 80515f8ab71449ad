import { EyeInvisibleOutlined } from '@ant-design/icons';
import type { ModerationList } from '@cc/contracts';
import { Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DecisionButton } from '../../components/discussion';
import { api, useRequest } from '../../lib/api';

const hiddenInMyBuilding = (signal?: AbortSignal) =>
  api.get<ModerationList>('/api/moderation/items', { state: 'hidden', limit: 20 }, signal);

/**
 * For the building's leader (楼组长): what reports hid in their building, awaiting a decision
 * (the moderation queue of their building), each restored or removed with a reason. Nothing
 * shows when there is none.
 */
export function LeaderHiddenPosts({ onDecided }: { onDecided: () => void }) {
  const { t } = useTranslation();
  const queue = useRequest((signal) => hiddenInMyBuilding(signal), []);
  const items = queue.data?.items.filter((i) => i.canDecide) ?? [];
  if (items.length === 0) return null;
  const done = () => {
    queue.reload();
    onDecided();
  };
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      data-testid="building-hidden-posts"
      title={
        <>
          <EyeInvisibleOutlined /> {t('buildingGroups.hiddenPosts', { count: items.length })}
        </>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('buildingGroups.hiddenPostsHelp')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={items}
        renderItem={(i) => (
          <List.Item data-testid={`hidden-post-${i.targetId}`}>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {i.excerpt}
              </Typography.Text>
              <Space size={6}>
                <DecisionButton
                  targetType={i.targetType}
                  targetId={i.targetId}
                  action="restore"
                  onDone={done}
                />
                <DecisionButton
                  targetType={i.targetType}
                  targetId={i.targetId}
                  action="remove"
                  onDone={done}
                />
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
