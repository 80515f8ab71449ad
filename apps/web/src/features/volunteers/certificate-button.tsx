import { FileProtectOutlined } from '@ant-design/icons';
import type { VolunteerCertificate } from '@cc/contracts';
import { Alert, Button, Modal, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { recentYears, toHours } from './volunteer-rules';
import { issueHoursCertificate } from './volunteers-api';

/**
 * 开具时长证明: a verifiable certificate of the volunteer's confirmed hours, of one year or of
 * all time; its code opens /verify/<code> for whoever checks it.
 */
export function CertificateButton({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const years = recentYears(useNow(3_600_000));
  const [isOpen, setOpen] = useState(false);
  const [year, setYear] = useState<number | undefined>();
  const [issued, setIssued] = useState<VolunteerCertificate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  const close = () => {
    setOpen(false);
    setIssued(null);
    setProblem(null);
  };
  async function issue() {
    setIsSending(true);
    setProblem(null);
    try {
      setIssued(await issueHoursCertificate(volunteerId, year ? { year } : {}));
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <>
      <Button
        icon={<FileProtectOutlined />}
        onClick={() => setOpen(true)}
        data-testid="volunteer-certificate-open"
      >
        {t('volunteers.certificate.open')}
      </Button>
      <Modal
        open={isOpen}
        title={t('volunteers.certificate.title')}
        onCancel={close}
        onOk={issued ? close : () => void issue()}
        okText={issued ? t('volunteers.certificate.done') : t('volunteers.certificate.issue')}
        okButtonProps={{ loading: isSending, 'data-testid': 'volunteer-certificate-submit' }}
        cancelButtonProps={{ style: issued ? { display: 'none' } : undefined }}
        destroyOnHidden
      >
        {issued ? (
          <Result
            status="success"
            title={t('volunteers.certificate.issued', { hours: toHours(issued.minutes) })}
            subTitle={
              <span data-testid="volunteer-certificate-code">
                {t('volunteers.certificate.code')}{' '}
                <Typography.Link
                  href={`/verify/${encodeURIComponent(issued.code)}`}
                  target="_blank"
                  copyable
                >
                  {issued.code}
                </Typography.Link>
              </span>
            }
          />
        ) : (
          <>
            {problem ? (
              <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
            ) : null}
            <Typography.Paragraph type="secondary">
              {t('volunteers.certificate.help')}
            </Typography.Paragraph>
            <Select<number | undefined>
              allowClear
              value={year}
              onChange={setYear}
              placeholder={t('volunteers.ledger.allYears')}
              style={{ width: 160 }}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              data-testid="volunteer-certificate-year"
            />
          </>
        )}
      </Modal>
    </>
  );
}
