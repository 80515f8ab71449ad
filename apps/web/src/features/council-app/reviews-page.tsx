import {
  EXPERT_REVIEW_DECISIONS,
  EXPERT_REVIEW_DECISION_LABELS,
  type Application,
  type ExpertReviewDecision,
} from '@cc/contracts';
import { Alert, App, Button, Empty, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { councilsApi } from '../councils';
import { ApplicationCard } from './application-card';
import { BackLink } from './back-link';
import { labelText } from './council-app-format';
import './council-app.css';

/** The least a reason for changes or a refusal must say (the server's rule too). */
const REASON_MIN = 2;

/** Approve, ask for changes or refuse (with a reason), then send: one review per round. */
function ReviewForm({ application, onDone }: { application: Application; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [decision, setDecision] = useState<ExpertReviewDecision | undefined>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  const needsReason = decision === 'changes' || decision === 'refuse';
  const submit = () => {
    if (!decision) return;
    if (needsReason && reason.trim().length < REASON_MIN) {
      setProblem(t('councilApp.reviews.reasonRequired'));
      return;
    }
    setIsBusy(true);
    setProblem(undefined);
    councilsApi
      .reviewApplication(application.id, {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      })
      .then(
        () => {
          void message.success(t('councilApp.reviews.sent'));
          onDone();
        },
        (e: unknown) => setProblem(describeError(e, t)),
      )
      .finally(() => setIsBusy(false));
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div className="cc-council-choices" role="radiogroup">
        {EXPERT_REVIEW_DECISIONS.map((d) => (
          <Button
            key={d}
            role="radio"
            aria-checked={decision === d}
            type={decision === d ? 'primary' : 'default'}
            danger={d === 'refuse' && decision === d}
            onClick={() => setDecision(d)}
            data-testid={`review-${d}`}
          >
            {labelText(EXPERT_REVIEW_DECISION_LABELS[d], i18n.language, d)}
          </Button>
        ))}
      </div>
      <Input.TextArea
        rows={3}
        maxLength={1000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={
          needsReason ? t('councilApp.reviews.reasonNeeded') : t('councilApp.reviews.reasonHelp')
        }
        status={problem && needsReason && reason.trim().length < REASON_MIN ? 'error' : undefined}
        data-testid="review-reason-input"
      />
      {problem && <Alert type="error" showIcon title={problem} data-testid="review-problem" />}
      <Button
        type="primary"
        block
        disabled={!decision}
        loading={isBusy}
        onClick={submit}
        data-testid="review-submit"
      >
        {t('councilApp.reviews.submit')}
      </Button>
    </div>
  );
}

/**
 * 待我评审 (/r/reviews): an expert reviewer (守门人) on a phone — each application waiting for
 * their review under a guideline they were named for, with its photos, design and earlier
 * reviews; approve, ask for changes or refuse with a reason.
 */
export function CouncilReviewsPage() {
  const { t } = useTranslation();
  const reviews = useRequest((signal) => councilsApi.listMyReviews(signal), []);
  return (
    <div className="cc-council-page" data-testid="reviews-page">
      <BackLink to="/r/councils" label={t('councilApp.mine.back')} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('councilApp.reviews.title')}
      </Typography.Title>
      {reviews.error && !reviews.data ? (
        <LoadError error={reviews.error} onRetry={reviews.reload} isCompact />
      ) : !reviews.data ? (
        <PageSpin />
      ) : reviews.data.items.length === 0 ? (
        <div className="cc-council-card">
          <Empty description={t('councilApp.reviews.none')} />
        </div>
      ) : (
        reviews.data.items.map((a) => (
          <ApplicationCard
            key={a.id}
            application={a}
            showGuideline
            testId="review-card"
            actions={
              <>
                <div className="cc-council-muted" style={{ marginBottom: 8 }}>
                  <Link to={`/r/guidelines/${a.guidelineId}`}>
                    {t('councilApp.reviews.guideline')}
                  </Link>
                </div>
                {a.canReview ? (
                  <ReviewForm application={a} onDone={reviews.reload} />
                ) : (
                  <Typography.Text type="secondary">{t('councilApp.reviews.done')}</Typography.Text>
                )}
              </>
            }
          />
        ))
      )}
    </div>
  );
}
