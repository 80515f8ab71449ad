import { PlusOutlined } from '@ant-design/icons';
import { PROPOSAL_MAX_PHOTOS, type AttachmentRef } from '@cc/contracts';
import { Upload, type UploadFile, type UploadProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

/** Photos already stored (when editing) as the upload list shows them. */
export function asUploadFiles(photos: AttachmentRef[]): UploadFile[] {
  return photos.map((p) => ({
    uid: p.id,
    name: p.name,
    status: 'done',
    url: p.url,
    thumbUrl: p.url,
    response: p,
  }));
}

/** The ids of the photos uploaded (still uploading or failed ones are left out). */
export function photoIds(files: UploadFile[]): string[] {
  return files.filter((f) => f.status === 'done').map((f) => (f.response as { id: string }).id);
}

/** Photos uploaded one by one as they are picked (the server checks each by its content). */
export function PhotoUpload({
  value,
  onChange,
}: {
  value: UploadFile[];
  onChange: (files: UploadFile[]) => void;
}) {
  const { t } = useTranslation();
  const upload = (options: UploadRequestOption) => {
    uploadAttachment(options.file as File).then(
      (ref) => options.onSuccess?.(ref),
      (error: unknown) => options.onError?.(new Error(describeError(error, t))),
    );
  };
  return (
    <div data-testid="proposal-photo-upload">
      <Upload
        listType="picture-card"
        accept=".jpg,.jpeg,.png"
        fileList={value}
        maxCount={PROPOSAL_MAX_PHOTOS}
        customRequest={upload}
        onChange={({ fileList }) => onChange(fileList)}
      >
        {value.length < PROPOSAL_MAX_PHOTOS && (
          <button type="button" style={{ border: 0, background: 'none' }}>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>{t('proposals.form.upload')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}
