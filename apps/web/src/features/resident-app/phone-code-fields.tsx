import type { CodePurpose } from '@cc/contracts';
import { App as AntApp, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, pickLanguage } from '../../lib/api';
import { requestCode } from './resident-api';

/** A mainland mobile number as the server takes it (spaces, dashes, +86 allowed). */
export const MOBILE_INPUT = /^(?:\+?86)?1[3-9]\d{9}$/;
export const isMobileInput = (value: string) => MOBILE_INPUT.test(value.replace(/[\s-]/g, ''));

/** The data-testids of the fields, when a page names them its own way (default phone-input…). */
export interface PhoneCodeTestIds {
  phone?: string;
  code?: string;
  send?: string;
}

/** Counts down the seconds until another code may be asked for. */
function useCountdown(): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (seconds <= 0) return;
    const timer = window.setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [seconds]);
  return [seconds, setSeconds];
}

/**
 * The SMS-code field (`code`) with a "send code" button that waits out a minute (or the
 * server's Retry-After). `send` asks for the code; it returns false when it did not (a field
 * of the form is wrong, and says so).
 */
export function CodeField({
  send,
  testIds = {},
}: {
  send: () => Promise<boolean>;
  testIds?: PhoneCodeTestIds;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [wait, setWait] = useCountdown();
  const [isSending, setIsSending] = useState(false);

  async function onSend() {
    setIsSending(true);
    try {
      if (await send()) {
        void message.success(t('residentApp.phone.sent'));
        setWait(60);
      }
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 429) {
        setWait(cause.retryAfterSeconds ?? 60);
        void message.error(pickLanguage(cause.message));
      } else {
        void message.error(describeError(cause, t));
      }
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Form.Item label={t('residentApp.phone.code')} required>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name="code"
          noStyle
          rules={[
            {
              required: true,
              pattern: /^\s*\d{6}\s*$/,
              message: t('residentApp.phone.codeRequired'),
            },
          ]}
        >
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            size="large"
            data-testid={testIds.code ?? 'code-input'}
          />
        </Form.Item>
        <Button
          size="large"
          onClick={() => void onSend()}
          loading={isSending}
          disabled={wait > 0}
          data-testid={testIds.send ?? 'send-code'}
        >
          {wait > 0
            ? t('residentApp.phone.resend', { seconds: wait })
            : t('residentApp.phone.send')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}

/**
 * The phone and SMS-code fields of a form (names `phone` and `code`, or `phoneName`): the code
 * goes to the phone typed, for `purpose`.
 */
export function PhoneCodeFields({
  purpose,
  phoneName = 'phone',
  phoneLabel,
  testIds = {},
}: {
  purpose: CodePurpose;
  phoneName?: string;
  phoneLabel?: string;
  testIds?: PhoneCodeTestIds;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();

  async function send(): Promise<boolean> {
    try {
      await form.validateFields([phoneName]);
    } catch {
      return false;
    }
    const phone = String(form.getFieldValue(phoneName) ?? '').trim();
    try {
      await requestCode(phone, purpose);
      return true;
    } catch (cause) {
      if (cause instanceof ApiError && cause.status !== 429 && cause.field === 'phone') {
        form.setFields([{ name: phoneName, errors: [pickLanguage(cause.message)] }]);
        return false;
      }
      throw cause;
    }
  }

  return (
    <>
      <Form.Item
        name={phoneName}
        label={phoneLabel ?? t('residentApp.phone.label')}
        rules={[
          { required: true, whitespace: true, message: t('residentApp.phone.required') },
          {
            validator: (_rule, value: string | undefined) =>
              !value || isMobileInput(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('residentApp.phone.rule'))),
          },
        ]}
      >
        <Input
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          size="large"
          data-testid={testIds.phone ?? 'phone-input'}
        />
      </Form.Item>
      <CodeField send={send} testIds={testIds} />
    </>
  );
}
