import { FileProtectOutlined } from '@ant-design/icons';
import type { VolunteerCertificate } from '@cc/contracts';
import { Button, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../lib/use-now';
import { SendModal, useSend } from '../../lib/sending';
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
  const sending = useSend();

  const close = () => {
    setOpen(false);
    setIssued(null);
    sending.clearProblem();
  };
  const issue = () =>
    sending.send(async () => {
      setIssued(await issueHoursCertificate(volunteerId, year ? { year } : {}));
    });

  return (
    <>
      <Button
        icon={<FileProtectOutlined />}
        onClick={() => setOpen(true)}
        data-testid="volunteer-certificate-open"
      >
        {t('volunteers.certificate.open')}
      </Button>
      <SendModal
        open={isOpen}
        title={t('volunteers.certificate.title')}
        okText={issued ? t('volunteers.certificate.done') : t('volunteers.certificate.issue')}
        okTestId="volunteer-certificate-submit"
        cancelButtonProps={{ style: issued ? { display: 'none' } : undefined }}
        sending={sending}
        onOk={issued ? close : () => void issue()}
        onClose={close}
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
      </SendModal>
    </>
  );
}
