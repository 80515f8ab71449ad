import { UploadOutlined } from '@ant-design/icons';
import { VOTE_CHOICES, type BallotReceipt, type VoteChoice } from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Typography,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment, useRequest } from '../../lib/api';
import { formatArea } from './vote-format';
import { enterPaperBallot, getCampaign } from './votes-api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

interface PaperValues {
  roomId: string;
  choice: VoteChoice;
  note?: string;
}

/**
 * 书面表决: staff enter a signed paper ballot for a unit that has not voted, with the photo of
 * the signed sheet (the server audits every entry and refuses a unit that voted online).
 */
export function PaperBallotCard({ voteId, onDone }: { voteId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaperValues>();
  const [photo, setPhoto] = useState<UploadFile[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<BallotReceipt | null>(null);
  const [isSending, setIsSending] = useState(false);
  const left = useRequest(
    (signal) => getCampaign(voteId, { filter: 'not_voted', limit: 500 }, signal),
    [voteId],
  );
  const photoId = photo.find((f) => f.status === 'done')?.response as { id: string } | undefined;
  const upload = (options: UploadRequestOption) => {
    uploadAttachment(options.file as File).then(
      (ref) => options.onSuccess?.(ref),
      (error: unknown) => options.onError?.(new Error(describeError(error, t))),
    );
  };
  async function send(v: PaperValues) {
    if (!photoId) {
      setProblem(t('votes.paper.photoRule'));
      return;
    }
    setIsSending(true);
    setProblem(null);
    try {
      const r = await enterPaperBallot(voteId, {
        roomId: v.roomId,
        choice: v.choice,
        attachmentId: photoId.id,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      setReceipt(r);
      void message.success(t('votes.paper.done'));
      form.resetFields();
      setPhoto([]);
      left.reload();
      onDone();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Card size="small" title={t('votes.paper.title')} data-testid="vote-paper">
      <Typography.Paragraph type="secondary">{t('votes.paper.help')}</Typography.Paragraph>
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem}
          style={{ marginBottom: 12 }}
          data-testid="paper-error"
        />
      )}
      {left.error ? (
        <Alert
          type="error"
          showIcon
          message={describeError(left.error, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {receipt && (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="paper-receipt"
          message={t('votes.paper.receipt', {
            units: receipt.units.join('、'),
            choice: t(`votes.choice.${receipt.choice}`),
            seq: receipt.seq,
          })}
          description={<Typography.Text code>{receipt.hash}</Typography.Text>}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)}>
        <Form.Item
          name="roomId"
          label={t('votes.paper.unit')}
          rules={[{ required: true, message: t('votes.paper.unitRule') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={left.isLoading}
            placeholder={t('votes.paper.unitPlaceholder')}
            options={(left.data?.items ?? []).map((e) => ({
              value: e.roomId,
              label: `${e.units.join('、')} (${formatArea(e.area)})`,
            }))}
            data-testid="paper-room"
          />
        </Form.Item>
        <Form.Item
          name="choice"
          label={t('votes.paper.choice')}
          rules={[{ required: true, message: t('votes.paper.choiceRule') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={VOTE_CHOICES.map((c) => ({
              value: c,
              label: <span data-testid={`paper-choice-${c}`}>{t(`votes.choice.${c}`)}</span>,
            }))}
            data-testid="paper-choice"
          />
        </Form.Item>
        <Form.Item label={t('votes.paper.photo')} required extra={t('votes.paper.photoHint')}>
          <div data-testid="paper-photo">
            <Upload
              accept=".jpg,.jpeg,.png,.pdf"
              listType="picture"
              maxCount={1}
              fileList={photo}
              customRequest={upload}
              onChange={({ fileList }) => setPhoto(fileList)}
            >
              <Button icon={<UploadOutlined />}>{t('votes.paper.upload')}</Button>
            </Upload>
          </div>
        </Form.Item>
        <Form.Item name="note" label={t('votes.paper.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="paper-note" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={isSending}
          disabled={photo.some((f) => f.status === 'uploading')}
          data-testid="paper-submit"
        >
          {t('votes.paper.submit')}
        </Button>
      </Form>
    </Card>
  );
}
