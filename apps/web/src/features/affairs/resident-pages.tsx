import { FilePdfOutlined, RightOutlined } from '@ant-design/icons';
import type { AffairDetail, AffairService } from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Space,
  Tag,
  Typography,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { AffairAttachmentItems, AffairFieldItems, slotIds, toAnswers } from './affair-form';
import { AffairTimeline, AnswersList, isEnglish, serviceName, StateTag } from './affair-format';
import {
  certificatePdfUrl,
  fileRequest,
  getRequest,
  getServices,
  listRequests,
  supplementRequest,
} from './affairs-api';
import './resident-affairs.css';

function useServices() {
  return useRequest((signal) => getServices(signal), []);
}

function TimeLimit({ s }: { s: AffairService }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {t(s.timeLimit.working ? 'affairs.timeLimit' : 'affairs.timeLimitDays', {
        days: s.timeLimit.days,
      })}
    </Typography.Text>
  );
}

/** /r/affairs: the catalogue of the committee's services, and a way to my requests. */
export function AffairsCataloguePage() {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const services = useServices();
  if (services.error) return <LoadError error={services.error} onRetry={services.reload} />;
  if (!services.data) return <PageSpin />;
  return (
    <div className="cc-affairs-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('affairs.catalogue')}
        </Typography.Title>
        <Link to="/r/affairs/mine" data-testid="affairs-mine-link">
          {t('affairs.mine')} <RightOutlined />
        </Link>
      </Space>
      <Typography.Text type="secondary">{t('affairs.catalogueHelp')}</Typography.Text>
      {services.data.services.map((s) => (
        <Link
          key={s.code}
          to={`/r/affairs/new/${s.code}`}
          className="cc-affairs-card-link"
          data-testid={`affair-service-${s.code}`}
        >
          <Card size="small" hoverable title={en ? s.nameEn : s.name}>
            <Typography.Paragraph style={{ marginBottom: 6 }}>
              {en ? s.descriptionEn : s.description}
            </Typography.Paragraph>
            <Space wrap size={4}>
              <TimeLimit s={s} />
              {s.outcome.kind === 'certificate' && (
                <Tag color="green">{t('affairs.issuesCertificate')}</Tag>
              )}
              {s.outcome.kind === 'case' && <Tag color="purple">{t('affairs.becomesCase')}</Tag>}
            </Space>
          </Card>
        </Link>
      ))}
    </div>
  );
}

