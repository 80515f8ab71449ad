import { EnvironmentOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  CASE_CONTACT_REVEALER_ROLES,
  type CaseAction,
  type CaseDetail,
  type Scenario,
} from '@cc/contracts';
import {
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Input,
  Modal,
  Rate,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime, isEnglish } from '../../lib/format';
import { hasAnyRole, useMe } from '../../lib/session';
import { caseScenarioName, deadlineState, STATUS_COLORS } from './case-format';
import { DeadlineLabel } from './deadline-label';
import { CaseActionModal } from './case-action-modal';
import { CaseTimeline } from './case-timeline';
import { getCase, revealContact } from './cases-api';
import { PhotoThumbs } from './photo-thumbs';
import { URGENCY_COLORS } from './scenario-picker';
import { OverdueTag, SourceTag, StatusTag } from './status-tag';
import { useNow } from '../../lib/use-now';
import { useTaxonomy } from '../../lib/taxonomy';
import { VolunteerDispatchLink } from '../volunteers';
import './cases.css';

const CaseMap = lazy(() => import('./case-map'));

/** The order buttons appear in: the usual next step first. */
const ACTION_ORDER: readonly CaseAction[] = [
  'accept',
  'resolve',
  'progress',
  'close',
  'dispatch',
  'rate',
  'supplement',
  'reopen',
  'return',
  'merge',
  'reject',
];
const PRIMARY: readonly CaseAction[] = ['accept', 'resolve', 'close', 'dispatch', 'rate'];
const DANGER: readonly CaseAction[] = ['reject', 'return', 'reopen'];

/** A scenario attribute as people read it: list keys become their names, dates local. */
function attributeText(
  scenario: Scenario | undefined,
  code: string,
  value: unknown,
  language: string,
): string {
  const field = scenario?.fields.find((f) => f.code === code);
  const english = isEnglish(language);
  const nameOf = (key: string) => {
    const v = field?.values?.find((x) => x.key === key);
    return v ? (english ? v.nameEn : v.name) : key;
  };
  if (Array.isArray(value)) return value.map((v) => nameOf(String(v))).join('、');
  if (field?.type === 'datetime' && typeof value === 'string') {
    return formatDateTime(value, language);
  }
  if (field?.type === 'singlevaluelist' && typeof value === 'string') return nameOf(value);
  return value === null || value === undefined ? '' : String(value);
}

