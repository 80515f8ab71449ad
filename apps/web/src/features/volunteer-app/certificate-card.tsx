import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { VolunteerCertificate } from '@cc/contracts';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../lib/api';
import { certificatePdfUrl } from '../certificates';
import { issueMyCertificate } from './volunteer-app-api';
import { hoursText } from './volunteer-format';

/**
 * 开具证明: a verifiable certificate of my confirmed hours (all years, or one), then its code,
 * its PDF and the public check.
 */
export function CertificateCard({ years }: { years: readonly number[] }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(0);
  const [isIssuing, setIsIssuing] = useState(false);
  const [issued, setIssued] = useState<VolunteerCertificate | undefined>();
  const [error, setError] = useState<string | undefined>();
  const issue = () => {
    setIsIssuing(true);
    setError(undefined);
    issueMyCertificate(year || undefined)
      .then(setIssued, (e: unknown) => setError(describeError(e, t)))
      .finally(() => setIsIssuing(false));
  };
  return (
    <div className="cc-vol-card" data-testid="hours-certificate-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <SafetyCertificateOutlined /> {t('volunteerApp.certificate.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('volunteerApp.certificate.help')}
      </Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Select<number>
          value={year}
          onChange={setYear}
          style={{ flex: 1 }}
          aria-label={t('volunteerApp.certificate.year')}
          options={[
            { value: 0, label: t('volunteerApp.hours.allYears') },
            ...years.map((y) => ({ value: y, label: t('volunteerApp.hours.year', { year: y }) })),
          ]}
          data-testid="hours-certificate-year"
        />
        <Button type="primary" loading={isIssuing} onClick={issue} data-testid="hours-certificate">
          {t('volunteerApp.certificate.issue')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
      {issued && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="hours-certificate-issued"
          message={t('volunteerApp.certificate.issued', { hours: hoursText(issued.minutes, t) })}
          description={
            <Space direction="vertical" size={4}>
              <span>
                {t('volunteerApp.certificate.code')}{' '}
                <Typography.Text strong copyable data-testid="hours-certificate-code">
                  {issued.code}
                </Typography.Text>
              </span>
              <a
                href={certificatePdfUrl(issued.id)}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="hours-certificate-pdf"
              >
                <FilePdfOutlined /> {t('volunteerApp.certificate.pdf')}
              </a>
              <Link to={`/verify/${issued.code}`} data-testid="hours-certificate-verify">
                {t('volunteerApp.certificate.verify')}
              </Link>
            </Space>
          }
        />
      )}
    </div>
  );
}
