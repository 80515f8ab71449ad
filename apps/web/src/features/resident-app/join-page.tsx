import { Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { NewPasswordField } from './password-fields';
import { PhoneCodeFields } from './phone-code-fields';
import { PhoneForm } from './phone-form';
import { PhonePageFrame } from './phone-page-frame';
import { signUp } from './resident-api';

interface JoinValues {
  phone: string;
  code: string;
  displayName?: string;
  password?: string;
  consent?: boolean;
}

/** 个人信息保护说明: what sign-up collects, why, how long, who sees it. */
function PrivacyNotice({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const sections = ['what', 'why', 'howLong', 'who'] as const;
  return (
    <Modal
      open={isOpen}
      title={t('residentApp.privacy.title')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="privacy-close">
          {t('residentApp.privacy.close')}
        </Button>
      }
    >
      <div data-testid="privacy-notice">
        {sections.map((key) => (
          <div key={key}>
            <Typography.Title level={5}>{t(`residentApp.privacy.${key}Title`)}</Typography.Title>
            <Typography.Paragraph>{t(`residentApp.privacy.${key}`)}</Typography.Paragraph>
          </div>
        ))}
      </div>
    </Modal>
  );
}

/** /join: a resident signs up with a phone and its SMS code, and lands in the phone app. */
export function JoinPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const [form] = Form.useForm<JoinValues>();
  const [isNoticeOpen, setIsNoticeOpen] = useState(false);
  // just joined: 我的 is next (verify the home); someone already signed in goes to /r
  const [hasJoined, setHasJoined] = useState(false);

  if (state.status === 'signed-in') return <Navigate to={hasJoined ? '/r/me' : '/r'} replace />;

  return (
    <PhonePageFrame title={t('residentApp.join.title')}>
      <Typography.Paragraph type="secondary">{t('residentApp.join.intro')}</Typography.Paragraph>
      <PhoneForm<JoinValues>
        form={form}
        fields={['phone', 'code', 'password', 'displayName', 'consent']}
        onSubmit={async (values) => {
          await signUp({
            phone: values.phone.trim(),
            code: values.code.trim(),
            consent: values.consent === true,
            ...(values.password ? { password: values.password } : {}),
            ...(values.displayName?.trim() ? { displayName: values.displayName.trim() } : {}),
          });
          setHasJoined(true);
          await refresh();
        }}
        submitLabel={t('residentApp.join.submit')}
        submitTestId="join-submit"
      >
        <PhoneCodeFields purpose="sign-up" />
        <Form.Item name="displayName" label={t('residentApp.join.displayName')}>
          <Input maxLength={64} size="large" data-testid="join-name" />
        </Form.Item>
        <NewPasswordField
          name="password"
          label={t('residentApp.join.password')}
          extra={t('residentApp.join.passwordHelp')}
          isOptional
          testId="join-password"
        />
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[
            {
              validator: (_rule, value: boolean | undefined) =>
                value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('residentApp.join.consentRequired'))),
            },
          ]}
        >
          <Checkbox data-testid="join-consent">
            {t('residentApp.join.consentBefore')}
            <Typography.Link
              onClick={(event) => {
                // the link opens the notice; it does not tick the box
                event.preventDefault();
                event.stopPropagation();
                setIsNoticeOpen(true);
              }}
              data-testid="join-privacy-link"
            >
              {t('residentApp.join.consentNotice')}
            </Typography.Link>
          </Checkbox>
        </Form.Item>
      </PhoneForm>
      <PrivacyNotice isOpen={isNoticeOpen} onClose={() => setIsNoticeOpen(false)} />
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login">{t('residentApp.join.haveAccount')}</Link>
      </div>
    </PhonePageFrame>
  );
}
