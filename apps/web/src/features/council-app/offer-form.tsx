import {
  OFFER_CATEGORIES,
  OFFER_CATEGORY_LABELS,
  type CreateOfferBody,
  type OfferCategory,
} from '@cc/contracts';
import { App, Form, Input, Segmented, Select } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LngLatPoint } from '../../components/pin-map';
import { OutlinePinMap } from '../../components/pin-map-field';
import { ProblemAlert, useSend } from '../../lib/sending';
import { councilsApi } from '../councils';
import { useBlockOutline } from './block-outline';
import { labelText } from './council-app-format';
import { PlaceNote, SubmitRow } from './form-parts';

/** "07:00-19:00" or up to four spans "07:00-11:30,13:00-19:00" (the contract's pattern). */
const HOURS = /^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2}){0,3}$/;

interface Values {
  side: 'offer' | 'need';
  category: OfferCategory;
  title: string;
  description?: string;
  openingHours?: string;
  place: LngLatPoint | null;
}

const FIELDS = ['side', 'category', 'title', 'description', 'openingHours', 'place'];

/**
 * 提供资源 / 提出需求: a member's representative says what its organisation offers (a rest
 * area for outdoor workers, a meeting room, a lawyer's hour…) or needs; a rest area has its
 * place on the block's map and its opening hours, and then shows on the public map.
 */
export function OfferForm({
  councilId,
  blockId,
  memberId,
  onDone,
  onCancel,
}: {
  councilId: string;
  blockId: string;
  memberId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const category = Form.useWatch('category', form);
  const isRestArea = category === 'rest_area';
  const outline = useBlockOutline(blockId);
  const sending = useSend(form, FIELDS, {
    aliases: { lat: 'place', lng: 'place' },
    toName: (path) => String(path[0]),
    isProblemAlwaysShown: true,
  });
  const scrollIntoView = useCallback((el: HTMLElement | null) => {
    el?.scrollIntoView({ block: 'start' });
  }, []);

  const finish = (v: Values) => {
    const body: CreateOfferBody = {
      side: v.side,
      memberId,
      category: v.category,
      title: v.title.trim(),
      ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      ...(v.place ? { lat: v.place.lat, lng: v.place.lng } : {}),
      ...(v.openingHours?.trim() ? { openingHours: v.openingHours.trim() } : {}),
    };
    return sending.send(async () => {
      await councilsApi.createOffer(councilId, body);
      void message.success(t('councilApp.offers.created'));
      onDone();
    });
  };

  return (
    <div ref={scrollIntoView} className="cc-council-scroll-target" data-testid="offer-form">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ side: 'offer', place: null }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="side">
          <Segmented
            block
            options={[
              { value: 'offer', label: t('councilApp.offers.offerSide') },
              { value: 'need', label: t('councilApp.offers.needSide') },
            ]}
            data-testid="offer-side"
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('councilApp.offers.category')}
          rules={[{ required: true, message: t('councilApp.offers.categoryRequired') }]}
        >
          <Select
            options={OFFER_CATEGORIES.map((c) => ({
              value: c,
              label: labelText(OFFER_CATEGORY_LABELS[c], i18n.language, c),
            }))}
            data-testid="offer-category-select"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('councilApp.offers.title')}
          rules={[
            { required: true, whitespace: true, message: t('councilApp.offers.titleRequired') },
          ]}
        >
          <Input maxLength={60} data-testid="offer-title-input" />
        </Form.Item>
        <Form.Item name="description" label={t('councilApp.offers.description')}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="offer-description-input" />
        </Form.Item>
        {isRestArea && (
          <Form.Item
            name="openingHours"
            label={t('councilApp.offers.hours')}
            extra={t('councilApp.offers.hoursHelp')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  value && HOURS.test(value.trim())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('councilApp.offers.hoursProblem'))),
              },
            ]}
          >
            <Input placeholder="07:00-19:00" maxLength={47} data-testid="offer-hours-input" />
          </Form.Item>
        )}
        <Form.Item
          name="place"
          label={t('councilApp.offers.place')}
          rules={[
            {
              validator: (_, value: LngLatPoint | null) =>
                !isRestArea || value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('councilApp.offers.placeRequired'))),
            },
          ]}
        >
          <OfferPlace outline={outline} />
        </Form.Item>
        <ProblemAlert problem={sending.problem} testId="offer-problem" />
        <SubmitRow isSending={sending.isSending} onCancel={onCancel} testId="offer-submit">
          {t('councilApp.offers.submit')}
        </SubmitRow>
      </Form>
    </div>
  );
}

/** The place on the block's map (a form control: `value` the point). */
function OfferPlace({
  outline,
  value,
  onChange,
}: {
  outline: ReturnType<typeof useBlockOutline>;
  value?: LngLatPoint | null;
  onChange?: (point: LngLatPoint | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <OutlinePinMap
        boundary={outline.data}
        error={outline.error}
        value={value ?? null}
        onChange={(p) => onChange?.(p)}
        height={220}
        testId="offer-map"
      />
      {/* the note once the map is there */}
      {outline.error || !outline.data ? null : (
        <PlaceNote value={value} help={t('councilApp.offers.placeHelp')} />
      )}
    </>
  );
}
