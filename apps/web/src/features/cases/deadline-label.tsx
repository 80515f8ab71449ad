import { ClockCircleOutlined } from '@ant-design/icons';
import type { CaseSummary } from '@cc/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { deadlineState, deadlineText } from './case-format';
import { OverdueTag } from './status-tag';

const LATE = '#cf1322';
const RUNNING = '#1456f0';

/**
 * A case's deadline as every list and page shows it (工单中心's table, the task cards, the case
 * page): which deadline, the time left or past, 超时 when late; from one {@link deadlineState}.
 * `layout`: the table's two lines (the time, then the countdown), or one line with the clock.
 */
export function DeadlineLabel({
  item,
  now,
  layout,
  withDate = false,
  withTag = false,
  testId,
}: {
  item: Pick<CaseSummary, 'status' | 'acceptDueAt' | 'resolveDueAt' | 'overdue'>;
  now: number;
  layout: 'cell' | 'line';
  withDate?: boolean;
  withTag?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const state = deadlineState(item, now);
  if (!state) {
    return layout === 'cell' ? (
      <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
    ) : null;
  }
  const text = deadlineText(state, t);
  const attributes = {
    'data-testid': testId,
    'data-kind': state.kind,
    'data-over': state.isOver ? 'true' : 'false',
  };
  if (layout === 'cell') {
    return (
      <span {...attributes} style={{ color: state.isOver ? LATE : undefined }}>
        {formatDateTime(state.at, i18n.language)}
        <br />
        <Typography.Text type={state.isOver ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
      </span>
    );
  }
  return (
    <div {...attributes} style={{ color: state.isOver ? LATE : RUNNING }}>
      <ClockCircleOutlined /> {text}
      {withDate ? ` · ${formatDateTime(state.at, i18n.language)}` : null}
      {withTag && state.isOver ? (
        <>
          {' '}
          <OverdueTag />
        </>
      ) : null}
    </div>
  );
}
