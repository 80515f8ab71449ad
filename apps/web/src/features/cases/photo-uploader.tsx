import {
  CameraOutlined,
  CloseOutlined,
  PictureOutlined,
  ReloadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Progress, Space, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoUploads } from './use-photo-uploads';
import { MAX_PHOTOS } from './use-photo-uploads';

interface Props {
  uploads: PhotoUploads;
  /** `data-testid` of the camera input; the album input gets `<testId>-album`. */
  testId: string;
  error?: string;
  max?: number;
}

/**
 * Take a photo with the camera or pick from the album; each one uploads at once and shows
 * its progress, and any can be removed. The inputs stay in the page (hidden) for tests.
 */
export function PhotoUploader({ uploads, testId, error, max = MAX_PHOTOS }: Props) {
  const { t } = useTranslation();
  const cameraRef = useRef<HTMLInputElement>(null);
  const albumRef = useRef<HTMLInputElement>(null);
  const isFull = uploads.items.length >= max;

  const onPick = (input: HTMLInputElement) => {
    if (input.files && input.files.length > 0) uploads.add(input.files);
    input.value = ''; // the same photo may be picked again after removing it
  };

  return (
    <div data-testid={`${testId}-block`}>
      <div className="cc-photo-grid">
        {uploads.items.map((item) => (
          <div
            key={item.key}
            className="cc-photo-cell"
            data-testid="photo-item"
            data-status={item.status}
            data-photo-id={item.photo?.id}
          >
            <img src={item.photo?.urls.thumb ?? item.previewUrl} alt={item.name} />
            {item.status === 'uploading' ? (
              <div className="cc-photo-overlay">
                <Progress type="circle" percent={item.progress} size={40} strokeColor="#fff" />
              </div>
            ) : null}
            {item.status === 'error' ? (
              <div className="cc-photo-overlay cc-photo-overlay-error">
                <Tooltip title={item.error}>
                  <WarningOutlined style={{ fontSize: 18 }} />
                </Tooltip>
                <Button
                  size="small"
                  icon={<ReloadOutlined />}
                  onClick={() => uploads.retry(item.key)}
                  aria-label={t('cases.photos.retry')}
                />
              </div>
            ) : null}
            <button
              type="button"
              className="cc-photo-remove"
              aria-label={t('cases.photos.remove')}
              onClick={() => uploads.remove(item.key)}
              data-testid="photo-remove"
            >
              <CloseOutlined />
            </button>
          </div>
        ))}
      </div>
      <Space wrap style={{ marginTop: uploads.items.length ? 8 : 0 }}>
        <Button
          icon={<CameraOutlined />}
          size="large"
          disabled={isFull}
          onClick={() => cameraRef.current?.click()}
        >
          {t('cases.photos.take')}
        </Button>
        <Button
          icon={<PictureOutlined />}
          size="large"
          disabled={isFull}
          onClick={() => albumRef.current?.click()}
        >
          {t('cases.photos.pick')}
        </Button>
      </Space>
      <input
        ref={cameraRef}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(event) => onPick(event.currentTarget)}
      />
      <input
        ref={albumRef}
        type="file"
        accept="image/*"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-album`}
        onChange={(event) => onPick(event.currentTarget)}
      />
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('cases.photos.hint', { max })}
        </Typography.Text>
      </div>
      {error ? (
        <Typography.Text type="danger" data-testid={`${testId}-error`}>
          {error}
        </Typography.Text>
      ) : null}
    </div>
  );
}
