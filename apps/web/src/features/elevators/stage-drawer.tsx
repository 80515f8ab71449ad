import { UploadOutlined } from '@ant-design/icons';
import {
  ELEVATOR_NOTE_MAX,
  ELEVATOR_STAGE_DOCUMENTS_MAX,
  type ElevatorDetail,
  type ElevatorStage,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { updateStage } from './elevators-api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

interface Values {
  plannedOn?: Dayjs | null;
  actualOn?: Dayjs | null;
  note?: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** A stage's planned and actual dates, its note and its documents. */
export function StageDrawer({
  project,
  stage,
  onClose,
  onDone,
}: {
  project: ElevatorDetail;
  stage: ElevatorStage;
  onClose: () => void;
  onDone: (p: ElevatorDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = project.stages.find((x) => x.stage === stage)!;
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>(
    s.documents.map((d) => ({
      uid: d.id,
      name: d.name,
      status: 'done',
      url: d.url,
      response: { id: d.id },
    })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  const upload = (options: UploadRequestOption) => {
    uploadAttachment(options.file as File).then(
      (ref) => options.onSuccess?.(ref),
      (error: unknown) => options.onError?.(new Error(describeError(error, t))),
    );
  };

  async function send(v: Values) {
    setIsSending(true);
    setProblem(null);
    try {
      const next = await updateStage(project.id, stage, {
        plannedOn: day(v.plannedOn),
        actualOn: day(v.actualOn),
        note: v.note?.trim() || null,
        attachmentIds: files
          .filter((f) => f.status === 'done')
          .map((f) => (f.response as { id: string }).id),
      });
      void message.success(t('elevators.saved'));
      onDone(next);
    } catch (error) {
      const shown = showServerFieldError(form, error, ['plannedOn', 'actualOn', 'note']);
      if (!shown) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Drawer
      open
      width={480}
      title={t('elevators.stageEdit', { stage: t(`elevators.stage.${stage}`) })}
      onClose={onClose}
      data-testid="elevator-stage-drawer"
      extra={
        <Button
          type="primary"
          loading={isSending}
          onClick={() => form.submit()}
          data-testid="elevator-stage-save"
        >
          {t('elevators.save')}
        </Button>
      }
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void send(v)}
        initialValues={{
          plannedOn: s.plannedOn ? dayjs(s.plannedOn) : null,
          actualOn: s.actualOn ? dayjs(s.actualOn) : null,
          note: s.note ?? '',
        }}
      >
        <Form.Item name="plannedOn" label={t('elevators.field.plannedOn')}>
          <DatePicker data-testid="elevator-stage-planned" />
        </Form.Item>
        <Form.Item
          name="actualOn"
          label={t('elevators.field.actualOn')}
          extra={t('elevators.hint.actualOn')}
        >
          <DatePicker
            disabled={!s.enteredAt}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="elevator-stage-actual"
          />
        </Form.Item>
        <Form.Item name="note" label={t('elevators.field.note')}>
          <Input.TextArea
            rows={4}
            maxLength={ELEVATOR_NOTE_MAX}
            showCount
            data-testid="elevator-stage-note"
          />
        </Form.Item>
        <Form.Item label={t('elevators.field.documents')} extra={t('elevators.hint.documents')}>
          <Upload
            accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
            fileList={files}
            maxCount={ELEVATOR_STAGE_DOCUMENTS_MAX}
            customRequest={upload}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<UploadOutlined />} data-testid="elevator-stage-upload">
              {t('elevators.upload')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
