import type { WebhookSecretAnswer, WebhookSubscriber } from '@cc/contracts';
import { Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyCode, SecretOnceModal } from '../../components/secret-once-modal';
import { formatDateTime } from '../../lib/format';
import { SendModal, useSend } from '../../lib/sending';
import { rotateSecret } from './webhooks-api';

/** Hours the old secret keeps signing when the administrator asks for an overlap. */
const OVERLAP_HOURS = 24;

/** The signing secret, right after an addition or a rotation, and how long the old one signs. */
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
    <SecretOnceModal
      isOpen={!!answer}
      title={t('webhooks.secret.title')}
      intro={answer ? t('webhooks.secret.intro', { name: answer.subscriber.name }) : null}
      warning={t('webhooks.secret.warning')}
      doneText={t('webhooks.secret.done')}
      testId="webhook-secret-modal"
      doneTestId="webhook-secret-done"
      onClose={onClose}
    >
      {answer ? (
        <>
          <Typography.Text type="secondary">{t('webhooks.secret.label')}</Typography.Text>
          <Typography.Paragraph>
            <CopyCode text={answer.secret} testId="webhook-secret" />
          </Typography.Paragraph>
          {until ? (
            <Typography.Paragraph type="secondary">
              {t('webhooks.secret.overlap', { until: formatDateTime(until, i18n.language) })}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
    </SecretOnceModal>
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
