import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isTooShort, ReasonInput } from '../../components/reveal-reason';
import { describeError } from '../../lib/api';
import { revealDeclaration } from './epidemic-api';
import type { RevealField } from './epidemic-types';

const FIELDS: readonly RevealField[] = ['name', 'phone', 'document'];

/**
 * 查看完整信息 of a declaration: which field, and why (written to the audit log); the value is
 * shown once in the dialog and forgotten when it closes — as the registry's reveal does.
 */
export function DeclarationRevealButton({ declarationId }: { declarationId: string }) {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  const [field, setField] = useState<RevealField>('name');
  const [reason, setReason] = useState('');
  const [value, setValue] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);

  const close = () => {
    setIsOpen(false);
    setValue(undefined);
    setReason('');
    setError(undefined);
  };

  async function reveal() {
    setIsSending(true);
    setError(undefined);
    try {
      setValue((await revealDeclaration(declarationId, field, reason.trim())).value);
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <>
      <Button
        icon={<EyeOutlined />}
        onClick={() => setIsOpen(true)}
        data-testid="declaration-reveal"
      >
        {t('epidemic.reveal.button')}
      </Button>
      <Modal
        open={isOpen}
        title={t('epidemic.reveal.title')}
        onCancel={close}
        destroyOnHidden
        footer={
          value !== undefined ? (
            <Button type="primary" onClick={close} data-testid="declaration-reveal-close">
              {t('epidemic.reveal.close')}
            </Button>
          ) : (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                disabled={isTooShort(reason)}
                loading={isSending}
                onClick={() => void reveal()}
                data-testid="declaration-reveal-confirm"
              >
                {t('epidemic.reveal.confirm')}
              </Button>
            </>
          )
        }
      >
        {value !== undefined ? (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('epidemic.reveal.audited')}
              style={{ marginBottom: 12 }}
            />
            <Typography.Text type="secondary">
              {t(`epidemic.reveal.field.${field}`)}
            </Typography.Text>
            <Typography.Paragraph
              copyable
              strong
              className="cc-epi-mono"
              style={{ fontSize: 18, marginTop: 4 }}
              data-testid="declaration-revealed-value"
            >
              {value}
            </Typography.Paragraph>
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('epidemic.reveal.hint')}
            </Typography.Paragraph>
            <Radio.Group
              value={field}
              onChange={(event) => setField(event.target.value as RevealField)}
              optionType="button"
              style={{ marginBottom: 12 }}
              options={FIELDS.map((f) => ({ value: f, label: t(`epidemic.reveal.field.${f}`) }))}
              data-testid="declaration-reveal-field"
            />
            <ReasonInput
              reason={reason}
              onChange={setReason}
              error={error}
              testId="declaration-reveal"
              placeholder={t('epidemic.reveal.reasonPlaceholder')}
            />
          </>
        )}
      </Modal>
    </>
  );
}
