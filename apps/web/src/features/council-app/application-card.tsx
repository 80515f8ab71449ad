import { PaperClipOutlined } from '@ant-design/icons';
import {
  APPLICATION_STATE_LABELS,
  EXPERT_REVIEW_DECISION_LABELS,
  type Application,
  type ApplicationState,
} from '@cc/contracts';
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PlainText } from '../../components/plain-text';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { labelText } from './council-app-format';

const STATE_COLORS: Record<ApplicationState, string> = {
  submitted: 'processing',
  changes_requested: 'warning',
  approved: 'success',
  refused: 'error',
  done: 'blue',
};

const DECISION_COLORS = { approve: 'green', changes: 'orange', refuse: 'red' } as const;

/** 待评审 / 需修改 / 已通过…: where an application stands (`application-state`). */
export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const { i18n } = useTranslation();
  return (
    <Tag
      color={STATE_COLORS[state]}
      style={{ marginInlineEnd: 0 }}
      data-testid="application-state"
      data-state={state}
    >
      {labelText(APPLICATION_STATE_LABELS[state], i18n.language, state)}
    </Tag>
  );
}

/**
 * An application as its applicant and its reviewers read it: what, where, the photos and the
 * design, the approvals so far and every review with its reason. `actions` below it.
 */
export function ApplicationCard({
  application: a,
  showGuideline = false,
  actions,
  testId = 'application-card',
}: {
  application: Application;
  showGuideline?: boolean;
  actions?: ReactNode;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="cc-council-card" data-testid={testId} data-id={a.id} data-state={a.state}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
        <span className="cc-council-row-main">
          <Typography.Text strong>{a.title}</Typography.Text>
          <span className="cc-council-muted">
            {showGuideline && `${a.guidelineTitle} · `}
            {a.member.name} · {shanghaiDateTime(a.submittedAt)}
          </span>
        </span>
        <ApplicationStateTag state={a.state} />
      </div>
      <div style={{ marginTop: 8 }}>
        <PlainText text={a.description} />
      </div>
      {a.photos.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginBottom: 8 }}>
          {a.photos.map((p) => (
            <a key={p.id} href={p.url} target="_blank" rel="noopener noreferrer">
              <img
                src={p.url}
                alt={p.name}
                style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }}
              />
            </a>
          ))}
        </div>
      )}
      <div className="cc-council-muted">
        {t('councilApp.apply.design')}:{' '}
        <a href={a.design.url} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {a.design.name}
        </a>
      </div>
      <div className="cc-council-muted" data-testid="application-approvals">
        {t('councilApp.apply.approvals', {
          approvals: a.approvals,
          required: a.approvalsRequired,
        })}{' '}
        · {t('councilApp.apply.at', { latitude: a.lat, longitude: a.lng })}
      </div>
      {a.reviews.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="application-reviews">
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('councilApp.apply.reviews')}
          </Typography.Text>
          {a.reviews.map((r, i) => (
            <div key={`${r.at}-${i}`} className="cc-council-line" data-testid="application-review">
              <span className="cc-council-row-main">
                <span>
                  <Tag color={DECISION_COLORS[r.decision]}>
                    {labelText(EXPERT_REVIEW_DECISION_LABELS[r.decision], i18n.language)}
                  </Tag>
                  {r.reviewer} · {r.organisation}
                </span>
                {r.reason && <span style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</span>}
                <span className="cc-council-muted">{shanghaiDateTime(r.at)}</span>
              </span>
            </div>
          ))}
        </div>
      )}
      {actions && <div style={{ marginTop: 8 }}>{actions}</div>}
    </section>
  );
}
