import {
  RESIDENT_LINK_RELATIONS,
  residentIdHint,
  type PickerCompound,
  type PickerRoom,
  type ResidentLinkRelation,
  type ResidentMe,
} from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { showServerFieldError } from '../../lib/form-errors';
import {
  askVerification,
  findCompounds,
  getResidentMe,
  listBuildings,
  listRooms,
  withdrawVerification,
} from './residents-api';

/** A room without a unit is picked as this unit. */
const NO_UNIT = '__none__';
const unitOf = (room: PickerRoom) => room.unit || NO_UNIT;

interface Values {
  compound?: string;
  building?: string;
  unit?: string;
  roomId?: string;
  relation?: ResidentLinkRelation;
  name?: string;
  idNumber?: string;
}

/** The account's link and request; null when it has asked for nothing yet (404). */
const loadMe = (signal: AbortSignal) =>
  getResidentMe(signal).catch((cause: unknown) => {
    if (cause instanceof ApiError && cause.status === 404) return null;
    throw cause;
  });

/**
 * 住户认证 (/r/verify): pick compound → building → unit → room (names of places only), say the
 * relation, give name and ID number (its check digit hinted as it is typed); or, once asked,
 * the request's state.
 */
export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const me = useRequest(loadMe, []);
  const [isAsking, setIsAsking] = useState(false);
  const [isWithdrawing, setIsWithdrawing] = useState(false);
  if (me.error) return <LoadError error={me.error} onRetry={me.reload} />;
  if (me.data === undefined) return <PageSpin />;
  const state = me.data;
  const link = state?.link ?? null;
  const request = state?.request ?? null;

  if (link?.status === 'verified')
    return (
      <div style={{ padding: 12 }} data-testid="verify-page">
        <Result
          status="success"
          title={t('residents.verify.verifiedTitle')}
          subTitle={t('residents.verify.verifiedText', {
            committee: link.committeeName,
            room: link.roomLabel,
            relation: t(`residents.relation.${link.relation}`),
          })}
          extra={
            <Link to="/r/household">
              <Button type="primary" data-testid="verify-to-household">
                {t('residents.verify.toHousehold')}
              </Button>
            </Link>
          }
          data-testid="verify-verified"
        />
      </div>
    );
  if (request?.state === 'pending')
    return (
      <div style={{ padding: 12 }} data-testid="verify-page">
        <Result
          status="info"
          title={t('residents.verify.pendingTitle')}
          subTitle={
            <>
              <div>
                {t('residents.verify.pendingText', {
                  room: request.roomLabel,
                  relation: t(`residents.relation.${request.relation}`),
                  at: formatDateTime(request.createdAt, i18n.language),
                })}
              </div>
              <div>{t('residents.verify.idShown', { id: request.idNumber })}</div>
            </>
          }
          extra={
            <Button
              danger
              loading={isWithdrawing}
              data-testid="verify-withdraw"
              onClick={() =>
                modal.confirm({
                  title: t('residents.verify.withdraw'),
                  content: t('residents.verify.withdrawConfirm'),
                  okButtonProps: { danger: true },
                  onOk: async () => {
                    setIsWithdrawing(true);
                    try {
                      await withdrawVerification(request.id);
                      message.success(t('residents.verify.withdrawn'));
                      me.reload();
                    } catch (error) {
                      message.error(describeError(error, t));
                    } finally {
                      setIsWithdrawing(false);
                    }
                  },
                })
              }
            >
              {t('residents.verify.withdraw')}
            </Button>
          }
          data-testid="verify-pending"
        />
      </div>
    );
  const isRefused = request?.state === 'refused';
  const isRevoked = link?.status === 'revoked';
  return (
    <div style={{ padding: 12 }} data-testid="verify-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('residents.verify.title')}
      </Typography.Title>
      {isRevoked ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('residents.verify.revokedTitle')}
          description={
            link.revokedReason ? t('residents.verify.reason', { reason: link.revokedReason }) : null
          }
        />
      ) : null}
      {isRefused && !isAsking ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="verify-refused"
          title={t('residents.verify.refusedTitle')}
          description={
            request.reason ? t('residents.verify.reason', { reason: request.reason }) : null
          }
        />
      ) : null}
      <VerifyForm
        onAsked={() => {
          setIsAsking(false);
          me.reload();
        }}
        onStart={() => setIsAsking(true)}
        current={state}
      />
    </div>
  );
}