/** /r/affairs/new/:code: the service's form, rendered from its field definitions. */
export function NewAffairPage() {
  const { code } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const services = useServices();
  const [files, setFiles] = useState<Record<string, UploadFile[]>>({});
  const [problem, setProblem] = useState<{ text: string; isUnverified: boolean } | null>(null);
  const [isSending, setIsSending] = useState(false);
  if (services.error) return <LoadError error={services.error} onRetry={services.reload} />;
  if (!services.data) return <PageSpin />;
  const service = services.data.services.find((s) => s.code === code);
  if (!service) return <Empty style={{ marginTop: 48 }} />;
  const en = isEnglish(i18n.language);

  async function send(values: { answers?: Record<string, unknown> }) {
    const attachments = slotIds(files);
    const missing = service!.attachments.find((a) => a.required && !attachments[a.code]);
    if (missing) {
      setProblem({
        text: t('affairs.requiredFile', { name: en ? missing.nameEn : missing.name }),
        isUnverified: false,
      });
      return;
    }
    setIsSending(true);
    setProblem(null);
    try {
      const filed = await fileRequest({
        service: service!.code,
        answers: toAnswers(service!.fields, values.answers),
        attachments,
      });
      void message.success(t('affairs.submitted'));
      void navigate(`/r/affairs/${filed.id}`, { replace: true });
    } catch (error) {
      const shown = showServerFieldError(form, error, ['answers']);
      if (!shown) {
        setProblem({
          text: describeError(error, t),
          isUnverified: error instanceof ApiError && error.status === 403,
        });
      }
    } finally {
      setIsSending(false);
    }
  }

  return (
    <div className="cc-affairs-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {en ? service.nameEn : service.name}
      </Typography.Title>
      <Typography.Text type="secondary">
        {en ? service.descriptionEn : service.description}
      </Typography.Text>
      <TimeLimit s={service} />
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem.isUnverified ? t('affairs.needVerify') : problem.text}
          action={
            problem.isUnverified ? <Link to="/r/me">{t('affairs.goVerify')}</Link> : undefined
          }
          data-testid="affair-problem"
        />
      )}
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={send} data-testid="affair-form">
          <AffairFieldItems fields={service.fields} />
          {service.attachments.length > 0 && (
            <>
              <Typography.Text strong>{t('affairs.attachments')}</Typography.Text>
              <AffairAttachmentItems
                specs={service.attachments}
                value={files}
                onChange={setFiles}
              />
            </>
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={isSending}
            data-testid="affair-submit"
          >
            {t('affairs.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** /r/affairs/mine: the resident's own requests, newest first. */
export function MyAffairsPage() {
  const { t, i18n } = useTranslation();
  const list = useRequest((signal) => listRequests({ mine: true, pageSize: 50 }, signal), []);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageSpin />;
  return (
    <div className="cc-affairs-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('affairs.mine')}
      </Typography.Title>
      {list.data.items.length === 0 && <Empty description={t('affairs.empty')} />}
      {list.data.items.map((r) => (
        <Link
          key={r.id}
          to={`/r/affairs/${r.id}`}
          className="cc-affairs-card-link"
          data-testid="my-affair"
        >
          <Card size="small" hoverable>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>{serviceName(r, i18n.language)}</Typography.Text>
              <StateTag state={r.state} />
            </Space>
            <div>
              <Typography.Text type="secondary">
                {r.number} · {shanghaiDateTime(r.createdAt)}
              </Typography.Text>
            </div>
          </Card>
        </Link>
      ))}
    </div>
  );
}

function SupplementCard({
  detail,
  service,
  onDone,
}: {
  detail: AffairDetail;
  service?: AffairService;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<Record<string, UploadFile[]>>({});
  const [isSending, setIsSending] = useState(false);
  async function send(values: { message: string; answers?: Record<string, unknown> }) {
    setIsSending(true);
    try {
      await supplementRequest(detail.id, {
        message: values.message,
        answers: service ? toAnswers(service.fields, values.answers) : undefined,
        attachments: slotIds(files),
      });
      void message.success(t('affairs.done'));
      onDone();
    } catch (error) {
      if (!showServerFieldError(form, error, ['answers', 'message'])) {
        void message.error(describeError(error, t));
      }
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Card size="small" title={t('affairs.supplement')}>
      <Form form={form} layout="vertical" onFinish={send} data-testid="affair-supplement-form">
        <Form.Item
          name="message"
          label={t('affairs.supplementMessage')}
          rules={[
            {
              required: true,
              message: t('affairs.required', { name: t('affairs.supplementMessage') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {service && <AffairFieldItems fields={service.fields} onlyOptional />}
        {service && service.attachments.length > 0 && (
          <AffairAttachmentItems
            specs={service.attachments}
            value={files}
            onChange={setFiles}
            onlyOptional
          />
        )}
        <Button type="primary" htmlType="submit" block loading={isSending}>
          {t('affairs.supplement')}
        </Button>
      </Form>
    </Card>
  );
}

/** /r/affairs/:id: the state, what staff asked, the timeline, and the certificate once issued. */
export function MyAffairPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const detail = useRequest((signal) => getRequest(id, signal), [id]);
  const services = useServices();
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const d = detail.data;
  const service = services.data?.services.find((s) => s.code === d.service);
  return (
    <div className="cc-affairs-page" data-testid="my-affair-detail">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {serviceName(d, i18n.language)}
        </Typography.Title>
        <StateTag state={d.state} />
      </Space>
      <Typography.Text type="secondary">
        {t('affairs.number')} {d.number} · {t('affairs.dueAt')} {shanghaiDateTime(d.dueAt)}
      </Typography.Text>
      {d.pendingQuestion && (
        <Alert
          type="warning"
          showIcon
          message={t('affairs.question')}
          description={d.pendingQuestion}
        />
      )}
      {d.certificateId && (
        <Card
          size="small"
          title={t('affairs.certificate')}
          extra={
            d.certificateRevokedAt && (
              <Tag color="red" data-testid="affair-certificate-revoked">
                {t('affairs.certificateRevoked')}
              </Tag>
            )
          }
        >
          <Space direction="vertical">
            {d.certificateRevokedAt && (
              <Alert
                type="error"
                showIcon
                message={t('affairs.certificateRevokedHelp', {
                  at: shanghaiDateTime(d.certificateRevokedAt),
                })}
              />
            )}
            <a
              href={certificatePdfUrl(d.certificateId)}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="affair-certificate-pdf"
            >
              <FilePdfOutlined /> {t('affairs.downloadCertificate')}
            </a>
            {d.certificateCode && (
              <Link to={`/verify/${d.certificateCode}`} data-testid="affair-verify-link">
                {t('affairs.verifyCertificate')}
              </Link>
            )}
          </Space>
        </Card>
      )}
      {d.caseNumber && (
        <Typography.Text>
          {t('affairs.caseNumber')} {d.caseNumber}
        </Typography.Text>
      )}
      {d.actions.includes('supplement') && (
        <SupplementCard detail={d} service={service} onDone={detail.reload} />
      )}
      <Card size="small" title={t('affairs.answers')}>
        <AnswersList detail={d} service={service} />
        {d.attachments.map((a) => (
          <div key={a.id}>
            <a href={a.url} target="_blank" rel="noopener noreferrer">
              {a.name}
            </a>
          </div>
        ))}
      </Card>
      <Card size="small" title={t('affairs.timeline')}>
        <AffairTimeline detail={d} />
      </Card>
    </div>
  );
}
