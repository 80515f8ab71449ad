import { Button, Card, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportOutcome } from './use-report';

/** The case filed (and who it went to), or the similar case the report was added to. */
export function ReportSuccess({
  outcome,
  onStartOver,
}: {
  outcome: ReportOutcome;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const id = outcome.kind === 'created' ? outcome.detail.id : outcome.id;
  const number = outcome.kind === 'created' ? outcome.detail.number : outcome.number;
  const assignee =
    outcome.kind === 'created'
      ? (outcome.detail.assigneeName ?? outcome.detail.unitName)
      : undefined;
  return (
    <div className="cc-report" data-testid="report-success">
      <Card>
        <Result
          status="success"
          title={
            outcome.kind === 'created'
              ? t('cases.report.successTitle')
              : t('cases.report.supplementedTitle')
          }
          subTitle={
            <Space orientation="vertical" size={4}>
              <span>
                {t('cases.number')}{' '}
                <Typography.Text strong copyable data-testid="report-success-number">
                  {number}
                </Typography.Text>
              </span>
              {outcome.kind === 'created' ? (
                <span data-testid="report-success-dispatch">
                  {assignee
                    ? t('cases.report.dispatchedTo', { name: assignee })
                    : t('cases.report.queued')}
                </span>
              ) : null}
            </Space>
          }
          extra={[
            <Link key="open" to={`/cases/${encodeURIComponent(id)}`}>
              <Button type="primary" size="large" data-testid="report-success-open">
                {t('cases.report.openCase')}
              </Button>
            </Link>,
            <Button key="again" size="large" onClick={onStartOver} data-testid="report-again">
              {t('cases.report.again')}
            </Button>,
          ]}
        />
      </Card>
    </div>
  );
}