/** The caller, masked; staff who may can see it in clear, giving a reason (audited). */
function ContactBlock({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = AntApp.useApp();
  const [isAsking, setIsAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [isSending, setIsSending] = useState(false);
  const [clear, setClear] = useState<{ name: string | null; phone: string | null } | undefined>(
    undefined,
  );
  if (!detail.contact) return null;
  const canReveal = hasAnyRole(me, CASE_CONTACT_REVEALER_ROLES);
  const shown = clear ?? detail.contact;

  async function reveal() {
    setIsSending(true);
    try {
      setClear(await revealContact(detail.id, reason.trim()));
      setIsAsking(false);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Card size="small" title={t('cases.detail.contact')} className="cc-case-section">
      <Space wrap align="center" data-testid="case-contact">
        <span>{shown.name ?? t('common.none')}</span>
        <span>{shown.phone ?? t('common.none')}</span>
        {clear ? (
          <Tag color="orange">{t('cases.detail.revealed')}</Tag>
        ) : canReveal ? (
          <Button
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setIsAsking(true)}
            data-testid="case-contact-reveal"
          >
            {t('cases.detail.reveal')}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={isAsking}
        title={t('cases.detail.revealTitle')}
        onCancel={() => setIsAsking(false)}
        onOk={() => void reveal()}
        okButtonProps={{ disabled: reason.trim().length < 4 }}
        confirmLoading={isSending}
        okText={t('cases.detail.reveal')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('cases.detail.revealHint')}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={200}
          autoSize={{ minRows: 2 }}
          placeholder={t('cases.detail.revealReason')}
          data-testid="case-contact-reason"
        />
      </Modal>
    </Card>
  );
}

/** 工单详情: everything about one case, its whole timeline, and the steps the person may take. */
export function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const now = useNow(15_000);
  const taxonomy = useTaxonomy();
  const { data, error, isLoading, reload } = useRequest((signal) => getCase(id, signal), [id]);
  const [fresh, setFresh] = useState<CaseDetail | undefined>(undefined);
  const [action, setAction] = useState<CaseAction | undefined>(undefined);

  // The answer to a step is the case after it: show it at once, unless a reload is newer.
  const detail =
    fresh && fresh.id === id && (!data || data.id !== id || fresh.version >= data.version)
      ? fresh
      : data?.id === id
        ? data
        : undefined;
  const scenario = taxonomy.data?.scenarios.find((s) => s.code === detail?.scenarioCode);

  const markers = useMemo(
    () =>
      detail && detail.lat !== null && detail.lng !== null
        ? [
            {
              id: detail.id,
              lat: detail.lat,
              lng: detail.lng,
              color: STATUS_COLORS[detail.status],
              label: detail.number,
            },
          ]
        : [],
    [detail],
  );

  if (error && !detail) return <LoadError error={error} onRetry={reload} />;
  if (!detail) return <Skeleton active paragraph={{ rows: 10 }} />;

  const street = detail.chain.find((a) => a.level === 'street');
  const mapCode = street?.code ?? detail.chain[detail.chain.length - 1]?.code;
  const attributes =
    typeof detail.attributes === 'object' && detail.attributes !== null
      ? Object.entries(detail.attributes as Record<string, unknown>)
      : [];
  const actions = ACTION_ORDER.filter((a) => detail.allowedActions.includes(a));

  const header = (
    <Card size="small" className="cc-case-section" data-testid="case-header">
      <Space wrap align="center" size={8}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
          {detail.number}
        </Typography.Title>
        <StatusTag status={detail.status} testId="case-status" />
        {(deadlineState(detail, now)?.isOver ?? detail.overdue) ? (
          <OverdueTag testId="case-overdue" />
        ) : null}
        {detail.escalationLevel > 0 ? (
          <Tag color="volcano">
            {t('cases.detail.escalated', { level: detail.escalationLevel })}
          </Tag>
        ) : null}
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined />}
          onClick={reload}
          loading={isLoading}
          aria-label={t('common.refresh')}
          data-testid="case-reload"
        />
        <VolunteerDispatchLink
          target={{ caseId: detail.id }}
          size="small"
          testId="case-volunteers-open"
        />
      </Space>
      <div style={{ marginTop: 6 }}>
        <Space wrap size={6} align="center">
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="case-scenario">
            {caseScenarioName(detail, taxonomy.data, i18n.language)}
          </Typography.Text>
          {scenario ? (
            <Tag color={URGENCY_COLORS[scenario.urgency]}>
              {t(`cases.urgency.${scenario.urgency}`)}
            </Tag>
          ) : null}
          <SourceTag source={detail.source} />
        </Space>
      </div>
      <div style={{ marginTop: 6, fontWeight: 600 }}>
        <DeadlineLabel item={detail} now={now} layout="line" withDate testId="case-deadline" />
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'createdAt',
            label: t('cases.detail.reportedAt'),
            children: formatDateTime(detail.createdAt, i18n.language),
          },
          {
            key: 'reporter',
            label: t('cases.detail.reporter'),
            children: detail.reporterName ?? t('common.none'),
          },
          {
            key: 'assignee',
            label: t('cases.detail.assignee'),
            children: (
              <span data-testid="case-assignee">
                {[
                  detail.assigneeName,
                  detail.unitName !== detail.assigneeName ? detail.unitName : null,
                ]
                  .filter(Boolean)
                  .join(' · ') || t('cases.detail.unassigned')}
              </span>
            ),
          },
          {
            key: 'acceptDueAt',
            label: t('cases.deadline.accept'),
            children: detail.acceptDueAt
              ? formatDateTime(detail.acceptDueAt, i18n.language)
              : t('common.none'),
          },
          {
            key: 'resolveDueAt',
            label: t('cases.deadline.resolve'),
            children: detail.resolveDueAt
              ? formatDateTime(detail.resolveDueAt, i18n.language)
              : t('common.none'),
          },
          {
            key: 'sms',
            label: t('cases.detail.sms'),
            children: detail.smsStatus ? (
              <Tag
                color={
                  detail.smsStatus === 'sent'
                    ? 'green'
                    : detail.smsStatus === 'failed'
                      ? 'red'
                      : 'blue'
                }
                data-testid="case-sms-status"
              >
                {t(`cases.sms.${detail.smsStatus}`, { defaultValue: detail.smsStatus })}
              </Tag>
            ) : (
              t('common.none')
            ),
          },
          ...(detail.rating !== null
            ? [
                {
                  key: 'rating',
                  label: t('cases.detail.rating'),
                  children: <Rate disabled value={detail.rating} style={{ fontSize: 14 }} />,
                },
              ]
            : []),
          ...(detail.mergedInto
            ? [
                {
                  key: 'mergedInto',
                  label: t('cases.status.merged'),
                  children: (
                    <Link to={`/cases/${encodeURIComponent(detail.mergedInto)}`}>
                      {t('cases.detail.openTarget')}
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );

  const actionBar =
    actions.length > 0 ? (
      <div
        className={isPhone ? 'cc-action-bar cc-action-bar-phone' : 'cc-action-bar'}
        data-testid="case-actions"
      >
        {actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            size="large"
            onClick={() => setAction(a)}
            data-testid={`case-action-${a}`}
          >
            {t(`cases.action.${a}`)}
          </Button>
        ))}
      </div>
    ) : null;

  const content = (
    <Card size="small" title={t('cases.detail.content')} className="cc-case-section">
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}
        data-testid="case-description"
      >
        {detail.description}
      </Typography.Paragraph>
      {attributes.length > 0 ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          data-testid="case-attributes"
          items={attributes.map(([code, value]) => {
            const field = scenario?.fields.find((f) => f.code === code);
            return {
              key: code,
              label: field ? (isEnglish(i18n.language) ? field.nameEn : field.name) : code,
              children: attributeText(scenario, code, value, i18n.language),
            };
          })}
        />
      ) : null}
      {detail.photoIds.length > 0 ? (
        <div style={{ marginTop: 12 }}>
          <PhotoThumbs ids={detail.photoIds} size={88} />
        </div>
      ) : null}
    </Card>
  );

  const place = (
    <Card
      size="small"
      title={
        <span>
          <EnvironmentOutlined /> {t('cases.detail.place')}
        </span>
      }
      className="cc-case-section"
    >
      <Breadcrumb
        data-testid="case-area-chain"
        items={detail.chain
          .filter((a) => a.level !== 'city')
          .map((a) => ({
            key: a.code,
            title: <Link to={`/areas/${encodeURIComponent(a.code)}`}>{a.name}</Link>,
          }))}
      />
      {detail.address ? <div style={{ marginTop: 4 }}>{detail.address}</div> : null}
      {markers.length > 0 ? (
        <div style={{ marginTop: 8 }}>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 200 }} />}>
            <CaseMap areaCode={mapCode} markers={markers} height={200} testId="case-map" />
          </Suspense>
        </div>
      ) : null}
    </Card>
  );

  const timeline = (
    <Card size="small" title={t('cases.detail.timeline')} className="cc-case-section">
      {detail.timeline.length ? (
        <CaseTimeline events={detail.timeline} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );

  return (
    <div data-testid="case-detail-page" data-version={detail.version}>
      <StaleDataAlert error={error} />
      {header}
      {!isPhone && actionBar ? (
        <Card size="small" className="cc-case-section">
          {actionBar}
        </Card>
      ) : null}
      {isPhone ? (
        <>
          {content}
          {place}
          <ContactBlock detail={detail} />
          {timeline}
          {actionBar}
        </>
      ) : (
        <Row gutter={12}>
          <Col md={14} xl={15}>
            {content}
            {timeline}
          </Col>
          <Col md={10} xl={9}>
            {place}
            <ContactBlock detail={detail} />
          </Col>
        </Row>
      )}
      <CaseActionModal
        detail={detail}
        action={action}
        onClose={() => setAction(undefined)}
        onDone={(next) => {
          setFresh(next);
          setAction(undefined);
          reload();
        }}
        onStale={() => {
          setAction(undefined);
          setFresh(undefined);
          reload();
        }}
      />
    </div>
  );
}
