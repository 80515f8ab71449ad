import type { Application, ApplyBody, AttachmentRef } from '@cc/contracts';
import { Form, Input, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LngLatPoint } from '../../components/pin-map';
import { OutlinePinMap } from '../../components/pin-map-field';
import { ProblemAlert, useSend } from '../../lib/sending';
import { AttachmentField } from './attachment-field';
import { useBlockOutline } from './block-outline';
import { PlaceNote, SubmitRow } from './form-parts';

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
  const sending = useSend(form, FORM_FIELDS, { isProblemAlwaysShown: true });
  // opened by a tap below the guideline: the form comes into view, its map with it
  const scrollIntoView = useCallback((el: HTMLElement | null) => {
    el?.scrollIntoView({ block: 'start' });
  }, []);
  const photo = photos.length === 0 ? t('councilApp.apply.photosRequired') : undefined;
  const designMissing = design.length === 0 ? t('councilApp.apply.designRequired') : undefined;
  const placeMissing = place ? undefined : t('councilApp.apply.placeRequired');

  const finish = async (values: Values) => {
    setIsChecked(true);
    sending.clearProblem();
    const designRef = design[0];
    if (!place || photos.length === 0 || !designRef) return;
    await sending.send(() =>
      onSubmit({
        memberId,
        title: values.title.trim(),
        description: values.description.trim(),
        lat: place.lat,
        lng: place.lng,
        photoIds: photos.map((p) => p.id),
        designId: designRef.id,
      }),
    );
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
          <OutlinePinMap
            boundary={outline.data}
            error={outline.error}
            value={place}
            onChange={setPlace}
            height={260}
            testId="apply-map"
          />
          <PlaceNote value={place} help={t('councilApp.apply.placeHelp')} />
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
        <ProblemAlert problem={sending.problem} testId="apply-problem" />
        <SubmitRow isSending={sending.isSending} onCancel={onCancel} testId="apply-submit">
          {initial ? t('councilApp.apply.resubmit') : t('councilApp.apply.submit')}
        </SubmitRow>
      </Form>
    </section>
  );
}
