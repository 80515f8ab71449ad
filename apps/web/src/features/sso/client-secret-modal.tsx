import type { SsoClientWithSecret } from '@cc/contracts';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyCode, SecretOnceModal } from '../../components/secret-once-modal';

/** The client_id and the secret, right after a registration or a rotation. */
export function ClientSecretModal({
  client,
  onClose,
}: {
  client: SsoClientWithSecret | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <SecretOnceModal
      isOpen={!!client}
      title={t('sso.clients.secret.title')}
      intro={client ? t('sso.clients.secret.intro', { name: client.name }) : null}
      warning={t('sso.clients.secret.warning')}
      doneText={t('sso.clients.secret.done')}
      testId="sso-client-secret-modal"
      doneTestId="sso-client-secret-done"
      onClose={onClose}
    >
      {client ? (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('sso.clients.secret.clientId')}>
            <CopyCode text={client.clientId} testId="sso-client-secret-id" />
          </Descriptions.Item>
          <Descriptions.Item label={t('sso.clients.secret.clientSecret')}>
            <CopyCode text={client.clientSecret} testId="sso-client-secret" />
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </SecretOnceModal>
  );
}
