import { PlusOutlined } from '@ant-design/icons';
import { DAILY_LOG_PHOTOS_MAX, type DailyLog, type DailyLogKind } from '@cc/contracts';
import {
  Alert,
  Button,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { bodyProblem } from './daily-log-rules';
import { postDailyLog } from './daily-logs-api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

interface Values {
  committeeCode: string;
  kind: DailyLogKind;
  body: string;
}

// a refused photo (attachmentIds) is said above the form
const FIELDS = ['committeeCode', 'kind', 'body'] as const;

export interface LogComposerProps {
  /** where the person may post, and the kinds there */
  targets: { code: string; name: string; kinds: DailyLogKind[] }[];
  /** the committee to start with (default: the first target) */
  committeeCode?: string;
  onPosted: (log: DailyLog) => void;
  onCancel?: () => void;
}

/**
 * 写日志: the committee (when there are several), the kind (those the person may post), the
 * text (ID and mobile numbers are masked by the server on publish) and photos, uploaded one
 * by one as they are picked (JPEG / PNG; the server checks each by its content).
 */
export function LogComposer({ targets, committeeCode, onPosted, onCancel }: LogComposerProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [isSending, setSending] = useState(false);
  const first = targets.find((x) => x.code === committeeCode) ?? targets[0];
  const chosen = Form.useWatch('committeeCode', form) ?? first?.code;
  const kinds = targets.find((x) => x.code === chosen)?.kinds ?? [];

  const upload = (options: UploadRequestOption) => {
    uploadAttachment(options.file as File).then(
      (ref) => options.onSuccess?.(ref),
      (e: unknown) => options.onError?.(new Error(describeError(e, t))),
    );
  };

  async function submit(values: Values) {
    setSending(true);
    setError(undefined);
    try {
      const log = await postDailyLog({
        committeeCode: values.committeeCode,
        kind: values.kind,
        body: values.body.trim(),
        attachmentIds: photos
          .filter((f) => f.status === 'done')
          .map((f) => (f.response as { id: string }).id),
      });
      form.resetFields(['body']);
      setPhotos([]);
      onPosted(log);
    } catch (cause) {
      if (!showServerFieldError(form, cause, FIELDS)) setError(describeError(cause, t));
    } finally {
      setSending(false);
    }
  }

  if (!first) return <Alert type="info" showIcon message={t('dailyLogs.noAuthorship')} />;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ committeeCode: first.code, kind: first.kinds[0] }}
      onFinish={(v) => void submit(v)}
      data-testid="daily-log-form"
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="committeeCode"
        label={t('dailyLogs.postAs')}
        hidden={targets.length < 2}
        rules={[{ required: true }]}
      >
        <Select
          options={targets.map((x) => ({ value: x.code, label: x.name }))}
          onChange={(code: string) =>
            form.setFieldValue('kind', targets.find((x) => x.code === code)?.kinds[0])
          }
          data-testid="daily-log-committee"
        />
      </Form.Item>
      <Form.Item name="kind" label={t('dailyLogs.kind')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="daily-log-kind">
          {kinds.map((k) => (
            <Radio.Button key={k} value={k}>
              {/* on the label: antd puts a testid of the button on its hidden input */}
              <span data-testid={`daily-log-kind-${k}`}>{t(`dailyLogs.kinds.${k}`)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="body"
        label={t('dailyLogs.body')}
        extra={t('dailyLogs.maskingNote')}
        rules={[
          {
            validator: async (_rule, value: string | undefined) => {
              const problem = bodyProblem(value ?? '');
              if (problem?.key === 'required') throw new Error(t('dailyLogs.bodyRequired'));
              if (problem?.key === 'tooLong')
                throw new Error(t('dailyLogs.bodyTooLong', { max: problem.max }));
            },
          },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          placeholder={t('dailyLogs.bodyPlaceholder')}
          data-testid="daily-log-body"
        />
      </Form.Item>
      <Form.Item
        label={t('dailyLogs.photos')}
        extra={t('dailyLogs.photoHelp', { max: DAILY_LOG_PHOTOS_MAX })}
      >
        <div data-testid="daily-log-photo-upload">
          <Upload
            listType="picture-card"
            accept=".jpg,.jpeg,.png"
            fileList={photos}
            maxCount={DAILY_LOG_PHOTOS_MAX}
            customRequest={upload}
            onChange={({ fileList }) => setPhotos(fileList)}
          >
            {photos.length < DAILY_LOG_PHOTOS_MAX && (
              <button type="button" style={{ border: 0, background: 'none' }}>
                <PlusOutlined />
                <div style={{ marginTop: 4 }}>{t('dailyLogs.addPhoto')}</div>
              </button>
            )}
          </Upload>
        </div>
      </Form.Item>
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          loading={isSending}
          disabled={photos.some((f) => f.status === 'uploading')}
          data-testid="daily-log-submit"
        >
          {t('dailyLogs.submit')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('dailyLogs.cancel')}</Button>}
      </Space>
    </Form>
  );
}
