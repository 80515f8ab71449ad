import type { SsoInteraction } from '@cc/contracts';
import { Alert, Button, Card, Result, Spin, Typography } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { ProblemAlert, useSend } from '../../lib/sending';
import { useSession } from '../../lib/session';
import { LoginForm, LoginFrame } from '../auth';
import { abortInteraction, confirmInteraction, getInteraction } from './sso-api';
import { SystemLogo } from './sso-format';
import { sortClaims } from './sso-rules';
import './sso.css';

/**
 * Where a department system sends its user to sign in (/sso/interaction/:uid), outside the
 * console and whether signed in or not: our sign-in form, then — for a reader whose roles the
 * system allows — the consent to the claims it asks for (or, consent given before, straight on);
 * a reader without such a role is told so and sent back. The provider answers each step with
 * the address to go to next.
 */
export function InteractionPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const { state } = useSession();
  // the interaction is read again whenever the session changes (signed in here, or ended)
  const sessionKey = state.status === 'signed-in' ? `in:${state.me.id}` : state.status;
  const interaction = useRequest(
    (signal) => getInteraction(uid, signal),
    [uid, sessionKey],
    state.status !== 'loading',
  );
  const { data, error } = interaction;

  let body;
  if (error && !(data && data.uid === uid)) {
    body = <InteractionError error={error} onRetry={interaction.reload} />;
  } else if (!data || state.status === 'loading') {
    body = (
      <Card className="cc-login-card">
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      </Card>
    );
  } else if (!data.signedIn) {
    body = (
      <LoginForm
        title={
          <span style={{ display: 'flex', alignItems: 'center', gap: 8, whiteSpace: 'normal' }}>
            <SystemLogo
              name={data.client.name}
              department={data.client.department}
              logoUrl={data.client.logoUrl}
              size={28}
            />
            <span data-testid="sso-sign-in-title">
              {t('sso.interaction.signInTo', {
                department: data.client.department,
                name: data.client.name,
              })}
            </span>
          </span>
        }
        // the session is read again by the form; this reads the interaction again with it
        onSignedIn={interaction.reload}
      />
    );
  } else if (!data.allowed) {
    body = <Denied interaction={data} />;
  } else {
    body = <Consent key={data.uid} interaction={data} />;
  }

  return (
    <LoginFrame>
      <div
        className="cc-login-card"
        style={{ display: 'flex', flexDirection: 'column', alignItems: 'stretch' }}
        data-testid="sso-interaction"
        data-state={interactionState(data, error, uid)}
      >
        {body}
      </div>
    </LoginFrame>
  );
}

/** What the page shows, for whoever reads it by machine (a browser journey). */
function interactionState(data: SsoInteraction | undefined, error: unknown, uid: string): string {
  if (error) return 'error';
  if (!data || data.uid !== uid) return 'loading';
  if (!data.signedIn) return 'sign-in';
  if (!data.allowed) return 'denied';
  return data.prompt;
}

/** The system's logo, name and department, above what the reader decides. */
function ClientHead({ interaction }: { interaction: SsoInteraction }) {
  const { client } = interaction;
  return (
    <div className="cc-sso-client">
      <SystemLogo name={client.name} department={client.department} logoUrl={client.logoUrl} />
      <div style={{ minWidth: 0 }}>
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="sso-client-name">
          {client.name}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary">{client.department}</Typography.Text>
        </div>
      </div>
    </div>
  );
}

function SignedInAs() {
  const { t } = useTranslation();
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
      {t('sso.interaction.signedInAs', { name: state.me.displayName })}
    </Typography.Paragraph>
  );
}

/** Leaves for the address the provider gives: the system (with a code) or back with a refusal. */
function useLeave(uid: string) {
  const sending = useSend();
  const [isLeaving, setIsLeaving] = useState(false);
  const leave = (step: (uid: string) => Promise<{ redirectTo: string }>) =>
    sending.send(async () => {
      const { redirectTo } = await step(uid);
      setIsLeaving(true);
      window.location.assign(redirectTo);
    });
  return { ...sending, isLeaving, isBusy: sending.isSending || isLeaving, leave };
}

/**
 * Signed in and allowed: the claims to agree to (prompt `consent`), or — consent given before —
 * straight on to the system (prompt `login`) with no click; a failure there offers the button.
 */