function VerifyForm({
  onAsked,
  onStart,
  current,
}: {
  onAsked: () => void;
  onStart: () => void;
  current: ResidentMe | null;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const [compounds, setCompounds] = useState<PickerCompound[]>([]);
  const [compoundError, setCompoundError] = useState<string | null>(null);
  const [roomQuery, setRoomQuery] = useState('');
  const [isSending, setIsSending] = useState(false);
  const compound = Form.useWatch('compound', form);
  const building = Form.useWatch('building', form);
  const unit = Form.useWatch('unit', form);
  const idNumber = Form.useWatch('idNumber', form) ?? '';

  // compounds as the name is typed (a short pause first)
  useEffect(() => {
    const q = search.trim();
    if (!q) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      findCompounds(q, controller.signal)
        .then((list) => {
          setCompounds(list.items);
          setCompoundError(null);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setCompoundError(describeError(error, t));
        });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [search, t]);

  const buildings = useRequest(
    (signal) => (compound ? listBuildings(compound, signal) : Promise.resolve({ items: [] })),
    [compound],
  );
  // the building's rooms (the server gives at most 200, and says when there are more) …
  const rooms = useRequest(
    (signal) =>
      compound && building
        ? listRooms(compound, building, '', signal)
        : Promise.resolve({ items: [], more: false }),
    [compound, building],
  );
  // … and, once a room number is typed, those whose number starts with it, from the server
  const typed = useDebounced(roomQuery.trim(), 250);
  const searched = useRequest(
    (signal) =>
      compound && building && typed
        ? listRooms(compound, building, typed, signal)
        : Promise.resolve(null),
    [compound, building, typed],
  );
  const roomList = typed && searched.data ? searched.data : rooms.data;
  const units = useMemo(
    () => [...new Set([...(rooms.data?.items ?? []), ...(searched.data?.items ?? [])].map(unitOf))],
    [rooms.data, searched.data],
  );
  // a building without units: its one "unit" is picked at once
  useEffect(() => {
    if (units.length === 1 && form.getFieldValue('unit') !== units[0])
      form.setFieldValue('unit', units[0]);
  }, [units, form]);
  const roomsOfUnit = (roomList?.items ?? []).filter((r) => unitOf(r) === unit);
  const roomError = searched.error ?? rooms.error;

  const hint = residentIdHint(idNumber);
  const idHelp =
    idNumber.length === 0 || hint === 'incomplete'
      ? undefined
      : hint === 'format'
        ? t('residents.verify.idFormat')
        : hint === 'ok'
          ? t('residents.verify.idOk')
          : t('residents.verify.idCheck', { expected: hint.expected });
  const idStatus =
    idHelp === undefined ? undefined : hint === 'ok' ? ('success' as const) : ('warning' as const);

  const submit = async (values: Values) => {
    setIsSending(true);
    try {
      await askVerification({
        roomId: values.roomId!,
        relation: values.relation!,
        name: values.name!.trim(),
        idNumber: values.idNumber!.trim().toUpperCase(),
      });
      message.success(t('residents.verify.submitted'));
      onAsked();
    } catch (error) {
      if (!showServerFieldError(form, error, ['roomId', 'relation', 'name', 'idNumber']))
        message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('residents.verify.intro')}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Values) => {
          onStart();
          // a new choice above clears the choices below it
          if ('compound' in changed)
            form.setFieldsValue({ building: undefined, unit: undefined, roomId: undefined });
          if ('building' in changed) {
            form.setFieldsValue({ unit: undefined, roomId: undefined });
            setRoomQuery('');
          }
          if ('unit' in changed) form.setFieldsValue({ roomId: undefined });
        }}
        initialValues={{ relation: current?.request?.relation }}
        requiredMark={false}
        data-testid="verify-form"
      >
        <Form.Item
          name="compound"
          label={t('residents.verify.compound')}
          {...(compoundError
            ? {
                help: t('residents.verify.compoundError', { error: compoundError }),
                validateStatus: 'error' as const,
              }
            : {})}
          rules={[{ required: true, message: t('residents.verify.compoundRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setSearch}
            placeholder={t('residents.verify.compoundSearch')}
            notFoundContent={null}
            options={compounds.map((c) => ({
              value: c.code,
              label: `${c.name}（${c.committeeName}）`,
            }))}
            data-testid="verify-compound"
          />
        </Form.Item>
        <Form.Item
          name="building"
          label={t('residents.verify.building')}
          rules={[{ required: true, message: t('residents.verify.buildingRequired') }]}
        >
          <Select
            disabled={!compound}
            loading={buildings.isLoading}
            options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
            data-testid="verify-building"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            name="unit"
            label={t('residents.verify.unit')}
            style={{ flex: 1, minWidth: 0 }}
            rules={[{ required: true, message: t('residents.verify.unitRequired') }]}
          >
            <Select
              disabled={!building}
              loading={rooms.isLoading}
              options={units.map((u) => ({
                value: u,
                label: u === NO_UNIT ? t('residents.verify.noUnit') : u,
              }))}
              data-testid="verify-unit"
            />
          </Form.Item>
          <Form.Item
            name="roomId"
            label={t('residents.verify.room')}
            style={{ flex: 1, minWidth: 0 }}
            rules={[{ required: true, message: t('residents.verify.roomRequired') }]}
            {...(roomError
              ? { help: describeError(roomError, t), validateStatus: 'error' as const }
              : roomList?.more
                ? { extra: t('residents.verify.roomMore') }
                : {})}
          >
            <Select
              showSearch
              disabled={!unit}
              loading={searched.isLoading}
              placeholder={t('residents.verify.roomSearch')}
              optionFilterProp="label"
              onSearch={setRoomQuery}
              options={roomsOfUnit.map((r) => ({ value: r.id, label: r.number }))}
              data-testid="verify-room"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="relation"
          label={t('residents.verify.relation')}
          rules={[{ required: true, message: t('residents.verify.relationRequired') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
            options={RESIDENT_LINK_RELATIONS.map((r) => ({
              value: r,
              label: (
                <span data-testid={`verify-relation-${r}`}>{t(`residents.relation.${r}`)}</span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('residents.verify.name')}
          rules={[
            { required: true, whitespace: true, message: t('residents.verify.nameRequired') },
            { max: 40, message: t('residents.verify.nameRule') },
          ]}
        >
          <Input maxLength={40} autoComplete="name" data-testid="verify-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('residents.verify.idNumber')}
          help={idHelp}
          validateStatus={idStatus}
          rules={[{ required: true, whitespace: true, message: t('residents.verify.idRequired') }]}
          extra={t('residents.verify.privacy')}
        >
          <Input
            maxLength={18}
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            data-testid="verify-id"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={isSending}
          data-testid="verify-submit"
        >
          {t('residents.verify.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The value once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
