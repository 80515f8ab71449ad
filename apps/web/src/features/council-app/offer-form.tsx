import {
  OFFER_CATEGORIES,
  OFFER_CATEGORY_LABELS,
  type CreateOfferBody,
  type OfferCategory,
} from '@cc/contracts';
import { Alert, App, Button, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import type { LngLatPoint } from '../../components/pin-map';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { councilsApi } from '../councils';
import { useBlockOutline } from './block-outline';
import { labelText } from './council-app-format';

const PinMap = lazy(() => import('../../components/pin-map'));

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
  const [problem, setProblem] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  const scrollIntoView = useCallback((el: HTMLElement | null) => {
    el?.scrollIntoView({ block: 'start' });
  }, []);

  const finish = async (v: Values) => {
    setIsBusy(true);
    setProblem(undefined);
    const body: CreateOfferBody = {
      side: v.side,
      memberId,
      category: v.category,
      title: v.title.trim(),
      ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      ...(v.place ? { lat: v.place.lat, lng: v.place.lng } : {}),
      ...(v.openingHours?.trim() ? { openingHours: v.openingHours.trim() } : {}),
    };
    try {
      await councilsApi.createOffer(councilId, body);
      void message.success(t('councilApp.offers.created'));
      onDone();
    } catch (e) {
      showServerFieldError(form, e, FIELDS, {
        aliases: { lat: 'place', lng: 'place' },
        toName: (path) => String(path[0]),
      });
      setProblem(describeError(e, t));
    } finally {
      setIsBusy(false);
    }
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
        {problem && (
          <Alert
            type="error"
            showIcon
            title={problem}
            style={{ marginBottom: 12 }}
            data-testid="offer-problem"
          />
        )}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={isBusy} data-testid="offer-submit">
            {t('councilApp.offers.submit')}
          </Button>
        </Space>
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
  if (outline.error)
    return <Typography.Text type="danger">{describeError(outline.error, t)}</Typography.Text>;
  if (!outline.data) return <PageSpin />;
  return (
    <>
      <Suspense fallback={<PageSpin />}>
        <PinMap
          boundary={outline.data}
          value={value ?? null}
          onChange={(p) => onChange?.(p)}
          height={220}
          testId="offer-map"
        />
      </Suspense>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {value
          ? t('councilApp.apply.placePicked', { latitude: value.lat, longitude: value.lng })
          : t('councilApp.offers.placeHelp')}
      </Typography.Text>
    </>
  );
}