function Consent({ interaction }: { interaction: SsoInteraction }) {
  const { t } = useTranslation();
  const { client } = interaction;
  const step = useLeave(interaction.uid);
  const isAutomatic = interaction.prompt === 'login';
  const hasStarted = useRef(false);
  const confirmOnce = useEffectEvent(() => {
    if (hasStarted.current) return;
    hasStarted.current = true;
    void step.leave(confirmInteraction);
  });
  useEffect(() => {
    if (isAutomatic) confirmOnce();
  }, [isAutomatic]);

  const claims = sortClaims(interaction.claims);
  const isWaiting = isAutomatic && !step.problem;
  return (
    <Card
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {isAutomatic
            ? t('sso.interaction.entering', { name: client.name })
            : t('sso.interaction.consentTitle', { name: client.name })}
        </span>
      }
      data-testid="sso-consent"
    >
      <ClientHead interaction={interaction} />
      <SignedInAs />
      {isWaiting ? (
        <div style={{ textAlign: 'center', padding: 16 }}>
          <Spin />
        </div>
      ) : null}
      {isAutomatic ? null : (
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t('sso.interaction.consentIntro', {
              department: client.department,
              name: client.name,
            })}
          </Typography.Paragraph>
          <ul className="cc-sso-claims" data-testid="sso-consent-claims">
            <li data-claim="sub">{t('sso.interaction.subject')}</li>
            {claims.map((claim) => (
              <li key={claim} data-claim={claim}>
                {t(`sso.claims.${claim}`)}
              </li>
            ))}
          </ul>
          {claims.includes('phone_number') ? (
            <Alert
              type="info"
              showIcon
              title={t('sso.interaction.phoneNotice')}
              style={{ marginBottom: 12 }}
            />
          ) : null}
        </>
      )}
      <ProblemAlert problem={step.problem} testId="sso-error" />
      {isWaiting ? null : (
        <StepButtons
          isBusy={step.isBusy}
          other={{
            text: t('sso.interaction.cancel'),
            testId: 'sso-abort',
            onClick: () => void step.leave(abortInteraction),
          }}
          main={{
            text: t('sso.interaction.confirm'),
            testId: 'sso-confirm',
            onClick: () => void step.leave(confirmInteraction),
          }}
        />
      )}
    </Card>
  );
}

/** Signed in, but none of the reader's roles may use the system: say so, and go back. */
function Denied({ interaction }: { interaction: SsoInteraction }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const { client } = interaction;
  const step = useLeave(interaction.uid);
  return (
    <Card data-testid="sso-denied">
      <ClientHead interaction={interaction} />
      <Result
        status="403"
        title={t('sso.interaction.deniedTitle')}
        subTitle={t('sso.interaction.deniedExplain', {
          department: client.department,
          name: client.name,
        })}
        style={{ padding: '8px 0' }}
      />
      <SignedInAs />
      <ProblemAlert problem={step.problem} testId="sso-error" />
      <StepButtons
        isBusy={step.isBusy}
        other={{
          text: t('sso.interaction.switchAccount'),
          testId: 'sso-switch-account',
          onClick: () => void signOut(),
        }}
        main={{
          text: t('sso.interaction.back'),
          testId: 'sso-abort',
          onClick: () => void step.leave(abortInteraction),
        }}
      />
      {step.problem ? <BackToSystems /> : null}
    </Card>
  );
}

interface StepButton {
  text: string;
  testId: string;
  onClick: () => void;
}

/** A step's two buttons: the way out (`other`) and the way on (`main`), both held while it runs. */
function StepButtons({
  isBusy,
  other,
  main,
}: {
  isBusy: boolean;
  other: StepButton;
  main: StepButton;
}) {
  return (
    <div className="cc-sso-actions">
      <Button size="large" disabled={isBusy} onClick={other.onClick} data-testid={other.testId}>
        {other.text}
      </Button>
      <Button
        type="primary"
        size="large"
        loading={isBusy}
        onClick={main.onClick}
        data-testid={main.testId}
      >
        {main.text}
      </Button>
    </div>
  );
}

function BackToSystems() {
  const { t } = useTranslation();
  return (
    <div style={{ marginTop: 12, textAlign: 'center' }}>
      <Link to="/systems" data-testid="sso-back-to-systems">
        {t('sso.interaction.backToSystems')}
      </Link>
    </div>
  );
}

/** An interaction that is gone (expired, used: 404) or could not be read. */
function InteractionError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const isGone = error instanceof ApiError && error.status === 404;
  return (
    <Card data-testid="sso-interaction-error">
      <Result
        status={isGone ? 'warning' : 'error'}
        title={isGone ? t('sso.interaction.expiredTitle') : t('sso.interaction.failedTitle')}
        subTitle={isGone ? t('sso.interaction.expiredExplain') : describeError(error, t)}
        style={{ padding: '8px 0' }}
        extra={
          isGone ? null : (
            <Button type="primary" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          )
        }
      />
      <BackToSystems />
    </Card>
  );
}
