import type { Building } from '@cc/contracts';
import { Card, Skeleton, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { escapeHtml, htmlLines } from '../../lib/escape-html';
import { buildingLabel } from './room-picker';

const RegistryChart = lazy(() => import('./registry-chart'));

/** Shanghai lies near 31°N: a degree of longitude is about cos 31° of a degree of latitude. */
const LNG_SCALE = Math.cos((31.2 * Math.PI) / 180);

interface Props {
  buildings: readonly Building[];
  /** residents of the loaded list per building */
  matches: ReadonlyMap<string, number>;
  /** the building the list is filtered to */
  selected: string | undefined;
  onSelect: (building: string | undefined) => void;
  /** are all matching residents loaded (else the counts are of the loaded ones) */
  isComplete: boolean;
}

/** The width of an element, followed as it changes (0 until it is laid out). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.round(element.clientWidth)));
    observer.observe(element);
    setWidth(Math.round(element.clientWidth));
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * 小区分布: the committee's or compound's buildings as points where they stand (no map tiles:
 * plain axes in degrees, to scale), each sized and coloured by how many of the listed
 * residents live there. A click filters the list to that building; a second click clears it.
 */
export function CompoundMap({ buildings, matches, selected, onSelect, isComplete }: Props) {
  const { t } = useTranslation();
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef);
  const height = width < 500 ? 220 : 280;
  const placed = useMemo(
    () => buildings.filter((b) => b.lng !== null && b.lat !== null),
    [buildings],
  );
  const unplaced = buildings.length - placed.length;

  const option = useMemo<EChartsOption | undefined>(() => {
    if (placed.length === 0) return undefined;
    const xs = placed.map((b) => (b.lng ?? 0) * LNG_SCALE);
    const ys = placed.map((b) => b.lat ?? 0);
    const [minX, maxX, minY, maxY] = [
      Math.min(...xs),
      Math.max(...xs),
      Math.min(...ys),
      Math.max(...ys),
    ];
    // a window of the box's shape around the points keeps distances true on both axes
    const aspect = Math.max(0.5, (width || 600) / height);
    const spanY = Math.max(maxY - minY, (maxX - minX) / aspect, 0.0008) * 1.3;
    const spanX = spanY * aspect;
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const top = Math.max(1, ...placed.map((b) => matches.get(b.id) ?? 0));
    // the same building names recur in each compound: name the compound when there are several
    const isMixed = new Set(placed.map((b) => b.compoundCode)).size > 1;
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { dataIndex: number };
          const b = placed[p.dataIndex];
          if (!b) return '';
          // the building's name is whatever a committee typed: text, never markup
          return `<b>${escapeHtml(buildingLabel(b))}</b><br/>${htmlLines([
            t('registry.map.matching', { count: matches.get(b.id) ?? 0 }),
            t('registry.map.total', { count: b.residents, rooms: b.rooms }),
          ])}`;
        },
      },
      grid: { left: 0, right: 0, top: 0, bottom: 0 },
      xAxis: { type: 'value', min: cx - spanX / 2, max: cx + spanX / 2, show: false },
      yAxis: { type: 'value', min: cy - spanY / 2, max: cy + spanY / 2, show: false },
      series: [
        {
          type: 'scatter',
          labelLayout: { hideOverlap: true },
          data: placed.map((b, i) => {
            const count = matches.get(b.id) ?? 0;
            const isOn = selected === b.id;
            return {
              value: [xs[i] ?? 0, ys[i] ?? 0],
              symbolSize: count > 0 ? 12 + (count / top) * 26 : 9,
              itemStyle: {
                color: count > 0 ? '#fa541c' : '#bfbfbf',
                opacity: selected && !isOn ? 0.35 : 0.9,
                borderColor: isOn ? '#1456f0' : '#fff',
                borderWidth: isOn ? 3 : 1,
              },
              label: {
                show: true,
                position: 'right',
                fontSize: 11,
                color: '#444',
                // drawn on the canvas as plain text; a function, since a string would read `{a}`,
                // `{b}`… in a name as ECharts' template
                formatter: () =>
                  `${isMixed ? buildingLabel(b) : b.name}${count > 0 ? ` · ${count}` : ''}`,
              },
            };
          }),
        },
      ],
    };
  }, [placed, matches, selected, t, width, height]);

  return (
    <Card
      size="small"
      className="cc-reg-card"
      title={t('registry.map.title')}
      extra={
        selected ? (
          <Tag closable onClose={() => onSelect(undefined)} color="blue">
            {t('registry.map.filtered')}
          </Tag>
        ) : null
      }
      data-testid="registry-compound-map"
    >
      <div ref={boxRef}>
        {option ? (
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>
            <RegistryChart
              option={option}
              height={height}
              onItemClick={({ dataIndex }) => {
                const b = placed[dataIndex];
                if (b) onSelect(selected === b.id ? undefined : b.id);
              }}
              testId="registry-compound-chart"
            />
          </Suspense>
        ) : (
          <Typography.Text type="secondary" data-testid="registry-map-no-coordinates">
            {t('registry.map.noCoordinates')}
          </Typography.Text>
        )}
      </div>
      {/* no building placed: the one sentence above says it all */}
      {option ? (
        <Typography.Paragraph
          type="secondary"
          className="cc-reg-hint"
          style={{ margin: '4px 0 0' }}
        >
          {isComplete ? t('registry.map.hint') : t('registry.map.partial')}
          {unplaced > 0 ? ` ${t('registry.map.unplaced', { count: unplaced })}` : ''}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
