import { EyeOutlined } from '@ant-design/icons';
import type { ResidentReveal } from '@cc/contracts';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { isTooShort, ReasonInput } from '../../components/reveal-reason';
import { revealResident } from './registry-api';
import { codeLabel } from './registry-labels';

/**
 * 查看完整信息: asks why, then shows the resident's personal fields in clear in the dialog.
 * The server writes the reason to the audit log. The clear values live only while the dialog
 * is open: closing it forgets them (and the reason), so nothing lingers in the page's state.
 */
export function RevealButton({ residentId }: { residentId: string }) {
  const { t, i18n } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [clear, setClear] = useState<ResidentReveal | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);

  const close = () => {
    setIsOpen(false);
    setClear(undefined);
    setReason('');
    setError(undefined);
  };

  async function reveal() {
    setIsSending(true);
    setError(undefined);
    try {
      setClear(await revealResident(residentId, reason.trim()));
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  const isReasonShort = isTooShort(reason);
  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setIsOpen(true)} data-testid="resident-reveal">
        {t('registry.reveal.button')}
      </Button>
      <Modal
        open={isOpen}
        title={t('registry.reveal.title')}
        onCancel={close}
        destroyOnHidden
        footer={
          clear ? (
            <Button type="primary" onClick={close} data-testid="reveal-close">
              {t('registry.reveal.close')}
            </Button>
          ) : (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                disabled={isReasonShort}
                loading={isSending}
                onClick={() => void reveal()}
                data-testid="reveal-confirm"
              >
                {t('registry.reveal.confirm')}
              </Button>
            </>
          )
        }
      >
        {clear ? (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('registry.reveal.audited')}
              style={{ marginBottom: 12 }}
            />
            <Descriptions
              column={1}
              size="small"
              bordered
              data-testid="revealed"
              items={[
                { key: 'name', label: t('registry.field.name'), children: clear.name },
                {
                  key: 'document',
                  label: t('registry.field.documentNumber'),
                  children: (
                    <span className="cc-reg-mono" data-testid="revealed-document">
                      {clear.document}
                    </span>
                  ),
                },
                {
                  key: 'phone',
                  label: t('registry.field.phone'),
                  children: (
                    <span className="cc-reg-mono" data-testid="revealed-phone">
                      {clear.phone ?? t('common.none')}
                    </span>
                  ),
                },
                {
                  key: 'birthDate',
                  label: t('registry.field.birthDate'),
                  children: clear.birthDate,
                },
                {
                  key: 'healthNote',
                  label: t('registry.field.healthNote'),
                  children: clear.healthNote ? (
                    <span style={{ whiteSpace: 'pre-wrap' }}>{clear.healthNote}</span>
                  ) : (
                    t('common.none')
                  ),
                },
                {
                  key: 'emergencyContact',
                  label: t('careCalls.contact.title'),
                  children: clear.emergencyContact ? (
                    <span data-testid="revealed-contact">
                      {clear.emergencyContact.name} ·{' '}
                      {codeLabel('contactRelation', clear.emergencyContact.relation, i18n.language)}{' '}
                      · <span className="cc-reg-mono">{clear.emergencyContact.phone}</span>
                    </span>
                  ) : (
                    t('careCalls.contact.none')
                  ),
                },
              ]}
            />
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('registry.reveal.hint')}
            </Typography.Paragraph>
            <ReasonInput reason={reason} onChange={setReason} error={error} testId="reveal" />
          </>
        )}
      </Modal>
    </>
  );
}

/**
 * The reveal's reason dialog on its own, for an exact lookup (by document number, phone or full
 * name): the reason is asked for, sent with the lookup, and forgotten when the dialog closes.
 */
export function ReasonModal({
  isOpen,
  title,
  onCancel,
  onConfirm,
}: {
  isOpen: boolean;
  title: string;
  onCancel: () => void;
  /** resolves when done; a rejection is shown in the dialog */
  onConfirm: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);
  const close = () => {
    setReason('');
    setError(undefined);
    onCancel();
  };
  async function confirm() {
    setIsSending(true);
    setError(undefined);
    try {
      await onConfirm(reason.trim());
      setReason('');
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }
  const isReasonShort = isTooShort(reason);
  return (
    <Modal
      open={isOpen}
      title={title}
      onCancel={close}
      destroyOnHidden
      footer={
        <>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={isReasonShort}
            loading={isSending}
            onClick={() => void confirm()}
            data-testid="lookup-confirm"
          >
            {t('registry.lookup.confirm')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('registry.lookup.hint')}</Typography.Paragraph>
      <ReasonInput reason={reason} onChange={setReason} error={error} testId="lookup" />
    </Modal>
  );
}
