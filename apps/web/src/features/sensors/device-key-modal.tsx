import type { SensorDeviceKeyAnswer } from '@cc/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyCode, SecretOnceModal } from '../../components/secret-once-modal';

/** A device's key, right after it was registered or its key rotated, and how it posts readings. */
export function DeviceKeyModal({
  answer,
  onClose,
}: {
  answer: SensorDeviceKeyAnswer | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const device = answer?.device;
  return (
    <SecretOnceModal
      isOpen={!!answer}
      title={t('sensors.key.title')}
      intro={device ? t('sensors.key.intro', { name: device.name }) : null}
      warning={t('sensors.key.warning')}
      doneText={t('sensors.key.done')}
      testId="sensor-key-modal"
      doneTestId="sensor-key-done"
      onClose={onClose}
    >
      {answer ? (
        <>
          <Typography.Text type="secondary">{t('sensors.key.label')}</Typography.Text>
          <Typography.Paragraph>
            <CopyCode text={answer.key} testId="sensor-key" />
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('sensors.key.usage')}</Typography.Paragraph>
          <pre className="cc-json cc-code-block" data-testid="sensor-key-usage">
            {[
              `POST /api/sensors/devices/${encodeURIComponent(answer.device.id)}/events`,
              `Authorization: Bearer ${answer.key.slice(0, 8)}…`,
              'Content-Type: application/json',
              '',
              '{"events": [{"value": 18.5, "at": "2026-07-20T14:00:00+08:00"}]}',
            ].join('\n')}
          </pre>
        </>
      ) : null}
    </SecretOnceModal>
  );
}
