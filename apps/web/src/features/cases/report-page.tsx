import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import {
  CASE_REPORTER_ROLES,
  type Area,
  type CaseDetail,
  type CreateCaseBody,
  type NearbyCase,
  type Scenario,
} from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Result,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { LoadError } from '../../components/load-error';
import { ApiError, areasApi, describeError, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { hasAnyRole, scopeRoots, useMe } from '../../lib/session';
import { newIdempotencyKey, scenarioLabel } from './case-format';
import { actOnCase, createCase, findNearby } from './cases-api';
import { NearbyList } from './nearby-list';
import { PhotoUploader } from './photo-uploader';
import { ScenarioFields, toAttributeValue } from './scenario-fields';
import { ScenarioPicker } from './scenario-picker';
import { usePhotoUploads } from './use-photo-uploads';
import { useReportLocation } from './use-report-location';
import { useDebounced } from './use-debounced';
import { useTaxonomy } from '../../lib/taxonomy';
import './cases.css';

const CaseMap = lazy(() => import('./case-map'));

interface FormValues {
  description?: string;
  address?: string;
  attributes?: Record<string, unknown>;
  contact?: { name?: string; phone?: string };
}

/** Errors the server names that are not antd form fields. */
interface BlockErrors {
  scenario?: string;
  location?: string;
  photos?: string;
  general?: string;
}

type Outcome =
  { kind: 'created'; detail: CaseDetail } | { kind: 'supplemented'; id: string; number: string };

const DESCRIPTION_MAX = 2000;

/** The street an area lies in (the map shows the street's committees), or the area itself. */
function streetOf(area: Area, chain: readonly Area[]): Area {
  return [...chain, area].find((a) => a.level === 'street') ?? area;
}

/**
 * 上报: photo, place, scenario, one sentence. Built for a phone held in one hand (375 px):
 * photos upload while the rest is filled in, similar open cases nearby are offered first,
 * and one Idempotency-Key per submission makes a double tap or a retry file one case.
 */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = AntApp.useApp();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const taxonomy = useTaxonomy();
  const uploads = usePhotoUploads();
  const location = useReportLocation(searchParams);
  const [scenarioCode, setScenarioCode] = useState<string | undefined>(
    () => searchParams.get('scenario') ?? undefined,
  );
  const [manualArea, setManualArea] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<BlockErrors>({});
  const [acknowledgedNearby, setAcknowledgedNearby] = useState<string | undefined>(undefined);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const keyRef = useRef<string | undefined>(undefined);
  const nearbyRef = useRef<HTMLDivElement>(null);
  const isHotline = hasAnyRole(me, ['hotline_operator']);
  const roots = useMemo(() => scopeRoots(me, CASE_REPORTER_ROLES), [me]);

  const scenario: Scenario | undefined = taxonomy.data?.scenarios.find(
    (s) => s.code === scenarioCode,
  );
  const point = location.point;
  const settledPoint = useDebounced(point, 400);

  // The place: the point's area (and its street for the map) …
  const resolved = useRequest(
    (signal) =>
      settledPoint
        ? areasApi.resolvePoint(settledPoint.lat, settledPoint.lng, signal)
        : Promise.resolve(undefined),
    [settledPoint?.lat, settledPoint?.lng],
    !!settledPoint,
  );
  // … or, with no point yet, the street of the person's own area, to tap on.
  const homeCode = manualArea ?? roots[0]?.code;
  const home = useRequest(
    (signal) => (homeCode ? areasApi.getArea(homeCode, signal) : Promise.resolve(undefined)),
    [homeCode],
    !point && !!homeCode,
  );
  const mapArea = point
    ? resolved.data
      ? streetOf(resolved.data.area, resolved.data.chain)
      : undefined
    : home.data
      ? streetOf(home.data.area, home.data.chain)
      : undefined;

  // Similar open cases nearby, before anything is filed.
  const nearby = useRequest(
    (signal) =>
      scenarioCode && settledPoint
        ? findNearby({ scenarioCode, lat: settledPoint.lat, lng: settledPoint.lng }, signal)
        : Promise.resolve({ items: [] as NearbyCase[] }),
    [scenarioCode, settledPoint?.lat, settledPoint?.lng],
    !!scenarioCode && !!settledPoint,
  );
  const nearbyItems = scenarioCode && settledPoint ? (nearby.data?.items ?? []) : [];
  const nearbyKey = nearbyItems.map((item) => item.id).join(',');
  const mustChooseNearby = nearbyItems.length > 0 && acknowledgedNearby !== nearbyKey;

  // A new point or scenario clears the errors about them.
  useEffect(() => setErrors((e) => ({ ...e, location: undefined })), [point, manualArea]);
  useEffect(() => setErrors((e) => ({ ...e, scenario: undefined })), [scenarioCode]);
  useEffect(() => setErrors((e) => ({ ...e, photos: undefined })), [uploads.photoIds.length]);

  const markers = useMemo(
    () => (point ? [{ id: 'here', lat: point.lat, lng: point.lng, color: '#1456f0' }] : []),
    [point],
  );

  /** A server error next to the field it names. */
  function showServerError(error: unknown) {
    const text = describeError(error, t);
    const field = error instanceof ApiError ? (error.field ?? '') : '';
    const [head, ...rest] = field.split('.');
    if (head === 'description' || head === 'address') {
      form.setFields([{ name: head, errors: [text] }]);
      form.scrollToField(head, { block: 'center' });
    } else if (head === 'attributes' && rest.length > 0) {
      form.setFields([{ name: ['attributes', rest[0]!], errors: [text] }]);
      form.scrollToField(['attributes', rest[0]!], { block: 'center' });
    } else if (head === 'contact' && rest.length > 0) {
      form.setFields([{ name: ['contact', rest[0]!], errors: [text] }]);
    } else if (head === 'lat' || head === 'lng' || head === 'areaCode') {
      setErrors((e) => ({ ...e, location: text }));
    } else if (head === 'photoIds' || head === 'file') {
      setErrors((e) => ({ ...e, photos: text }));
    } else if (head === 'scenarioCode') {
      setErrors((e) => ({ ...e, scenario: text }));
    } else {
      setErrors((e) => ({ ...e, general: text }));
    }
  }

  /** Everything checked before a request; undefined when something is missing. */
  async function collect(): Promise<{ values: FormValues } | undefined> {
    const problems: BlockErrors = {};
    if (!scenario) problems.scenario = t('cases.report.scenarioRequired');
    if (!point && !manualArea) problems.location = t('cases.report.locationRequired');
    if (uploads.isUploading) problems.photos = t('cases.report.photosUploading');
    setErrors(problems);
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return undefined;
    }
    if (problems.scenario || problems.location || problems.photos) {
      void message.warning(problems.scenario ?? problems.location ?? problems.photos);
      return undefined;
    }
    return { values };
  }

  async function submit(isNewConfirmed = false) {
    if (isSubmitting) return;
    const collected = await collect();
    if (!collected || !scenario) return;
    if (mustChooseNearby && !isNewConfirmed) {
      nearbyRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      void message.info(t('cases.nearby.chooseFirst'));
      return;
    }
    const { values } = collected;
    const attributes: NonNullable<CreateCaseBody['attributes']> = {};
    for (const field of scenario.fields) {
      const value = toAttributeValue(field, values.attributes?.[field.code]);
      if (value !== undefined) attributes[field.code] = value;
    }
    const contactName = values.contact?.name?.trim();
    const contactPhone = values.contact?.phone?.trim();
    const body: CreateCaseBody = {
      scenarioCode: scenario.code,
      description: (values.description ?? '').trim(),
      ...(point ? { lat: point.lat, lng: point.lng } : { areaCode: manualArea }),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(uploads.photoIds.length ? { photoIds: uploads.photoIds } : {}),
      ...(isHotline && (contactName || contactPhone)
        ? {
            contact: {
              ...(contactName ? { name: contactName } : {}),
              ...(contactPhone ? { phone: contactPhone } : {}),
            },
          }
        : {}),
    };
    // One key per submission: kept for a retry after a lost answer, new after a refusal.
    keyRef.current ??= newIdempotencyKey();
    setIsSubmitting(true);
    setErrors({});
    try {
      const detail = await createCase(body, keyRef.current);
      keyRef.current = undefined;
      setOutcome({ kind: 'created', detail });
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        keyRef.current = undefined; // refused: nothing was filed, the next try is a new one
      }
      showServerError(error);
    } finally {
      setIsSubmitting(false);
    }
  }

  async function supplement(target: NearbyCase) {
    if (isSubmitting) return;
    if (uploads.isUploading) {
      setErrors((e) => ({ ...e, photos: t('cases.report.photosUploading') }));
      return;
    }
    let description: string;
    try {
      description = ((await form.validateFields(['description'])).description ?? '').trim();
    } catch {
      return;
    }
    setIsSubmitting(true);
    try {
      await actOnCase(target.id, {
        action: 'supplement',
        note: description,
        ...(uploads.photoIds.length ? { photoIds: uploads.photoIds } : {}),
      });
      setOutcome({ kind: 'supplemented', id: target.id, number: target.number });
      window.scrollTo({ top: 0 });
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (field === 'note')
        form.setFields([{ name: 'description', errors: [describeError(error, t)] }]);
      else showServerError(error);
    } finally {
      setIsSubmitting(false);
    }
  }

  function startOver() {
    form.resetFields();
    uploads.reset();
    setScenarioCode(undefined);
    setAcknowledgedNearby(undefined);
    setErrors({});
    setOutcome(undefined);
    keyRef.current = undefined;
  }

  if (outcome) {
    const id = outcome.kind === 'created' ? outcome.detail.id : outcome.id;
    const number = outcome.kind === 'created' ? outcome.detail.number : outcome.number;
    const assignee =
      outcome.kind === 'created'
        ? (outcome.detail.assigneeName ?? outcome.detail.unitName)
        : undefined;
    return (
      <div className="cc-report" data-testid="report-success">
        <Card>
          <Result
            status="success"
            title={
              outcome.kind === 'created'
                ? t('cases.report.successTitle')
                : t('cases.report.supplementedTitle')
            }
            subTitle={
              <Space orientation="vertical" size={4}>
                <span>
                  {t('cases.number')}{' '}
                  <Typography.Text strong copyable data-testid="report-success-number">
                    {number}
                  </Typography.Text>
                </span>
                {outcome.kind === 'created' ? (
                  <span data-testid="report-success-dispatch">
                    {assignee
                      ? t('cases.report.dispatchedTo', { name: assignee })
                      : t('cases.report.queued')}
                  </span>
                ) : null}
              </Space>
            }
            extra={[
              <Link key="open" to={`/cases/${encodeURIComponent(id)}`}>
                <Button type="primary" size="large" data-testid="report-success-open">
                  {t('cases.report.openCase')}
                </Button>
              </Link>,
              <Button key="again" size="large" onClick={startOver} data-testid="report-again">
                {t('cases.report.again')}
              </Button>,
            ]}
          />
        </Card>
      </div>
    );
  }

  if (taxonomy.error && !taxonomy.data) {
    return <LoadError error={taxonomy.error} onRetry={taxonomy.reload} />;
  }

  const resolvedChain = resolved.data
    ? [...resolved.data.chain, resolved.data.area].filter((a) => a.level !== 'city')
    : [];
  const locationMessage = (() => {
    if (point) return undefined;
    switch (location.status) {
      case 'locating':
        return { type: 'info' as const, text: t('cases.report.locating') };
      case 'denied':
        return { type: 'warning' as const, text: t('cases.report.locationDenied') };
      case 'unavailable':
        return { type: 'warning' as const, text: t('cases.report.locationUnavailable') };
      case 'idle':
      case 'located':
      case 'given':
        return undefined;
    }
  })();

  return (
    <div className="cc-report" data-testid="report-page">
      <Typography.Title level={4} className="cc-page-title">
        {t('cases.report.title')}
      </Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark
        onFinish={() => void submit()}
        scrollToFirstError={{ block: 'center' }}
        disabled={isSubmitting}
      >
        <Card size="small" title={t('cases.report.photos')}>
          <PhotoUploader uploads={uploads} testId="report-photo-input" error={errors.photos} />
        </Card>

        <Card
          size="small"
          title={
            <span>
              <EnvironmentOutlined /> {t('cases.report.location')}
            </span>
          }
          extra={
            <Button
              size="small"
              icon={<AimOutlined />}
              onClick={location.locate}
              loading={location.status === 'locating'}
              data-testid="report-locate"
            >
              {t('cases.report.locate')}
            </Button>
          }
        >
          {locationMessage ? (
            <Alert
              type={locationMessage.type}
              showIcon
              title={locationMessage.text}
              style={{ marginBottom: 8 }}
              data-testid="report-location-message"
            />
          ) : null}
          <div data-testid="report-location" style={{ marginBottom: 8 }}>
            {point ? (
              <>
                <Typography.Text strong data-testid="report-area-name">
                  {resolved.error
                    ? describeError(resolved.error, t)
                    : resolvedChain.length
                      ? resolvedChain.map((a) => areaName(a, i18n.language)).join(' › ')
                      : t('common.loading')}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {point.lat.toFixed(5)}, {point.lng.toFixed(5)}
                    {location.accuracy !== undefined
                      ? ` · ${t('cases.report.accuracy', { meters: location.accuracy })}`
                      : ''}
                  </Typography.Text>
                </div>
              </>
            ) : (
              <Typography.Text type="secondary">{t('cases.report.tapToPlace')}</Typography.Text>
            )}
          </div>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 220 }} />}>
            <CaseMap
              areaCode={mapArea?.code}
              markers={markers}
              onPick={location.move}
              height={220}
              testId="report-map"
            />
          </Suspense>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cases.report.mapHint')}
          </Typography.Text>
          {!point && (location.status === 'denied' || location.status === 'unavailable') ? (
            <div style={{ marginTop: 8 }}>
              <Typography.Text>{t('cases.report.orPickArea')}</Typography.Text>
              <AreaTreeSelect
                roots={roots}
                value={manualArea}
                onChange={setManualArea}
                testId="report-area-picker"
              />
            </div>
          ) : null}
          {errors.location ? (
            <div>
              <Typography.Text type="danger" data-testid="report-location-error">
                {errors.location}
              </Typography.Text>
            </div>
          ) : null}
          <Form.Item
            name="address"
            label={t('cases.report.address')}
            style={{ marginTop: 12, marginBottom: 0 }}
          >
            <Input
              maxLength={200}
              placeholder={t('cases.report.addressPlaceholder')}
              data-testid="report-address"
            />
          </Form.Item>
        </Card>

        <Card size="small" title={t('cases.report.scenario')}>
          {taxonomy.data ? (
            <ScenarioPicker
              taxonomy={taxonomy.data}
              value={scenarioCode}
              onChange={setScenarioCode}
              error={errors.scenario}
            />
          ) : (
            <Skeleton active paragraph={{ rows: 3 }} />
          )}
          {scenario && scenario.fields.length > 0 ? (
            <div style={{ marginTop: 12 }} data-testid="report-fields">
              <ScenarioFields scenario={scenario} />
            </div>
          ) : null}
        </Card>

        <Card size="small" title={t('cases.report.description')}>
          <Form.Item
            name="description"
            rules={[
              { required: true, whitespace: true, message: t('cases.report.descriptionRequired') },
              { max: DESCRIPTION_MAX },
            ]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={DESCRIPTION_MAX}
              placeholder={
                scenario
                  ? t('cases.report.descriptionPlaceholderFor', {
                      scenario: scenarioLabel(scenario, i18n.language),
                    })
                  : t('cases.report.descriptionPlaceholder')
              }
              data-testid="report-description"
            />
          </Form.Item>
        </Card>

        {isHotline ? (
          <Card size="small" title={t('cases.report.caller')} data-testid="report-caller">
            <Form.Item name={['contact', 'name']} label={t('cases.report.callerName')}>
              <Input maxLength={50} autoComplete="off" data-testid="report-caller-name" />
            </Form.Item>
            <Form.Item
              name={['contact', 'phone']}
              label={t('cases.report.callerPhone')}
              rules={[
                { pattern: /^\+?[0-9-]{5,20}$/, message: t('cases.report.callerPhoneInvalid') },
              ]}
              style={{ marginBottom: 0 }}
            >
              <Input
                inputMode="tel"
                maxLength={20}
                autoComplete="off"
                data-testid="report-caller-phone"
              />
            </Form.Item>
          </Card>
        ) : null}

        {nearbyItems.length > 0 ? (
          <div ref={nearbyRef}>
            <NearbyList
              items={nearbyItems}
              isBusy={isSubmitting}
              isChosen={!mustChooseNearby}
              onSupplement={(item) => void supplement(item)}
              onReportNew={() => {
                setAcknowledgedNearby(nearbyKey);
                void submit(true);
              }}
            />
          </div>
        ) : null}

        {errors.general ? (
          <Alert
            type="error"
            showIcon
            title={errors.general}
            style={{ marginBottom: 12 }}
            data-testid="report-error"
          />
        ) : null}

        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={isSubmitting}
          disabled={false}
          data-testid="report-submit"
          style={{ height: 48, fontSize: 17 }}
        >
          {uploads.isUploading ? t('cases.report.waitPhotos') : t('cases.report.submit')}
        </Button>
      </Form>
    </div>
  );
}
