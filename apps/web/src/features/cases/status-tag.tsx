import type { CaseSource, CaseStatus } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS } from './case-format';

export function StatusTag({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLORS[status]}
      data-testid={testId}
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: CaseSource }) {
  const { t } = useTranslation();
  return <Tag style={{ marginInlineEnd: 0 }}>{t(`cases.source.${source}`)}</Tag>;
}

export function OverdueTag({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t('cases.overdue')}
    </Tag>
  );
}
