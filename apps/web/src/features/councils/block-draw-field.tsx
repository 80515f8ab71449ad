import { ClearOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { areasApi, useRequest } from '../../lib/api';
import { shapeProblem, type ShapePoint } from './block-shape';

// ECharts is large: the map loads only where a block is drawn.
const PinMap = lazy(() => import('../../components/pin-map'));

/**
 * A block's outline, drawn point by point with clicks on the street's outline (a click beside
 * it picks nothing), joined back to the first point; 撤销 takes the last point off. The
 * blocks already drawn show as dashed outlines. Form.Item passes `value` and `onChange`.
 */
export function BlockDrawField({
  streetCode,
  outlines,
  value,
  onChange,
}: {
  streetCode: string;
  outlines?: readonly (readonly ShapePoint[])[];
  value?: ShapePoint[];
  onChange?: (points: ShapePoint[]) => void;
}) {
  const { t } = useTranslation();
  const points = value ?? [];
  const outline = useRequest((signal) => areasApi.getBoundaries(streetCode, signal), [streetCode]);
  const boundary = outline.data as PinMapBoundary | undefined;
  const problem = points.length > 0 ? shapeProblem(points) : null;
  return (
    <div>
      {outline.error ? (
        <LoadError error={outline.error} onRetry={outline.reload} isCompact />
      ) : boundary ? (
        <Suspense fallback={<PageSpin />}>
          <PinMap
            boundary={boundary}
            ring={points}
            outlines={outlines}
            onChange={(p) => onChange?.([...points, { lng: p.lng, lat: p.lat }])}
            height={380}
            testId="block-map"
          />
        </Suspense>
      ) : (
        <PageSpin />
      )}
      <Space wrap style={{ marginTop: 6 }}>
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={points.length === 0}
          onClick={() => onChange?.(points.slice(0, -1))}
          data-testid="block-draw-undo"
        >
          {t('councils.block.undo')}
        </Button>
        <Button
          size="small"
          icon={<ClearOutlined />}
          disabled={points.length === 0}
          onClick={() => onChange?.([])}
          data-testid="block-draw-clear"
        >
          {t('councils.block.clear')}
        </Button>
        <Typography.Text type="secondary" data-testid="block-draw-count">
          {t('councils.block.points', { n: points.length })}
        </Typography.Text>
        {problem ? (
          <Typography.Text type="warning" data-testid="block-draw-problem">
            {t(`councils.block.problem.${problem}`)}
          </Typography.Text>
        ) : null}
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('councils.block.drawHelp')}
      </Typography.Text>
    </div>
  );
}
