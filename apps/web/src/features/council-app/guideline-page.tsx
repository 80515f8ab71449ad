import { AuditOutlined, PaperClipOutlined } from '@ant-design/icons';
import { APPLICATION_STATE_LABELS, type Application, type ApplyBody } from '@cc/contracts';
import { Alert, App, Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { councilsApi } from '../councils';
import { ApplicationCard } from './application-card';
import { ApplicationForm } from './application-form';
import { BackLink } from './back-link';
import { labelText } from './council-app-format';
import './council-app.css';

type Mode = { kind: 'view' } | { kind: 'apply' } | { kind: 'resubmit'; application: Application };

/** Another member's application: its title and state, nothing more on this page. */
function OtherApplication({ application: a }: { application: Application }) {
  const { i18n } = useTranslation();
  return (
    <div
      className="cc-council-line"
      data-testid="application-row"
      data-id={a.id}
      data-state={a.state}
    >
      <span className="cc-council-row-main">
        <Typography.Text>{a.title}</Typography.Text>
        <span className="cc-council-muted">{a.member.name}</span>
      </span>
      <Tag style={{ marginInlineEnd: 0 }}>
        {labelText(APPLICATION_STATE_LABELS[a.state], i18n.language, a.state)}
      </Tag>
    </div>
  );
}

/**
 * 项目指引 (/r/guidelines/:id): the guideline, its expert reviewers and how many must approve;
 * a member's representative applies (photos, design, the place on the block's map), follows
 * the reviews, resubmits after changes and marks approved work done.
 */
export function GuidelinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const guideline = useRequest((signal) => councilsApi.getGuideline(id, signal), [id]);
  const councilId = guideline.data?.councilId;
  // a reviewer from outside may not read the council: then there is simply nothing to apply as
  const council = useRequest(
    (signal) => councilsApi.getCouncil(councilId!, signal),
    [councilId],
    !!councilId,
  );
  const applications = useRequest((signal) => councilsApi.listApplications(id, signal), [id]);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [problem, setProblem] = useState<string | undefined>();
  const [busyId, setBusyId] = useState<string | undefined>();

  const refresh = () => {
    guideline.reload();
    applications.reload();
  };
  const submit = async (body: ApplyBody) => {
    if (mode.kind === 'resubmit') await councilsApi.resubmitApplication(mode.application.id, body);
    else await councilsApi.applyUnderGuideline(id, body);
    void message.success(
      mode.kind === 'resubmit'
        ? t('councilApp.apply.resubmitted')
        : t('councilApp.apply.submitted'),
    );
    setMode({ kind: 'view' });
    refresh();
  };
  const complete = (a: Application) => {
    setBusyId(a.id);
    setProblem(undefined);
    councilsApi
      .completeApplication(a.id)
      .then(
        () => void message.success(t('councilApp.apply.completed')),
        (e: unknown) => setProblem(describeError(e, t)),
      )
      .finally(() => {
        setBusyId(undefined);
        refresh();
      });
  };

  const back = (
    <BackLink
      to={councilId ? `/r/councils/${councilId}` : '/r/councils'}
      label={councilId ? t('councilApp.home.back') : t('councilApp.mine.back')}
    />
  );
  if (guideline.error && !guideline.data)
    return (
      <div className="cc-council-page">
        {back}
        <LoadError error={guideline.error} onRetry={guideline.reload} isCompact />
      </div>
    );
  if (!guideline.data) return <PageSpin />;
  const g = guideline.data;
  const c = council.data;
  const me = c?.me ?? null;
  const items = applications.data?.items ?? [];
  const mine = me ? items.filter((a) => a.member.id === me.memberId) : [];
  const others = items.filter((a) => !mine.includes(a));

  return (
    <div className="cc-council-page" data-testid="guideline-page" data-id={g.id}>
      {back}
      <div className="cc-council-card">
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
            {g.title}
          </Typography.Title>
          <Tag color={g.open ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
            {g.open ? t('councilApp.guideline.open') : t('councilApp.guideline.closed')}
          </Tag>
        </div>
        <div className="cc-council-muted" style={{ marginTop: 4 }}>
          {t('councilApp.guideline.closesAt', { at: shanghaiDateTime(g.closesAt) })} ·{' '}
          {t('councilApp.guideline.progress', {
            applications: g.progress.applications,
            approved: g.progress.approved,
            done: g.progress.done,
          })}
        </div>
        <div style={{ marginTop: 8 }}>
          <PlainText text={g.body} testId="guideline-body" />
        </div>
        {g.documents.map((d) => (
          <div key={d.id}>
            <a href={d.url} target="_blank" rel="noopener noreferrer">
              <PaperClipOutlined /> {d.name}
            </a>
          </div>
        ))}
        <div style={{ marginTop: 8 }} data-testid="guideline-reviewers">
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('councilApp.guideline.reviewers', { required: g.approvalsRequired })}
          </Typography.Text>
          {g.reviewers.map((r) => (
            <div key={r.accountId} className="cc-council-muted">
              {r.name} · {r.organisation}
            </div>
          ))}
        </div>
      </div>

      {g.iReview && (
        <Alert
          type="info"
          showIcon
          icon={<AuditOutlined />}
          title={t('councilApp.guideline.iReview')}
          action={<Link to="/r/reviews">{t('councilApp.guideline.toReviews')}</Link>}
        />
      )}
      {!g.open && mode.kind === 'view' && (
        <Alert type="warning" showIcon title={t('councilApp.guideline.closedHelp')} />
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          closable={{ onClose: () => setProblem(undefined) }}
          data-testid="application-problem"
        />
      )}

      {me && mode.kind === 'view' && g.open && (
        <Button
          type="primary"
          size="large"
          block
          onClick={() => setMode({ kind: 'apply' })}
          data-testid="apply-start"
        >
          {mine.length > 0 ? t('councilApp.apply.startAnother') : t('councilApp.apply.start')}
        </Button>
      )}
      {me && c && mode.kind !== 'view' && (
        <ApplicationForm
          key={mode.kind === 'resubmit' ? mode.application.id : 'new'}
          blockId={c.block.id}
          memberId={me.memberId}
          initial={mode.kind === 'resubmit' ? mode.application : undefined}
          onSubmit={submit}
          onCancel={() => setMode({ kind: 'view' })}
        />
      )}

      {applications.error && !applications.data ? (
        <LoadError error={applications.error} onRetry={applications.reload} isCompact />
      ) : !applications.data ? (
        <PageSpin />
      ) : (
        <>
          {mine.length > 0 && (
            <Typography.Text strong>{t('councilApp.apply.mine')}</Typography.Text>
          )}
          {mine.map((a) => (
            <ApplicationCard
              key={a.id}
              application={a}
              actions={
                (a.canResubmit || a.canComplete) && (
                  <Space wrap>
                    {a.canResubmit && mode.kind === 'view' && (
                      <Button
                        type="primary"
                        onClick={() => setMode({ kind: 'resubmit', application: a })}
                        data-testid="apply-resubmit"
                      >
                        {t('councilApp.apply.resubmitStart')}
                      </Button>
                    )}
                    {a.canComplete && (
                      <Button
                        loading={busyId === a.id}
                        onClick={() => complete(a)}
                        data-testid="application-done"
                      >
                        {t('councilApp.apply.complete')}
                      </Button>
                    )}
                  </Space>
                )
              }
            />
          ))}
          {others.length > 0 && (
            <section className="cc-council-card" data-testid="guideline-applications">
              <Typography.Text strong>{t('councilApp.apply.others')}</Typography.Text>
              {others.map((a) => (
                <OtherApplication key={a.id} application={a} />
              ))}
            </section>
          )}
        </>
      )}
    </div>
  );
}
