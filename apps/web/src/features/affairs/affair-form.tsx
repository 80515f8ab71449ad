import { UploadOutlined } from '@ant-design/icons';
import type { AffairAttachmentSpec, AffairField } from '@cc/contracts';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';
import { isEnglish } from './affair-format';
import type { AttachmentSlots } from './affairs-api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

const EXTENSIONS: Record<string, string> = {
  pdf: '.pdf',
  docx: '.docx',
  xlsx: '.xlsx',
  jpeg: '.jpg,.jpeg',
  png: '.png',
};

/** One form item per field of the service, typed as the catalogue says. */
export function AffairFieldItems({
  fields,
  onlyOptional,
}: {
  fields: AffairField[];
  onlyOptional?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  return (
    <>
      {fields.map((f) => {
        const label = en ? f.nameEn : f.name;
        const required = f.required && !onlyOptional;
        const rules = [{ required, message: t('affairs.required', { name: label }) }];
        let control: ReactNode;
        switch (f.type) {
          case 'textarea':
            control = <Input.TextArea rows={4} maxLength={f.maxLength} showCount />;
            break;
          case 'number':
            control = <InputNumber min={f.min} max={f.max} style={{ width: '100%' }} />;
            break;
          case 'date':
            control = <DatePicker style={{ width: '100%' }} inputReadOnly />;
            break;
          case 'select':
            control = (
              <Select
                options={(f.options ?? []).map((o) => ({
                  value: o.value,
                  label: en ? o.nameEn : o.name,
                }))}
              />
            );
            break;
          case 'text':
            control = <Input maxLength={f.maxLength} />;
            break;
        }
        return (
          <Form.Item
            key={f.code}
            name={['answers', f.code]}
            label={label}
            rules={rules}
            extra={en ? f.helpEn : f.help}
            data-testid={`affair-field-${f.code}`}
          >
            {control}
          </Form.Item>
        );
      })}
    </>
  );
}

/** Files of each attachment slot, uploaded as they are picked. */
export function AffairAttachmentItems({
  specs,
  value,
  onChange,
  onlyOptional,
}: {
  specs: AffairAttachmentSpec[];
  value: Record<string, UploadFile[]>;
  onChange: (next: Record<string, UploadFile[]>) => void;
  onlyOptional?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  return (
    <>
      {specs.map((spec) => {
        const label = en ? spec.nameEn : spec.name;
        const max = spec.maxFiles ?? 5;
        const files = value[spec.code] ?? [];
        const upload = (options: UploadRequestOption) => {
          uploadAttachment(options.file as File).then(
            (ref) => options.onSuccess?.(ref),
            (error: unknown) => options.onError?.(new Error(describeError(error, t))),
          );
        };
        return (
          <Form.Item
            key={spec.code}
            label={label}
            required={spec.required && !onlyOptional}
            extra={t('affairs.attachmentTypes', {
              types: spec.types.map((x) => x.toUpperCase()).join(' / '),
              max,
            })}
            data-testid={`affair-attachment-${spec.code}`}
          >
            <Upload
              fileList={files}
              accept={spec.types.map((x) => EXTENSIONS[x]).join(',')}
              maxCount={max}
              customRequest={upload}
              onChange={({ fileList }) => onChange({ ...value, [spec.code]: fileList })}
            >
              {files.length < max && (
                <Button icon={<UploadOutlined />}>{t('affairs.upload')}</Button>
              )}
            </Upload>
          </Form.Item>
        );
      })}
    </>
  );
}

/** The uploaded files' ids by slot (files still uploading or failed are left out). */
export function slotIds(value: Record<string, UploadFile[]>): AttachmentSlots {
  const out: AttachmentSlots = {};
  for (const [code, files] of Object.entries(value)) {
    const ids = files
      .filter((f) => f.status === 'done')
      .map((f) => (f.response as { id: string }).id);
    if (ids.length) out[code] = ids;
  }
  return out;
}

/** Form values → answers: dates as YYYY-MM-DD, empty ones left out. */
export function toAnswers(fields: AffairField[], values: Record<string, unknown> = {}) {
  const out: Record<string, string | number> = {};
  for (const f of fields) {
    const v = values[f.code];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'date') out[f.code] = (v as { format(p: string): string }).format('YYYY-MM-DD');
    else out[f.code] = v as string | number;
  }
  return out;
}
