import { CASE_REPORTER_ROLES, type Scenario } from '@cc/contracts';
import { Alert, Button, Card, Form, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { hasAnyRole, scopeRoots, useMe } from '../../lib/session';
import { useTaxonomy } from '../../lib/taxonomy';
import { useAfterPaint } from '../../lib/use-after-paint';
import { NearbyList } from './nearby-list';
import { PhotoUploader } from './photo-uploader';
import { CallerCard, DescriptionCard, ScenarioCard } from './report-form-cards';
import { ReportLocationCard } from './report-location-card';
import { ReportSuccess } from './report-success';
import { usePhotoUploads } from './use-photo-uploads';
import { useReport, type ReportFormValues } from './use-report';
import { useNearbyCases, useReportPlace } from './use-report-place';
import { useReportLocation } from './use-report-location';
import './cases.css';

/**
 * 上报: photo, place, scenario, one sentence. Built for a phone held in one hand (375 px):
 * photos upload while the rest is filled in, similar open cases nearby are offered first,
 * and one Idempotency-Key per submission makes a double tap or a retry file one case.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<ReportFormValues>();
  const taxonomy = useTaxonomy();
  // the map (ECharts, the outlines) once the form is on screen and usable, not beside it
  const isMapDue = useAfterPaint(!!taxonomy.data);
  const uploads = usePhotoUploads();
  const location = useReportLocation(searchParams);
  const [scenarioCode, setScenarioCode] = useState<string | undefined>(
    () => searchParams.get('scenario') ?? undefined,
  );
  const [manualArea, setManualArea] = useState<string | undefined>(undefined);
  const nearbyRef = useRef<HTMLDivElement>(null);
  const isHotline = hasAnyRole(me, ['hotline_operator']);
  const roots = useMemo(() => scopeRoots(me, CASE_REPORTER_ROLES), [me]);

  const scenario: Scenario | undefined = taxonomy.data?.scenarios.find(
    (s) => s.code === scenarioCode,
  );
  const point = location.point;
  const place = useReportPlace(point, manualArea, roots);
  const nearby = useNearbyCases(scenarioCode, place.settledPoint);
  const report = useReport({
    form,
    scenario,
    scenarioCode,
    point,
    manualArea,
    uploads,
    isHotline,
    nearby,
    nearbyRef,
  });
  const { errors, isSubmitting } = report;

  if (report.outcome) {
    return (
      <ReportSuccess
        outcome={report.outcome}
        onStartOver={() => {
          setScenarioCode(undefined);
          report.startOver();
        }}
      />
    );
  }

  if (taxonomy.error && !taxonomy.data) {
    return <LoadError error={taxonomy.error} onRetry={taxonomy.reload} />;
  }

  return (
    <div className="cc-report" data-testid="report-page">
      <Typography.Title level={4} className="cc-page-title">
        {t('cases.report.title')}
      </Typography.Title>
      <Form<ReportFormValues>
        form={form}
        layout="vertical"
        requiredMark
        onFinish={() => void report.submit()}
        scrollToFirstError={{ block: 'center' }}
        disabled={isSubmitting}
      >
        <Card size="small" title={t('cases.report.photos')}>
          <PhotoUploader uploads={uploads} testId="report-photo-input" error={errors.photos} />
        </Card>

        <ReportLocationCard
          location={location}
          chain={place.chain}
          chainError={place.chainError}
          mapArea={place.mapArea}
          markers={place.markers}
          roots={roots}
          manualArea={manualArea}
          onManualArea={setManualArea}
          error={errors.location}
          showMap={isMapDue}
        />

        <ScenarioCard
          taxonomy={taxonomy.data}
          scenarioCode={scenarioCode}
          scenario={scenario}
          onChange={setScenarioCode}
          error={errors.scenario}
        />

        <DescriptionCard scenario={scenario} />

        {isHotline ? <CallerCard /> : null}

        {nearby.items.length > 0 ? (
          <div ref={nearbyRef}>
            <NearbyList
              items={nearby.items}
              isBusy={isSubmitting}
              isChosen={!report.mustChooseNearby}
              onSupplement={(item) => void report.supplement(item)}
              onReportNew={report.reportNew}
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
