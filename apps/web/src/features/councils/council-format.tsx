import {
  APPLICATION_STATE_LABELS,
  COUNCIL_ROLE_LABELS,
  type ApplicationState,
  type CouncilRole,
  type CouncilVoteState,
  type ExpenseState,
  type Label,
} from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../../lib/format';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { formatFen } from './money';

/** A shared label (packages/contracts) in the reader's language. */
export function useLabel(): (label: Label) => string {
  const { i18n } = useTranslation();
  const lang = isEnglish(i18n.language) ? 'en' : 'zh';
  return (label) => label[lang];
}

/** "2026-05-01 14:30" in Shanghai time, from an ISO time. */
export const atTime = (iso: string) => shanghaiDateTime(iso);

/** An amount of fen as "¥1,234.56", with `data-fen` for whoever reads the page by machine. */
export function Money({
  fen,
  signed,
  testId,
  strong,
}: {
  fen: number;
  signed?: boolean;
  testId?: string;
  strong?: boolean;
}) {
  const text = formatFen(fen, { signed });
  return (
    <span
      data-testid={testId}
      data-fen={fen}
      className="cc-council-money"
      style={strong ? { fontWeight: 600 } : undefined}
    >
      {text}
    </span>
  );
}

const ROLE_COLORS: Record<CouncilRole, string> = {
  chair: 'red',
  director: 'gold',
  secretary: 'blue',
  member: 'default',
};
export function CouncilRoleTag({ role }: { role: CouncilRole }) {
  const label = useLabel();
  return (
    <Tag color={ROLE_COLORS[role]} data-role={role}>
      {label(COUNCIL_ROLE_LABELS[role])}
    </Tag>
  );
}

const VOTE_STATE_COLORS: Record<CouncilVoteState, string> = {
  draft: 'default',
  open: 'processing',
  closed: 'orange',
  published: 'success',
  cancelled: 'default',
};
export function VoteStateTag({ state }: { state: CouncilVoteState }) {
  const { t } = useTranslation();
  return <Tag color={VOTE_STATE_COLORS[state]}>{t(`councils.vote.state.${state}`)}</Tag>;
}

const EXPENSE_COLORS: Record<ExpenseState, string> = {
  pending: 'processing',
  approved: 'success',
  refused: 'error',
};
export function ExpenseStateTag({
  state,
  approvals,
  required,
}: {
  state: ExpenseState;
  approvals: number;
  required: number;
}) {
  const { t } = useTranslation();
  return (
    <Tag color={EXPENSE_COLORS[state]} data-expense-state={state}>
      {t(`councils.fund.expenseState.${state}`)}
      {state === 'pending' ? ` ${approvals}/${required}` : ''}
    </Tag>
  );
}

const APPLICATION_COLORS: Record<ApplicationState, string> = {
  submitted: 'processing',
  changes_requested: 'warning',
  approved: 'success',
  refused: 'error',
  done: 'cyan',
};
export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const label = useLabel();
  return (
    <Tag color={APPLICATION_COLORS[state]} data-state={state}>
      {label(APPLICATION_STATE_LABELS[state])}
    </Tag>
  );
}
