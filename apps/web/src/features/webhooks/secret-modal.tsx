import type { WebhookSecretAnswer, WebhookSubscriber } from '@cc/contracts';
import { Alert, Button, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { SendModal, useSend } from '../../lib/sending';
import { rotateSecret } from './webhooks-api';

/** Hours the old secret keeps signing when the administrator asks for an overlap. */
const OVERLAP_HOURS = 24;

/**
 * The secret, right after an addition or a rotation: the only time it is ever shown, with a
 * copy button. Only 我已保存 closes it, so a stray click or Escape does not lose it.
 */
export function SecretModal({
  answer,
  onClose,
}: {
  answer: WebhookSecretAnswer | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const until = answer?.subscriber.previousSecretUntil;
  return (
    <Modal
      open={!!answer}
      title={t('webhooks.secret.title')}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('webhooks.secret.done')}
        </Button>
      }
      data-testid="webhook-secret-modal"
    >
      {answer ? (
        <>
          <Typography.Paragraph>
            {t('webhooks.secret.intro', { name: answer.subscriber.name })}
          </Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            title={t('webhooks.secret.warning')}
            style={{ marginBottom: 16 }}
          />
          <Typography.Text type="secondary">{t('webhooks.secret.label')}</Typography.Text>
          <Typography.Paragraph
            code
            copyable={{ text: answer.secret }}
            style={{ wordBreak: 'break-all' }}
          >
            <span data-testid="webhook-secret">{answer.secret}</span>
          </Typography.Paragraph>
          {until ? (
            <Typography.Paragraph type="secondary">
              {t('webhooks.secret.overlap', { until: formatDateTime(until, i18n.language) })}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}

/** 更换密钥: stop the old secret now (a leak), or let it sign beside the new one for a day. */
export function RotateSecretModal({
  subscriber,
  onClose,
  onRotated,
}: {
  subscriber: WebhookSubscriber;
  onClose: () => void;
  onRotated: (answer: WebhookSecretAnswer) => void;
}) {
  const { t } = useTranslation();
  const sending = useSend();
  const [keepHours, setKeepHours] = useState(0);
  return (
    <SendModal
      title={t('webhooks.rotateTitle', { name: subscriber.name })}
      okText={t('webhooks.rotate')}
      okTestId="webhook-rotate-confirm"
      okButtonProps={{ danger: keepHours === 0 }}
      sending={sending}
      onOk={() =>
        void sending.send(async () => onRotated(await rotateSecret(subscriber.id, keepHours)))
      }
      onClose={onClose}
    >
      <Typography.Paragraph>{t('webhooks.rotateConfirm')}</Typography.Paragraph>
      <Radio.Group value={keepHours} onChange={(e) => setKeepHours(e.target.value as number)}>
        <Space orientation="vertical">
          <Radio value={0} data-testid="webhook-rotate-now">
            {t('webhooks.rotateNow')}
          </Radio>
          <Radio value={OVERLAP_HOURS} data-testid="webhook-rotate-keep">
            {t('webhooks.rotateKeep')}
          </Radio>
        </Space>
      </Radio.Group>
    </SendModal>
  );
}
