import type { VoteTally } from '@cc/contracts';
import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from '../../components/echarts-map';
import { CHOICE_COLOUR, formatArea } from './vote-format';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const NOT_VOTED_COLOUR = '#d9d9d9';

/**
 * The tally as a picture (loaded lazily): two bars side by side, by head count and by area, each
 * split into agree / disagree / abstain / not voted as shares of the electorate.
 */
export default function TallyChart({ tally }: { tally: VoteTally }) {
  const { t } = useTranslation();
  const { containerRef, chartRef } = useEChart();
  const option = useMemo<EChartsOption>(() => {
    const e = tally.electorate;
    const parts = [
      { key: 'agree', name: t('votes.choice.agree'), colour: CHOICE_COLOUR.agree, g: tally.agree },
      {
        key: 'disagree',
        name: t('votes.choice.disagree'),
        colour: CHOICE_COLOUR.disagree,
        g: tally.disagree,
      },
      {
        key: 'abstain',
        name: t('votes.choice.abstain'),
        colour: CHOICE_COLOUR.abstain,
        g: tally.abstain,
      },
      {
        key: 'none',
        name: t('votes.notVoted'),
        colour: NOT_VOTED_COLOUR,
        g: {
          heads: e.heads - tally.participating.heads,
          units: e.units - tally.participating.units,
          area: e.area - tally.participating.area,
        },
      },
    ];
    const pct = (value: number, base: number) => (base > 0 ? (value * 100) / base : 0);
    const categories = [t('votes.byCount'), t('votes.byArea')];
    return {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: unknown) => {
          const { seriesIndex = 0, dataIndex = 0 } = p as {
            seriesIndex?: number;
            dataIndex?: number;
          };
          const part = parts[seriesIndex];
          if (!part) return '';
          const figure =
            dataIndex === 0
              ? t('votes.headsOf', { value: part.g.heads, base: e.heads })
              : `${formatArea(part.g.area)} / ${formatArea(e.area)}`;
          return `${part.name}: ${figure}`;
        },
      },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', inverse: true, data: categories },
      series: parts.map((part) => ({
        type: 'bar',
        name: part.name,
        stack: 'all',
        color: part.colour,
        barWidth: 28,
        label: {
          show: true,
          formatter: (p: unknown) => {
            const value = (p as { value?: number }).value ?? 0;
            return value >= 6 ? `${Math.floor(value * 10) / 10}%` : '';
          },
        },
        data: [pct(part.g.heads, e.heads), pct(part.g.area, e.area)],
      })),
    };
  }, [tally, t]);
  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [chartRef, option]);
  const c = (g: { heads: number; area: number }) => `${g.heads}:${g.area}`;
  return (
    <div
      ref={containerRef}
      data-testid="vote-tally-chart"
      data-figures={[tally.agree, tally.disagree, tally.abstain].map(c).join(',')}
      style={{ height: 180 }}
    />
  );
}
