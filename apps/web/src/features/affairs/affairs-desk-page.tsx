import {
  AFFAIR_STATES,
  type AffairDetail,
  type AffairState,
  type AffairSummary,
} from '@cc/contracts';
import {
  App,
  Button,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { AffairTimeline, AnswersList, serviceName, StateTag } from './affair-format';
import { actOnRequest, getRequest, getServices, listRequests, type StaffStep } from './affairs-api';
import './resident-affairs.css';

const PAGE_SIZE = 20;
/** the steps that need words: the field each asks for */
const WORDS: Partial<Record<StaffStep, 'message' | 'reason' | 'note'>> = {
  ask: 'message',
  refuse: 'reason',
  complete: 'note',
};

function ActionModal({
  step,
  detail,
  onClose,
  onDone,
}: {
  step: StaffStep;
  detail: AffairDetail;
  onClose: () => void;
  onDone: (next: AffairDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [isSending, setIsSending] = useState(false);
  const field = WORDS[step];
  const label =
    step === 'ask'
      ? t('affairs.askMessage')
      : step === 'refuse'
        ? t('affairs.refuseReason')
        : t('affairs.completeNote');
  async function send(values: Record<string, string>) {
    setIsSending(true);
    try {
      const next = await actOnRequest(
        detail.id,
        step,
        field && values[field] ? { [field]: values[field] } : {},
      );
      void message.success(t('affairs.done'));
      onDone(next);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Modal
      open
      title={t(`affairs.${step}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={send} data-testid="affair-action-form">
        {step === 'complete' && detail.actions && (
          <Typography.Paragraph type="secondary">
            {t('affairs.completeCertificate')}
          </Typography.Paragraph>
        )}
        {field && (
          <Form.Item
            name={field}
            label={label}
            rules={[
              {
                required: step !== 'complete',
                whitespace: true,
                message: t('affairs.required', { name: label }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function DetailDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const detail = useRequest((signal) => getRequest(id, signal), [id]);
  const services = useRequest((signal) => getServices(signal), []);
  const [step, setStep] = useState<StaffStep | null>(null);
  const d = detail.data;
  const service = services.data?.services.find((s) => s.code === d?.service);
  const staffSteps = (d?.actions ?? []).filter((a): a is StaffStep => a !== 'supplement');
  return (
    <Drawer
      open
      width={Math.min(560, window.innerWidth)}
      title={t('affairs.detail')}
      onClose={onClose}
      data-testid="affair-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} isCompact /> : null}
      {!d && !detail.error ? <PageSpin /> : null}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {serviceName(d, i18n.language)}
            </Typography.Title>
            <StateTag state={d.state} />
            {d.isOverdue && <Tag color="red">{t('affairs.overdue')}</Tag>}
            {d.isEscalated && <Tag color="volcano">{t('affairs.escalated')}</Tag>}
          </Space>
          <Typography.Text type="secondary">
            {t('affairs.number')} {d.number} · {t('affairs.applicant')} {d.applicantName} ·{' '}
            {t('affairs.dueAt')} {shanghaiDateTime(d.dueAt)}
          </Typography.Text>
          {d.caseNumber && (
            <Typography.Text>
              {t('affairs.caseNumber')} <a href={`/cases/${d.caseId}`}>{d.caseNumber}</a>
            </Typography.Text>
          )}
          {d.certificateId && (
            <Space>
              <a
                href={`/api/certificates/${d.certificateId}/pdf`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('affairs.downloadCertificate')}
              </a>
              {d.certificateRevokedAt && <Tag color="red">{t('affairs.certificateRevoked')}</Tag>}
            </Space>
          )}
          {staffSteps.length > 0 && (
            <Space wrap>
              {staffSteps.map((s) => (
                <Button
                  key={s}
                  type={s === 'accept' || s === 'complete' ? 'primary' : 'default'}
                  danger={s === 'refuse'}
                  onClick={() => setStep(s)}
                  data-testid={`affair-${s}`}
                >
                  {t(`affairs.${s}`)}
                </Button>
              ))}
            </Space>
          )}
          <Typography.Text strong>{t('affairs.answers')}</Typography.Text>
          <AnswersList detail={d} service={service} />
          {d.attachments.map((a) => (
            <div key={a.id}>
              <a href={a.url} target="_blank" rel="noopener noreferrer">
                {a.name}
              </a>
            </div>
          ))}
          <Typography.Text strong>{t('affairs.timeline')}</Typography.Text>
          <AffairTimeline detail={d} />
        </Space>
      )}
      {d && step && (
        <ActionModal
          step={step}
          detail={d}
          onClose={() => setStep(null)}
          onDone={() => {
            setStep(null);
            detail.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

/** 办事受理: the committee's queue of requests by state and deadline, a request's detail, its actions. */
export function AffairsDeskPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<AffairState | undefined>('submitted');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useRequest(
    (signal) => listRequests({ state, page, pageSize: PAGE_SIZE }, signal),
    [state, page],
  );
  return (
    <ListPage testId="affairs-desk" title={t('affairs.nav')}>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Select
            style={{ width: 180 }}
            allowClear
            placeholder={t('affairs.allStates')}
            value={state}
            onChange={(v: AffairState | undefined) => {
              setState(v);
              setPage(1);
            }}
            options={AFFAIR_STATES.map((s) => ({ value: s, label: t(`affairs.state.${s}`) }))}
            data-testid="affairs-state-filter"
          />
        }
      >
        <Table<AffairSummary>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 720 }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: t('affairs.number'), dataIndex: 'number' },
            { title: t('affairs.service'), render: (_, r) => serviceName(r, i18n.language) },
            { title: t('affairs.applicant'), dataIndex: 'applicantName' },
            { title: t('affairs.createdAt'), render: (_, r) => shanghaiDateTime(r.createdAt) },
            {
              title: t('affairs.dueAt'),
              render: (_, r) => (
                <Space size={4}>
                  {shanghaiDateTime(r.dueAt)}
                  {r.isOverdue && <Tag color="red">{t('affairs.overdue')}</Tag>}
                  {r.isEscalated && <Tag color="volcano">{t('affairs.escalated')}</Tag>}
                </Space>
              ),
            },
            { title: t('affairs.detail'), render: (_, r) => <StateTag state={r.state} /> },
          ]}
        />
      </ListCard>
      {openId && (
        <DetailDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
      )}
    </ListPage>
  );
}
