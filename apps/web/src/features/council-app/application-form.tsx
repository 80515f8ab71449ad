import type { Application, ApplyBody, AttachmentRef } from '@cc/contracts';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import type { LngLatPoint } from '../../components/pin-map';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { AttachmentField } from './attachment-field';
import { useBlockOutline } from './block-outline';

// ECharts is large: the map loads only where a place is picked.
const PinMap = lazy(() => import('../../components/pin-map'));

const MAX_PHOTOS = 9;
const FORM_FIELDS = ['title', 'description'] as const;

interface Values {
  title: string;
  description: string;
}

/**
 * 申请 under a guideline, or 修改后重新提交 after the reviewers asked for changes: title,
 * description, photos of the place now, the design, and the place on the block's map.
 */
export function ApplicationForm({
  blockId,
  memberId,
  initial,
  onSubmit,
  onCancel,
}: {
  blockId: string;
  memberId: string;
  /** resubmitting: the application as it stands */
  initial?: Application;
  onSubmit: (body: ApplyBody) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const outline = useBlockOutline(blockId);
  const [photos, setPhotos] = useState<AttachmentRef[]>(initial?.photos ?? []);
  const [design, setDesign] = useState<AttachmentRef[]>(initial ? [initial.design] : []);
  const [place, setPlace] = useState<LngLatPoint | null>(
    initial ? { lat: initial.lat, lng: initial.lng } : null,
  );
  const [isChecked, setIsChecked] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  // opened by a tap below the guideline: the form comes into view, its map with it
  const scrollIntoView = useCallback((el: HTMLElement | null) => {
    el?.scrollIntoView({ block: 'start' });
  }, []);
  const photo = photos.length === 0 ? t('councilApp.apply.photosRequired') : undefined;
  const designMissing = design.length === 0 ? t('councilApp.apply.designRequired') : undefined;
  const placeMissing = place ? undefined : t('councilApp.apply.placeRequired');

  const finish = async (values: Values) => {
    setIsChecked(true);
    setProblem(undefined);
    const designRef = design[0];
    if (!place || photos.length === 0 || !designRef) return;
    setIsBusy(true);
    try {
      await onSubmit({
        memberId,
        title: values.title.trim(),
        description: values.description.trim(),
        lat: place.lat,
        lng: place.lng,
        photoIds: photos.map((p) => p.id),
        designId: designRef.id,
      });
    } catch (e) {
      showServerFieldError(form, e, FORM_FIELDS);
      setProblem(describeError(e, t));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <section
      ref={scrollIntoView}
      className="cc-council-card cc-council-scroll-target"
      data-testid="apply-form"
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {initial ? t('councilApp.apply.resubmitTitle') : t('councilApp.apply.title')}
      </Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ title: initial?.title ?? '', description: initial?.description ?? '' }}
        onFinish={(values) => void finish(values)}
        onFinishFailed={() => setIsChecked(true)}
      >
        <Form.Item
          name="title"
          label={t('councilApp.apply.name')}
          rules={[
            { required: true, whitespace: true, message: t('councilApp.apply.nameRequired') },
          ]}
        >
          <Input maxLength={80} data-testid="apply-title-input" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('councilApp.apply.description')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('councilApp.apply.descriptionRequired'),
            },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('councilApp.apply.descriptionHelp')}
            data-testid="apply-description-input"
          />
        </Form.Item>
        <Form.Item
          label={t('councilApp.apply.place')}
          required
          help={isChecked ? placeMissing : undefined}
          validateStatus={isChecked && placeMissing ? 'error' : undefined}
        >
          {outline.error ? (
            <Typography.Text type="danger">{describeError(outline.error, t)}</Typography.Text>
          ) : !outline.data ? (
            <PageSpin />
          ) : (
            <Suspense fallback={<PageSpin />}>
              <PinMap
                boundary={outline.data}
                value={place}
                onChange={setPlace}
                height={260}
                testId="apply-map"
              />
            </Suspense>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {place
              ? t('councilApp.apply.placePicked', { latitude: place.lat, longitude: place.lng })
              : t('councilApp.apply.placeHelp')}
          </Typography.Text>
        </Form.Item>
        <Form.Item
          label={t('councilApp.apply.photos')}
          required
          help={isChecked ? photo : undefined}
          validateStatus={isChecked && photo ? 'error' : undefined}
          extra={t('councilApp.apply.photosHelp', { max: MAX_PHOTOS })}
        >
          <AttachmentField
            value={photos}
            onChange={setPhotos}
            max={MAX_PHOTOS}
            accept=".jpg,.jpeg,.png"
            isPhotos
            label={t('councilApp.upload.photo')}
            testId="apply-photos-upload"
          />
        </Form.Item>
        <Form.Item
          label={t('councilApp.apply.design')}
          required
          help={isChecked ? designMissing : undefined}
          validateStatus={isChecked && designMissing ? 'error' : undefined}
          extra={t('councilApp.apply.designHelp')}
        >
          <AttachmentField
            value={design}
            onChange={setDesign}
            max={1}
            accept=".pdf,.jpg,.jpeg,.png"
            label={t('councilApp.upload.file')}
            testId="apply-design-upload"
          />
        </Form.Item>
        {problem && (
          <Alert
            type="error"
            showIcon
            title={problem}
            style={{ marginBottom: 12 }}
            data-testid="apply-problem"
          />
        )}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={isBusy} data-testid="apply-submit">
            {initial ? t('councilApp.apply.resubmit') : t('councilApp.apply.submit')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
