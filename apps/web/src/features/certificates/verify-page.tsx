import {
  CheckCircleFilled,
  CloseCircleFilled,
  CloudOutlined,
  ExclamationCircleFilled,
} from '@ant-design/icons';
import {
  formatCertificateCode,
  normalizeCertificateCode,
  type CertificateVerification,
} from '@cc/contracts';
import { Button, Form, Input, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LanguageSwitch } from '../../components/language-switch';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { shanghaiDate } from '../../lib/shanghai-time';
import { verifyCertificate } from './certificates-api';
import './verify-page.css';

type Verdict = 'genuine' | 'revoked' | 'notGenuine';

function verdictOf(answer: CertificateVerification): Verdict {
  if (!answer.genuine) return 'notGenuine';
  return answer.revoked ? 'revoked' : 'genuine';
}

const ICONS: Record<Verdict, ReactNode> = {
  genuine: <CheckCircleFilled />,
  revoked: <ExclamationCircleFilled />,
  notGenuine: <CloseCircleFilled />,
};

/**
 * The public check of a certificate (`/verify/<code>`, no sign-in, phone first): genuine,
 * revoked or not genuine, and for a genuine one what it is, who issued it and when — nothing
 * about its holder.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { data, error, isLoading, reload } = useRequest(
    (signal) => verifyCertificate(code, signal),
    [code],
  );
  const shownCode = normalizeCertificateCode(code);

  return (
    <div className="cc-verify" data-testid="verify-page">
      <header className="cc-verify-head">
        <span className="cc-verify-brand">
          <CloudOutlined /> {t('app.name')} · {t('certificates.verify.heading')}
        </span>
        <LanguageSwitch />
      </header>
      <main className="cc-verify-main">
        {isLoading && !data ? (
          <div className="cc-verify-loading">
            <Spin size="large" />
          </div>
        ) : error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : data ? (
          <Result answer={data} code={shownCode ? formatCertificateCode(shownCode) : null} />
        ) : null}
        <AnotherCode />
      </main>
    </div>
  );
}

function Result({ answer, code }: { answer: CertificateVerification; code: string | null }) {
  const { t } = useTranslation();
  const verdict = verdictOf(answer);
  return (
    <section
      className={`cc-verify-card cc-verify-${verdict}`}
      data-testid="verify-result"
      data-verdict={verdict}
    >
      <div className="cc-verify-verdict" role="status">
        <span className="cc-verify-icon" aria-hidden>
          {ICONS[verdict]}
        </span>
        <span className="cc-verify-word">{t(`certificates.verify.${verdict}`)}</span>
      </div>
      <p className="cc-verify-explain">{t(`certificates.verify.${verdict}Explain`)}</p>
      {answer.genuine ? (
        <dl className="cc-verify-facts">
          <dt>{t('certificates.fields.title')}</dt>
          <dd data-testid="verify-title">{answer.title}</dd>
          <dt>{t('certificates.fields.kind')}</dt>
          <dd>{t(`certificates.kinds.${answer.kind}`, { defaultValue: answer.kind ?? '' })}</dd>
          <dt>{t('certificates.fields.issuer')}</dt>
          <dd data-testid="verify-issuer">{answer.issuer}</dd>
          <dt>{t('certificates.fields.issuedAt')}</dt>
          <dd>{answer.issuedAt ? shanghaiDate(Date.parse(answer.issuedAt)) : ''}</dd>
          {code ? (
            <>
              <dt>{t('certificates.fields.code')}</dt>
              <dd className="cc-verify-code">{code}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}

/** Type a code from the paper when the QR code cannot be scanned. */
function AnotherCode() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <Form
      form={form}
      className="cc-verify-another"
      layout="vertical"
      onFinish={({ code }) => {
        const plain = normalizeCertificateCode(code);
        void navigate(`/verify/${plain ? formatCertificateCode(plain) : encodeURIComponent(code)}`);
        form.resetFields();
      }}
    >
      <Typography.Text type="secondary">{t('certificates.verify.another')}</Typography.Text>
      <div className="cc-verify-another-row">
        <Form.Item
          name="code"
          rules={[
            { required: true, whitespace: true, message: t('certificates.verify.codeRequired') },
          ]}
          style={{ flex: 1, marginBottom: 0 }}
        >
          <Input
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            maxLength={64}
            autoCapitalize="characters"
            autoComplete="off"
            inputMode="text"
            data-testid="verify-code-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="verify-code-submit">
          {t('certificates.verify.check')}
        </Button>
      </div>
    </Form>
  );
}
