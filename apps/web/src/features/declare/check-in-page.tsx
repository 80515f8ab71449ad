import {
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  SmileFilled,
} from '@ant-design/icons';
import { Alert, Button, Form, Result, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { ApiError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { checkIn, getCheckIn } from './declare-api';
import { HealthFields } from './declare-fields';
import { DeclareFrame, FrameLoading } from './declare-frame';
import { toHealth } from './declare-rules';
import type {
  CheckInResult as CheckInAnswer,
  PublicCheckInView as CheckInState,
  Symptom,
} from '@cc/contracts';
import { useSubmitProblem } from './use-submit-problem';

interface CheckInValues {
  temperature?: string;
  symptoms?: Symptom[];
}

function Invalid() {
  const { t } = useTranslation();
  return (
    <div className="cc-declare-card" data-testid="checkin-invalid">
      <Result
        icon={<CloseCircleFilled style={{ color: '#cf1322' }} />}
        title={t('declare.checkIn.invalidTitle')}
        subTitle={t('declare.checkIn.invalidBody')}
      />
    </div>
  );
}

function Ended() {
  const { t } = useTranslation();
  return (
    <div className="cc-declare-card" data-testid="checkin-ended">
      <Result
        icon={<SmileFilled style={{ color: '#389e0d' }} />}
        title={t('declare.checkIn.ended')}
        subTitle={t('declare.checkIn.endedBody')}
      />
    </div>
  );
}

/** After a check-in: thanks, and for a fever or a symptom what to do now. */
function Done({ answer, onAgain }: { answer: CheckInAnswer; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="cc-declare-card" data-testid="checkin-done" data-abnormal={answer.abnormal}>
      {answer.abnormal ? (
        <Result
          icon={<ExclamationCircleFilled style={{ color: '#d46b08' }} />}
          title={t('declare.checkIn.abnormalTitle')}
          subTitle={
            <Alert
              type="warning"
              title={t('declare.checkIn.abnormalBody')}
              style={{ textAlign: 'left' }}
              data-testid="checkin-abnormal"
            />
          }
        />
      ) : (
        <Result
          icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
          title={t('declare.checkIn.thanks')}
          subTitle={t('declare.checkIn.thanksBody')}
        />
      )}
      <Button block size="large" onClick={onAgain} data-testid="checkin-again">
        {t('declare.checkIn.againButton')}
      </Button>
    </div>
  );
}

function TodayTag({ today }: { today: CheckInState['today'] }) {
  const { t } = useTranslation();
  const [color, key] =
    today === 'checked_in'
      ? ['green', 'doneToday']
      : today === 'abnormal'
        ? ['orange', 'abnormalToday']
        : ['default', 'notYet'];
  return (
    <Tag color={color} data-testid="checkin-today" data-state={today ?? 'none'}>
      {t(`declare.checkIn.${key}`)}
    </Tag>
  );
}

function CheckInForm({
  token,
  state,
  onDone,
  onEnded,
}: {
  token: string;
  state: CheckInState;
  onDone: (answer: CheckInAnswer) => void;
  onEnded: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CheckInValues>();
  const [isSending, setIsSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const problemOf = useSubmitProblem();

  const submit = async (values: CheckInValues) => {
    setIsSending(true);
    setProblem(undefined);
    try {
      onDone(await checkIn(token, toHealth(values)));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 409) onEnded();
      else if (
        !showServerFieldError(form, cause, ['temperature', 'symptoms'], {
          toName: (path) => String(path[0]),
        })
      )
        setProblem(problemOf(cause));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="cc-declare-card">
      <Typography.Text type="secondary">{t('declare.checkIn.title')}</Typography.Text>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('declare.checkIn.greeting', { name: state.name })}
      </Typography.Title>
      <div className="cc-declare-status">
        <TodayTag today={state.today} />
        <Typography.Text type="secondary">
          {t('declare.checkIn.until', { date: state.endDate })}
        </Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 16px' }}>
        {t('declare.checkIn.by', { time: state.checkInBy })}
        {state.today ? ` ${t('declare.checkIn.again')}` : ''}
      </Typography.Paragraph>
      <Form<CheckInValues>
        form={form}
        layout="vertical"
        noValidate
        requiredMark={false}
        initialValues={{ symptoms: [] }}
        onFinish={(values) => void submit(values)}
        data-testid="checkin-form"
      >
        <HealthFields prefix={[]} testIdPrefix="checkin" />
        {problem ? (
          <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />
        ) : null}
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={isSending}
          data-testid="checkin-submit"
        >
          {t('declare.checkIn.submit')}
        </Button>
      </Form>
    </div>
  );
}

/**
 * /c/:token — 居家健康观察 每日打卡, from the SMS link, no sign-in: the masked name, the end
 * date, whether today is done; temperature and symptoms; thanks (or advice when not well).
 */
export function CheckInPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const state = useRequest((signal) => getCheckIn(token, signal), [token]);
  const [answer, setAnswer] = useState<CheckInAnswer>();
  const [hasEnded, setHasEnded] = useState(false);
  const data = state.data;

  return (
    <DeclareFrame heading={t('declare.checkIn.heading')} testId="checkin-page">
      {state.error instanceof ApiError && state.error.status === 404 ? (
        <Invalid />
      ) : state.error && !data ? (
        <div className="cc-declare-card">
          <LoadError error={state.error} onRetry={state.reload} isCompact />
        </div>
      ) : !data ? (
        <FrameLoading />
      ) : hasEnded || data.state === 'ended' ? (
        <Ended />
      ) : answer ? (
        <Done
          answer={answer}
          onAgain={() => {
            setAnswer(undefined);
            state.reload();
          }}
        />
      ) : (
        <CheckInForm
          token={token}
          state={data}
          onDone={(a) => {
            setAnswer(a);
            window.scrollTo(0, 0);
          }}
          onEnded={() => setHasEnded(true)}
        />
      )}
    </DeclareFrame>
  );
}
