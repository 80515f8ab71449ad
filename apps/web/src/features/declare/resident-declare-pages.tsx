import { FileAddOutlined, RightOutlined } from '@ant-design/icons';
import type {
  DeclareAnswer as DeclarationReceipt,
  DeclarationRow,
  DeclarationStatus,
  ResidentMe,
} from '@cc/contracts';
import { Alert, Button, Card, Empty, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, api, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { isMobileInput } from '../resident-app';
import { declareForGuest, listMyDeclarations } from './declare-api';
import { HealthFields, PersonAndJourneyFields, StayFields } from './declare-fields';
import {
  DECLARATION_FIELDS,
  INITIAL_VALUES,
  fieldOfServerPath,
  toDeclarationBody,
  type DeclarationValues,
} from './declare-rules';
import { ReceiptView } from './declaration-receipt';
import { useSubmitProblem } from './use-submit-problem';
import './declare.css';

/** The resident's verified rooms (today one: the verified home of /api/residents/me). */
function useMyRooms() {
  const me = useRequest(
    (signal) =>
      api.get<ResidentMe>('/api/residents/me', undefined, signal).catch((e: unknown) => {
        // 404: no home asked for yet, so none verified
        if (e instanceof ApiError && e.status === 404) return { link: null, request: null };
        throw e;
      }),
    [],
  );
  const link = me.data?.link?.status === 'verified' ? me.data.link : null;
  return { ...me, rooms: link ? [{ id: link.roomId, label: link.roomLabel }] : [] };
}

/** /r/declare — a verified resident declares for a guest staying in their home. */
export function ResidentDeclarePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<DeclarationValues>();
  const mine = useMyRooms();
  const [receipt, setReceipt] = useState<DeclarationReceipt>();
  const [isSending, setIsSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const problemOf = useSubmitProblem();

  if (mine.error && !mine.data) return <LoadError error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <PageSpin />;

  const submit = async (values: DeclarationValues) => {
    setIsSending(true);
    setProblem(undefined);
    try {
      const { code: _none, ...body } = toDeclarationBody(values);
      setReceipt(await declareForGuest(body));
      form.resetFields();
      window.scrollTo(0, 0);
    } catch (cause) {
      if (!showServerFieldError(form, cause, DECLARATION_FIELDS, { toName: fieldOfServerPath }))
        setProblem(problemOf(cause));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="cc-declare-resident" data-testid="resident-declare-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('declare.resident.title')}
        </Typography.Title>
        <Link to="/r/declare/mine" data-testid="declare-mine-link">
          {t('declare.resident.mine')} <RightOutlined />
        </Link>
      </Space>
      {mine.rooms.length === 0 ? (
        <Alert
          type="info"
          showIcon
          title={t('declare.resident.needVerify')}
          data-testid="declare-verify-prompt"
          action={
            <Button size="small" type="primary" onClick={() => void navigate('/r/verify')}>
              {t('declare.resident.goVerify')}
            </Button>
          }
        />
      ) : receipt ? (
        <ReceiptView
          receipt={receipt}
          onAgain={() => setReceipt(undefined)}
          extra={
            <Button
              block
              size="large"
              type="primary"
              onClick={() => void navigate('/r/declare/mine')}
            >
              {t('declare.resident.mine')}
            </Button>
          }
        />
      ) : (
        <Card size="small">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('declare.resident.intro')}
          </Typography.Paragraph>
          <Form<DeclarationValues>
            form={form}
            layout="vertical"
            noValidate
            requiredMark={false}
            initialValues={{ ...INITIAL_VALUES, roomId: mine.rooms[0]?.id }}
            scrollToFirstError={{ block: 'center' }}
            onFinish={(values) => void submit(values)}
            data-testid="declare-form"
          >
            <Form.Item
              name="phone"
              label={t('declare.fields.phoneGuest')}
              rules={[
                { required: true, whitespace: true, message: t('residentApp.phone.required') },
                {
                  validator: (_rule, value: string | undefined) =>
                    !value || isMobileInput(value)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('residentApp.phone.rule'))),
                },
              ]}
            >
              <Input
                size="large"
                inputMode="tel"
                maxLength={20}
                autoComplete="off"
                data-testid="declare-phone"
              />
            </Form.Item>
            <PersonAndJourneyFields />
            <Typography.Title level={5}>{t('declare.sections.stay')}</Typography.Title>
            <Form.Item
              name="roomId"
              label={t('declare.resident.myRoom')}
              rules={[{ required: true, message: t('declare.rules.roomRequired') }]}
            >
              <Select
                size="large"
                options={mine.rooms.map((r) => ({ value: r.id, label: r.label }))}
                data-testid="declare-room"
              />
            </Form.Item>
            <StayFields />
            <Typography.Title level={5}>{t('declare.sections.health')}</Typography.Title>
            <HealthFields prefix={['health']} testIdPrefix="declare" />
            {problem ? (
              <Alert
                type="error"
                showIcon
                title={problem}
                style={{ marginBottom: 16 }}
                data-testid="declare-problem"
              />
            ) : null}
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={isSending}
              data-testid="declare-submit"
            >
              {t('declare.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}

const STATUS_COLORS: Record<DeclarationStatus, string> = {
  submitted: 'blue',
  accepted: 'green',
  more_info: 'orange',
  duplicate: 'default',
};

function MyDeclarationCard({ d }: { d: DeclarationRow }) {
  const { t } = useTranslation();
  const place = d.origin.path
    ? d.origin.path.endsWith(d.origin.name)
      ? d.origin.path
      : `${d.origin.path} ${d.origin.name}`
    : d.origin.name;
  return (
    <Card size="small" data-testid="my-declaration" data-reference={d.reference}>
      <Space size={4} wrap style={{ marginBottom: 4 }}>
        <Tag color={STATUS_COLORS[d.status]}>{t(`declare.resident.status.${d.status}`)}</Tag>
        {d.keyRegion ? (
          <Tag color={d.keyRegion.level === 'high' ? 'red' : 'orange'}>
            {t(`declare.receipt.levels.${d.keyRegion.level}`)} · {d.keyRegion.name}
          </Tag>
        ) : null}
      </Space>
      <Typography.Text strong style={{ display: 'block' }}>
        {d.name} · {place}
      </Typography.Text>
      <Space size={12} wrap style={{ fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>
        <span>{t('declare.resident.arrival', { date: d.arrivalDate })}</span>
        <span>{d.room.label}</span>
        <span>
          {t('declare.receipt.reference')} {d.reference}
        </span>
        <span>{shanghaiDateTime(d.createdAt)}</span>
      </Space>
    </Card>
  );
}

/** /r/declare/mine — the declarations this resident made for guests, newest first. */
export function MyDeclarationsPage() {
  const { t } = useTranslation();
  const list = useRequest((signal) => listMyDeclarations(signal), []);
  const items = list.data?.items ?? [];
  return (
    <div className="cc-declare-resident" data-testid="my-declarations-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('declare.resident.mine')}
        </Typography.Title>
        <Link to="/r/declare" data-testid="declare-new-link">
          <FileAddOutlined /> {t('declare.resident.new')}
        </Link>
      </Space>
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} isCompact />
      ) : !list.data ? (
        <PageSpin />
      ) : items.length === 0 ? (
        <Empty description={t('declare.resident.mineEmpty')} />
      ) : (
        items.map((d) => <MyDeclarationCard key={d.id} d={d} />)
      )}
    </div>
  );
}
