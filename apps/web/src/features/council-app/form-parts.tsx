import { Button, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LngLatPoint } from '../../components/pin-map';

/** Below a form in a page: cancel, then the submit button (spinning while it sends). */
export function SubmitRow({
  isSending,
  onCancel,
  testId,
  children,
}: {
  isSending: boolean;
  onCancel: () => void;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" htmlType="submit" loading={isSending} data-testid={testId}>
        {children}
      </Button>
    </Space>
  );
}

/** Under a place's map: the point picked, or `help` until one is. */
export function PlaceNote({
  value,
  help,
}: {
  value: LngLatPoint | null | undefined;
  help: string;
}) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {value
        ? t('councilApp.apply.placePicked', { latitude: value.lat, longitude: value.lng })
        : help}
    </Typography.Text>
  );
}
