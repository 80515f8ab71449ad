import type { CouncilVoteState } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<CouncilVoteState, string> = {
  draft: 'default',
  open: 'green',
  closed: 'orange',
  published: 'blue',
  cancelled: 'default',
};

/** 投票中 / 已截止 / 已公布…: where a council's vote stands. */
export function VoteStateTag({ state }: { state: CouncilVoteState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="cvote-state">
      {t(`councilApp.vote.state.${state}`)}
    </Tag>
  );
}
