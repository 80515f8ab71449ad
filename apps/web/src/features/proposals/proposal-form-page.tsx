import { LeftOutlined } from '@ant-design/icons';
import {
  PROPOSAL_BODY_MAX,
  PROPOSAL_CATEGORIES,
  PROPOSAL_TITLE_MAX,
  PROPOSAL_TITLE_MIN,
  type ProposalCategory,
  type ProposalDetail,
  type ProposalPlace,
} from '@cc/contracts';
import { Alert, App, Button, Card, Form, Input, Select, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, getMyHome, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { asUploadFiles, photoIds, PhotoUpload } from './photo-upload';
import { PlacePicker } from './place-picker';
import { editProposal, getProposal, submitProposal } from './proposals-api';
import { VerifyPrompt } from './verify-prompt';
import './proposals.css';

interface Values {
  title: string;
  body: string;
  category: ProposalCategory;
}

const FIELDS = ['title', 'body', 'category'];

/** The form of a proposal: new (no `initial`) or an edit of the author's own. */
function ProposalForm({
  committeeCode,
  initial,
}: {
  committeeCode: string | null;
  initial?: ProposalDetail;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadFile[]>(() => asUploadFiles(initial?.photos ?? []));
  const [place, setPlace] = useState<ProposalPlace | null>(initial?.place ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function send(values: Values) {
    setIsSending(true);
    setProblem(null);
    const body = {
      title: values.title.trim(),
      body: values.body,
      category: values.category,
      attachmentIds: photoIds(photos),
      place,
    };
    try {
      const saved = initial ? await editProposal(initial.id, body) : await submitProposal(body);
      void message.success(t(initial ? 'proposals.form.saved' : 'proposals.form.submitted'));
      void navigate(`/r/together/proposals/${saved.id}`, { replace: true });
    } catch (error) {
      if (!showServerFieldError(form, error, FIELDS)) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  const isUploading = photos.some((f) => f.status === 'uploading');
  return (
    <Card size="small">
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem}
          style={{ marginBottom: 12 }}
          data-testid="proposal-form-problem"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={send}
        initialValues={
          initial ? { title: initial.title, body: initial.body, category: initial.category } : {}
        }
        data-testid="proposal-form"
      >
        <Form.Item
          name="title"
          label={t('proposals.form.title')}
          extra={t('proposals.form.titleHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: PROPOSAL_TITLE_MIN,
              max: PROPOSAL_TITLE_MAX,
              message: t('proposals.form.titleRequired'),
            },
          ]}
        >
          <Input maxLength={PROPOSAL_TITLE_MAX} data-testid="proposal-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('proposals.form.body')}
          extra={t('proposals.form.bodyHelp')}
          rules={[{ required: true, whitespace: true, message: t('proposals.form.bodyRequired') }]}
        >
          <Input.TextArea
            rows={5}
            maxLength={PROPOSAL_BODY_MAX}
            showCount
            data-testid="proposal-body"
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('proposals.form.category')}
          rules={[{ required: true, message: t('proposals.form.categoryRequired') }]}
        >
          <Select
            data-testid="proposal-category"
            options={PROPOSAL_CATEGORIES.map((c) => ({
              value: c,
              label: t(`proposals.category.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('proposals.form.photos')} extra={t('proposals.form.photosHelp')}>
          <PhotoUpload value={photos} onChange={setPhotos} />
        </Form.Item>
        <Form.Item label={t('proposals.form.place')}>
          <PlacePicker committeeCode={committeeCode} value={place} onChange={setPlace} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={isSending}
          disabled={isUploading}
          data-testid="proposal-submit"
        >
          {t(initial ? 'proposals.form.save' : 'proposals.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function BackLink({ to }: { to: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<LeftOutlined />}
      onClick={() => void navigate(to)}
      style={{ paddingLeft: 0, alignSelf: 'flex-start' }}
    >
      {t('proposals.detail.back')}
    </Button>
  );
}

/** /r/together/proposals/new: a verified resident proposes to the committee. */
export function NewProposalPage() {
  const { t } = useTranslation();
  const home = useRequest((signal) => getMyHome(signal), []);
  if (!home.data) return <PageSpin />;
  const isVerified = home.data.state === 'verified' || home.data.state === 'unknown';
  return (
    <div className="cc-proposals-page">
      <BackLink to="/r/together" />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('proposals.form.titleNew')}
      </Typography.Title>
      {isVerified ? (
        <ProposalForm committeeCode={home.data.committeeCode} />
      ) : (
        <VerifyPrompt home={home.data.state} />
      )}
    </div>
  );
}

/** /r/together/proposals/:id/edit: the author edits it while nobody else supports it. */
export function EditProposalPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useRequest((signal) => getProposal(id, signal), [id]);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const d = detail.data;
  return (
    <div className="cc-proposals-page">
      <BackLink to={`/r/together/proposals/${d.id}`} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('proposals.form.titleEdit')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('proposals.form.editHelp')}</Typography.Text>
      {d.canEdit ? (
        <ProposalForm committeeCode={d.committeeCode} initial={d} />
      ) : (
        <Alert type="warning" showIcon message={t('proposals.form.editHelp')} />
      )}
    </div>
  );
}
