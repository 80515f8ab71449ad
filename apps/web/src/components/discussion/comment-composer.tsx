import { CloseOutlined, PictureOutlined } from '@ant-design/icons';
import { COMMENT_BODY_MAX, COMMENT_PHOTOS_MAX, type UploadedAttachment } from '@cc/contracts';
import { App, Button, Image, Input, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';

/** Text (1–2000 characters) and up to nine photos; the server masks ID and phone numbers. */
export function Composer({
  onPost,
  onCancel,
  placeholder,
  autoFocus,
  testId,
}: {
  onPost: (body: string, photoIds: string[]) => Promise<void>;
  onCancel?: () => void;
  placeholder?: string;
  autoFocus?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<UploadedAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [sending, setSending] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    setUploading(true);
    try {
      for (const f of Array.from(files).slice(0, COMMENT_PHOTOS_MAX - photos.length)) {
        const p = await uploadAttachment(f);
        setPhotos((old) => [...old, p]);
      }
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const send = async () => {
    if (!body.trim()) return;
    setSending(true);
    try {
      await onPost(
        body,
        photos.map((p) => p.id),
      );
      setBody('');
      setPhotos([]);
      void message.success(t('discussion.sent'));
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="comment-composer" data-testid={testId} style={{ marginBottom: 12 }}>
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={placeholder ?? t('discussion.placeholder')}
        maxLength={COMMENT_BODY_MAX}
        showCount
        autoSize={{ minRows: 2, maxRows: 6 }}
        autoFocus={autoFocus}
        data-testid={`${testId}-input`}
      />
      {photos.length > 0 && (
        <Space size={6} wrap style={{ marginTop: 8 }}>
          {photos.map((p) => (
            <span key={p.id} style={{ position: 'relative', display: 'inline-block' }}>
              <Image
                src={p.url}
                alt={p.name}
                width={56}
                height={56}
                style={{ objectFit: 'cover' }}
              />
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label={t('discussion.delete')}
                style={{ position: 'absolute', top: -6, right: -6 }}
                onClick={() => setPhotos((old) => old.filter((x) => x.id !== p.id))}
              />
            </span>
          ))}
        </Space>
      )}
      <Space style={{ marginTop: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <span>
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png"
            multiple
            hidden
            onChange={(e) => void addFiles(e.target.files)}
            data-testid={`${testId}-photo-input`}
          />
          <Button
            icon={<PictureOutlined />}
            loading={uploading}
            disabled={photos.length >= COMMENT_PHOTOS_MAX}
            onClick={() => fileInput.current?.click()}
            title={t('discussion.photosHelp', { max: COMMENT_PHOTOS_MAX })}
          >
            {t('discussion.addPhotos')}
          </Button>
        </span>
        <Space>
          {onCancel && <Button onClick={onCancel}>{t('discussion.cancel')}</Button>}
          <Button
            type="primary"
            loading={sending}
            disabled={!body.trim() || uploading}
            onClick={() => void send()}
            data-testid={`${testId}-submit`}
          >
            {t('discussion.send')}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
