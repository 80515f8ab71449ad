import { AimOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentPosition, GeoError } from './geolocation';

export interface Point {
  lat: number;
  lng: number;
}

/**
 * "使用我的位置" (optional): where the volunteer usually is, for finding volunteers near a
 * case; without it the committee's centre is used. A form control: `value` the point.
 */
export function PositionField({
  value,
  onChange,
}: {
  value?: Point;
  onChange?: (point: Point | undefined) => void;
}) {
  const { t } = useTranslation();
  const [isLocating, setIsLocating] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const locate = () => {
    setIsLocating(true);
    setProblem(undefined);
    currentPosition()
      .then(
        (p) => onChange?.({ lat: p.lat, lng: p.lng }),
        (e: unknown) =>
          setProblem(t(`volunteerApp.geo.${e instanceof GeoError ? e.problem : 'unavailable'}`)),
      )
      .finally(() => setIsLocating(false));
  };
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap>
        <Button
          icon={<AimOutlined />}
          loading={isLocating}
          onClick={locate}
          data-testid="volunteer-use-position"
        >
          {t('volunteerApp.join.usePosition')}
        </Button>
        {value && (
          <Button
            type="text"
            icon={<CloseOutlined />}
            onClick={() => onChange?.(undefined)}
            aria-label={t('volunteerApp.join.clearPosition')}
          />
        )}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="volunteer-position">
        {value
          ? t('volunteerApp.join.positionSet', { latitude: value.lat, longitude: value.lng })
          : t('volunteerApp.join.positionHelp')}
      </Typography.Text>
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </Space>
  );
}
