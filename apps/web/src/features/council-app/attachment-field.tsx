import { CloseOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { AttachmentRef } from '@cc/contracts';
import { Button, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';

/**
 * Files uploaded one by one as they are picked (POST /api/attachments: the server checks each
 * by its content); the ids go with the form. Photos show as thumbnails, other files as names.
 * A refusal of the upload is shown in the server's words under the field.
 */
export function AttachmentField({
  value,
  onChange,
  max,
  accept,
  isPhotos = false,
  label,
  testId,
}: {
  value: AttachmentRef[];
  /** a state setter: uploads picked together finish one by one, each adds to the latest list */
  onChange: (update: (items: AttachmentRef[]) => AttachmentRef[]) => void;
  max: number;
  accept: string;
  isPhotos?: boolean;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(0);
  const [problem, setProblem] = useState<string | undefined>();
  const isFull = value.length >= max;
  const remove = (id: string) => onChange((items) => items.filter((v) => v.id !== id));
  return (
    <div data-testid={testId} data-count={value.length}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {value.map((a) =>
          isPhotos && a.kind !== 'pdf' ? (
            <div key={a.id} style={{ position: 'relative', width: 80, height: 80 }}>
              <img
                src={a.url}
                alt={a.name}
                style={{ width: 80, height: 80, objectFit: 'cover', borderRadius: 6 }}
              />
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label={t('councilApp.upload.remove')}
                onClick={() => remove(a.id)}
                style={{ position: 'absolute', top: 2, right: 2 }}
              />
            </div>
          ) : (
            <div
              key={a.id}
              style={{ display: 'flex', alignItems: 'center', gap: 4, width: '100%', minWidth: 0 }}
            >
              <PaperClipOutlined />
              <a
                href={a.url}
                target="_blank"
                rel="noopener noreferrer"
                style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}
              >
                {a.name}
              </a>
              <Button
                size="small"
                type="text"
                icon={<CloseOutlined />}
                aria-label={t('councilApp.upload.remove')}
                onClick={() => remove(a.id)}
              />
            </div>
          ),
        )}
        {!isFull && (
          <Upload
            accept={accept}
            multiple={max - value.length > 1}
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              setBusy((n) => n + 1);
              setProblem(undefined);
              uploadAttachment(file as File)
                .then((a) => {
                  // several picked at once arrive one by one: never more than `max`
                  onChange((items) => [...items, a].slice(0, max));
                  onSuccess?.(a);
                })
                .catch((e: unknown) => {
                  setProblem(describeError(e, t));
                  onError?.(e as Error);
                })
                .finally(() => setBusy((n) => n - 1));
            }}
          >
            {isPhotos ? (
              <button
                type="button"
                style={{
                  width: 80,
                  height: 80,
                  border: '1px dashed #d9d9d9',
                  borderRadius: 6,
                  background: '#fafafa',
                  cursor: 'pointer',
                }}
              >
                <PlusOutlined />
                <div style={{ marginTop: 4, fontSize: 12 }}>{label}</div>
              </button>
            ) : (
              <Button icon={<UploadOutlined />} loading={busy > 0}>
                {label}
              </Button>
            )}
          </Upload>
        )}
      </div>
      {busy > 0 && isPhotos && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('councilApp.upload.uploading')}
        </Typography.Text>
      )}
      {problem && (
        <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
          {problem}
        </Typography.Text>
      )}
    </div>
  );
}
