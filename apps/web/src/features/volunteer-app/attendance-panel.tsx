import { AimOutlined } from '@ant-design/icons';
import { Alert, App, Button, Divider, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attendanceProblem, type Problem } from './attendance-problem';
import { currentPosition } from './geolocation';
import { checkIn, checkOut } from './volunteer-app-api';

const SIX_DIGITS = /^\d{6}$/;

/**
 * Check in (or out) at the place: type the 6-digit code on the organiser's screen, or let the
 * phone's position show that I am there. A refusal is said plainly (expired code, too far…).
 */
export function AttendancePanel({
  signupId,
  mode,
  onDone,
}: {
  signupId: string;
  mode: 'in' | 'out';
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState<'code' | 'position' | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const send = mode === 'in' ? checkIn : checkOut;

  const run = async (how: 'code' | 'position') => {
    setProblem(undefined);
    if (how === 'code' && !SIX_DIGITS.test(code)) {
      setProblem({ title: t('volunteerApp.attendance.codeRule') });
      return;
    }
    setBusy(how);
    try {
      if (how === 'code') await send(signupId, { code });
      else {
        const p = await currentPosition();
        await send(signupId, { lat: p.lat, lng: p.lng, accuracy: p.accuracy });
      }
      setCode('');
      void message.success(
        mode === 'in'
          ? t('volunteerApp.attendance.checkedIn')
          : t('volunteerApp.attendance.checkedOut'),
      );
      onDone();
    } catch (e) {
      setProblem(attendanceProblem(e, t));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`check-${mode}-panel`}>
      <Input
        className="cc-vol-code-input"
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        onPressEnter={() => void run('code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        size="large"
        placeholder={t('volunteerApp.attendance.codePlaceholder')}
        aria-label={t('volunteerApp.attendance.code')}
        data-testid="check-in-code"
      />
      <Button
        type="primary"
        block
        size="large"
        loading={busy === 'code'}
        disabled={busy === 'position'}
        onClick={() => void run('code')}
        data-testid={mode === 'in' ? 'check-in-submit' : 'check-out-submit'}
      >
        {mode === 'in'
          ? t('volunteerApp.attendance.checkInByCode')
          : t('volunteerApp.attendance.checkOutByCode')}
      </Button>
      <Divider plain style={{ margin: '4px 0' }}>
        {t('volunteerApp.attendance.or')}
      </Divider>
      <Button
        block
        size="large"
        icon={<AimOutlined />}
        loading={busy === 'position'}
        disabled={busy === 'code'}
        onClick={() => void run('position')}
        data-testid={mode === 'in' ? 'check-in-position' : 'check-out-position'}
      >
        {mode === 'in'
          ? t('volunteerApp.attendance.checkInByPosition')
          : t('volunteerApp.attendance.checkOutByPosition')}
      </Button>
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem.title}
          description={problem.detail !== problem.title ? problem.detail : undefined}
          data-testid="attendance-problem"
        />
      )}
    </Space>
  );
}
