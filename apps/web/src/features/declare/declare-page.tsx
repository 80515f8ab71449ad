import { CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Form, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { PhoneCodeFields } from '../resident-app';
import { declare, getDeclareForm, listDeclareRooms } from './declare-api';
import { HealthFields, PersonAndJourneyFields, StayFields } from './declare-fields';
import { DeclareFrame, FrameLoading } from './declare-frame';
import {
  DECLARATION_FIELDS,
  INITIAL_VALUES,
  fieldOfServerPath,
  toDeclarationBody,
  type DeclarationValues,
} from './declare-rules';
import type { DeclareAnswer as DeclarationReceipt, DeclareForm } from '@cc/contracts';
import { ReceiptView } from './declaration-receipt';
import { useSubmitProblem } from './use-submit-problem';

/** A forged or replaced QR code: nothing to declare here. */
function InvalidCode() {
  const { t } = useTranslation();
  return (
    <div className="cc-declare-card" data-testid="declare-invalid">
      <Result
        icon={<CloseCircleFilled style={{ color: '#cf1322' }} />}
        title={t('declare.invalid.title')}
        subTitle={t('declare.invalid.body')}
      />
    </div>
  );
}

/** The building and room of the QR code's compound where the person stays. */
function RoomFields({ token, form }: { token: string; form: DeclareForm }) {
  const { t } = useTranslation();
  const instance = Form.useFormInstance<DeclarationValues>();
  const building = Form.useWatch('buildingId', instance);
  const rooms = useRequest(
    (signal) =>
      building ? listDeclareRooms(token, building, signal) : Promise.resolve({ items: [] }),
    [token, building],
  );
  return (
    <>
      <Form.Item
        name="buildingId"
        label={t('declare.fields.building')}
        rules={[{ required: true, message: t('declare.rules.buildingRequired') }]}
      >
        <Select
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          options={form.buildings.map((b) => ({ value: b.id, label: b.name }))}
          onChange={() => instance.setFieldValue('roomId', undefined)}
          data-testid="declare-building"
        />
      </Form.Item>
      <Form.Item
        name="roomId"
        label={t('declare.fields.room')}
        rules={[{ required: true, message: t('declare.rules.roomRequired') }]}
        {...(rooms.error
          ? { validateStatus: 'error' as const, help: describeError(rooms.error, t) }
          : {})}
      >
        <Select
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          disabled={!building}
          loading={rooms.isLoading}
          placeholder={building ? undefined : t('declare.pickBuildingFirst')}
          notFoundContent={building && rooms.data ? t('declare.noRooms') : null}
          options={(rooms.data?.items ?? []).map((r) => ({ value: r.id, label: r.label }))}
          data-testid="declare-room"
        />
      </Form.Item>
    </>
  );
}

function DeclarationForm({
  token,
  form: compound,
  onDone,
  onInvalid,
}: {
  token: string;
  form: DeclareForm;
  onDone: (receipt: DeclarationReceipt) => void;
  onInvalid: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DeclarationValues>();
  const [isSending, setIsSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const problemOf = useSubmitProblem();

  const submit = async (values: DeclarationValues) => {
    setIsSending(true);
    setProblem(undefined);
    try {
      onDone(
        await declare(token, { ...toDeclarationBody(values), code: values.code?.trim() ?? '' }),
      );
      form.resetFields();
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) onInvalid();
      else if (
        !showServerFieldError(form, cause, DECLARATION_FIELDS, { toName: fieldOfServerPath })
      )
        setProblem(problemOf(cause));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="cc-declare-card">
      <Typography.Text type="secondary">{t('declare.title')}</Typography.Text>
      <p className="cc-declare-place" data-testid="declare-place">
        {t('declare.place', {
          compound: compound.compound.name,
          committee: compound.committee.name,
        })}
      </p>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 12px' }}>
        {t('declare.intro')}
      </Typography.Paragraph>
      <Form<DeclarationValues>
        form={form}
        layout="vertical"
        noValidate
        requiredMark={false}
        initialValues={INITIAL_VALUES}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(values) => void submit(values)}
        data-testid="declare-form"
      >
        <Typography.Title level={5}>{t('declare.sections.contact')}</Typography.Title>
        <PhoneCodeFields
          purpose="declare"
          phoneLabel={t('declare.fields.phone')}
          testIds={{ phone: 'declare-phone', code: 'declare-code', send: 'declare-send-code' }}
        />
        <PersonAndJourneyFields />
        <Typography.Title level={5}>{t('declare.sections.stay')}</Typography.Title>
        <RoomFields token={token} form={compound} />
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
    </div>
  );
}

/**
 * /d/:token — the compound's declaration form (信息申报), public and phone first: scanned from
 * the QR poster, no sign-in; a forged or replaced token says so.
 */
export function DeclarePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const compound = useRequest((signal) => getDeclareForm(token, signal), [token]);
  const [receipt, setReceipt] = useState<DeclarationReceipt>();
  const [isInvalid, setIsInvalid] = useState(false);
  const notFound =
    isInvalid || (compound.error instanceof ApiError && compound.error.status === 404);

  return (
    <DeclareFrame heading={t('declare.heading')} testId="declare-page">
      {notFound ? (
        <InvalidCode />
      ) : compound.error && !compound.data ? (
        <div className="cc-declare-card">
          <LoadError error={compound.error} onRetry={compound.reload} isCompact />
        </div>
      ) : !compound.data ? (
        <FrameLoading />
      ) : receipt ? (
        <ReceiptView
          receipt={receipt}
          onAgain={() => {
            setReceipt(undefined);
            window.scrollTo(0, 0);
          }}
        />
      ) : (
        <DeclarationForm
          token={token}
          form={compound.data}
          onDone={(r) => {
            setReceipt(r);
            window.scrollTo(0, 0);
          }}
          onInvalid={() => setIsInvalid(true)}
        />
      )}
    </DeclareFrame>
  );
}
