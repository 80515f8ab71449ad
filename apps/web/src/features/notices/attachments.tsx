import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { AttachmentRef } from '@cc/contracts';
import { App, Button, List, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** Attachments as links (the server decides who may download them). */
export function AttachmentList({ items }: { items: AttachmentRef[] }) {
  if (items.length === 0) return null;
  return (
    <List
      size="small"
      dataSource={items}
      data-testid="attachment-list"
      renderItem={(a) => (
        <List.Item>
          <a href={a.url} download={a.name}>
            <PaperClipOutlined /> {a.name}
          </a>
          <span style={{ color: '#888' }}>{sizeOf(a.bytes)}</span>
        </List.Item>
      )}
    />
  );
}

interface UploadProps {
  value: AttachmentRef[];
  onChange: (items: AttachmentRef[]) => void;
  max?: number;
}

/** Upload attachments one by one (PDF, DOCX, XLSX, JPEG, PNG); the server checks each. */
export function AttachmentUpload({ value, onChange, max = 10 }: UploadProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isBusy, setBusy] = useState(false);
  return (
    <div>
      <Upload
        accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
        showUploadList={false}
        disabled={isBusy || value.length >= max}
        customRequest={({ file }) => {
          setBusy(true);
          uploadAttachment(file as File)
            .then((a) => onChange([...value, a]))
            .catch((e: unknown) => message.error(describeError(e, t)))
            .finally(() => setBusy(false));
        }}
      >
        <Button icon={<UploadOutlined />} loading={isBusy} data-testid="attachment-upload">
          {t('notices.editor.upload')}
        </Button>
      </Upload>
      <List
        size="small"
        dataSource={value}
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button
                key="x"
                size="small"
                type="link"
                onClick={() => onChange(value.filter((v) => v.id !== a.id))}
              >
                ×
              </Button>,
            ]}
          >
            <PaperClipOutlined /> {a.name} · {sizeOf(a.bytes)}
          </List.Item>
        )}
      />
    </div>
  );
}
