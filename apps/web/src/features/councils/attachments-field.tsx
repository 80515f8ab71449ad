import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { AttachmentRef } from '@cc/contracts';
import { App, Button, Image, List, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/**
 * Files uploaded one at a time as media attachments (photos, PDFs; the server checks each by
 * its content), their ids then sent with the form. The box with `testId` holds the file
 * input. Form.Item passes `value` and `onChange`.
 */
export function AttachmentsField({
  value = [],
  onChange,
  max = 10,
  accept = '.jpg,.jpeg,.png,.pdf',
  buttonText,
  testId,
}: {
  value?: AttachmentRef[];
  onChange?: (items: AttachmentRef[]) => void;
  max?: number;
  accept?: string;
  buttonText: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isBusy, setBusy] = useState(false);
  return (
    <div data-testid={testId} data-count={value.length}>
      <Upload
        accept={accept}
        showUploadList={false}
        disabled={isBusy || value.length >= max}
        customRequest={({ file }) => {
          setBusy(true);
          uploadAttachment(file as File)
            .then((a) => onChange?.([...value, a]))
            .catch((e: unknown) => message.error(describeError(e, t)))
            .finally(() => setBusy(false));
        }}
      >
        <Button icon={<UploadOutlined />} loading={isBusy} disabled={value.length >= max}>
          {buttonText}
        </Button>
      </Upload>
      {value.length > 0 ? (
        <List
          size="small"
          dataSource={value}
          renderItem={(a) => (
            <List.Item
              data-testid={`${testId}-item`}
              actions={[
                <Button
                  key="remove"
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('councils.attachment.remove')}
                  onClick={() => onChange?.(value.filter((v) => v.id !== a.id))}
                />,
              ]}
            >
              <PaperClipOutlined /> {a.name} · {sizeOf(a.bytes)}
            </List.Item>
          )}
        />
      ) : null}
    </div>
  );
}

/** Attachments to read: photos as thumbnails (click to enlarge), other files as links. */
export function AttachmentLinks({
  items,
  testId,
  thumb = 72,
}: {
  items: readonly AttachmentRef[];
  testId?: string;
  thumb?: number;
}) {
  if (items.length === 0) return null;
  const photos = items.filter((a) => a.kind === 'jpeg' || a.kind === 'png');
  const files = items.filter((a) => a.kind !== 'jpeg' && a.kind !== 'png');
  return (
    <Space direction="vertical" size={4} data-testid={testId}>
      {photos.length > 0 ? (
        <Image.PreviewGroup>
          <Space wrap size={4}>
            {photos.map((a) => (
              <Image
                key={a.id}
                src={a.url}
                alt={a.name}
                width={thumb}
                height={thumb}
                style={{ objectFit: 'cover' }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      {files.map((a) => (
        <a key={a.id} href={a.url} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {a.name} · {sizeOf(a.bytes)}
        </a>
      ))}
    </Space>
  );
}
