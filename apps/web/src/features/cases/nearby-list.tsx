import type { NearbyCase } from '@cc/contracts';
import { Alert, Button, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './case-format';
import { StatusTag } from './status-tag';
import { useNow } from '../../lib/use-now';

interface Props {
  items: readonly NearbyCase[];
  isBusy: boolean;
  /** The person already chose to report a new case anyway. */
  isChosen: boolean;
  onSupplement: (item: NearbyCase) => void;
  onReportNew: () => void;
}

/** Open cases of the same scenario close by: add to one of them, or report a new one. */
export function NearbyList({ items, isBusy, isChosen, onSupplement, onReportNew }: Props) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="nearby-list"
      title={t('cases.nearby.title', { count: items.length })}
      description={
        <div>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('cases.nearby.hint')}
          </Typography.Paragraph>
          {items.map((item) => {
            // Someone who may not open the case cannot add to it either.
            const canAdd = item.description !== null;
            return (
              <div
                key={item.id}
                data-testid={`nearby-item-${item.number}`}
                style={{
                  background: '#fff',
                  borderRadius: 6,
                  padding: 10,
                  marginBottom: 8,
                  border: '1px solid #ffe58f',
                }}
              >
                <Space wrap size={6} align="center">
                  <Typography.Text strong>{item.number}</Typography.Text>
                  <StatusTag status={item.status} />
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('cases.nearby.distance', { meters: item.distanceMeters })} ·{' '}
                    {t('cases.nearby.ago', {
                      time: formatDuration((now - Date.parse(item.createdAt)) / 1000, t),
                    })}
                  </Typography.Text>
                </div>
                {item.description ? (
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                    {item.description}
                  </Typography.Paragraph>
                ) : null}
                <Tooltip title={canAdd ? undefined : t('cases.nearby.cannotAdd')}>
                  <Button
                    block
                    size="large"
                    disabled={!canAdd || isBusy}
                    onClick={() => onSupplement(item)}
                    data-testid={`nearby-supplement-${item.number}`}
                    style={{ marginTop: 4 }}
                  >
                    {t('cases.nearby.supplement')}
                  </Button>
                </Tooltip>
              </div>
            );
          })}
          <Button
            block
            size="large"
            type={isChosen ? 'default' : 'primary'}
            ghost={!isChosen}
            danger={false}
            disabled={isBusy}
            onClick={onReportNew}
            data-testid="nearby-report-new"
          >
            {t('cases.nearby.reportNew')}
          </Button>
        </div>
      }
    />
  );
}
