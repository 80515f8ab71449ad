import type { SsoClientWithSecret } from '@cc/contracts';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The client_id and the secret, right after a registration or a rotation: the only time the
 * secret is ever shown. Only 我已保存 closes it, so a stray click or Escape does not lose it.
 */
export function ClientSecretModal({
  client,
  onClose,
}: {
  client: SsoClientWithSecret | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={!!client}
      title={t('sso.clients.secret.title')}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="sso-client-secret-done">
          {t('sso.clients.secret.done')}
        </Button>
      }
      data-testid="sso-client-secret-modal"
    >
      {client ? (
        <>
          <Typography.Paragraph>
            {t('sso.clients.secret.intro', { name: client.name })}
          </Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            title={t('sso.clients.secret.warning')}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('sso.clients.secret.clientId')}>
              <Typography.Text code copyable={{ text: client.clientId }}>
                <span data-testid="sso-client-secret-id">{client.clientId}</span>
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('sso.clients.secret.clientSecret')}>
              <Typography.Text
                code
                copyable={{ text: client.clientSecret }}
                style={{ wordBreak: 'break-all' }}
              >
                <span data-testid="sso-client-secret">{client.clientSecret}</span>
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : null}
    </Modal>
  );
}
