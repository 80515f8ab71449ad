import type { ElevatorStage } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** One colour per stage, from the first consultation (grey) to in service (green). */
export const STAGE_COLORS: Record<ElevatorStage, string> = {
  consultation: '#8c8c8c',
  owners_vote: '#faad14',
  design_notice: '#13c2c2',
  approval: '#1456f0',
  construction: '#722ed1',
  acceptance: '#eb2f96',
  in_service: '#52c41a',
};

export function StageTag({ stage }: { stage: ElevatorStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} data-testid="elevator-stage" data-stage={stage}>
      {t(`elevators.stage.${stage}`)}
    </Tag>
  );
}

/** Fen as yuan with two decimals and thousands separators: 85600007 → "856,000.07". */
export function formatYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `${yuan.toLocaleString('en-US')}.${cents}`;
}
