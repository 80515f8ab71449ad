import {
  OFFER_CATEGORIES,
  OFFER_CATEGORY_LABELS,
  type Council,
  type CouncilMember,
  type Offer,
  type OfferCategory,
} from '@cc/contracts';
import { App, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LngLatPoint, PinMapBoundary } from '../../components/pin-map';
import { OutlinePinMap } from '../../components/pin-map-field';
import { useRequest } from '../../lib/api';
import { useLabel } from './council-format';
import { createOffer, getBlock, matchProject } from './councils-api';
import { SendModal, useSend } from '../../lib/sending';

/** "07:00-19:00" or up to four spans, "07:00-11:30,13:00-19:00" (the contract's pattern). */
const HOURS = /^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2}){0,3}$/;

interface OfferValues {
  side: 'offer' | 'need';
  memberId: string;
  category: OfferCategory;
  title: string;
  description?: string;
  point?: LngLatPoint;
  openingHours?: string;
}

/** A place inside the block: a click on its outline. Form.Item passes `value` and `onChange`. */
function BlockPointField({
  blockId,
  value,
  onChange,
}: {
  blockId: string;
  value?: LngLatPoint;
  onChange?: (p: LngLatPoint) => void;
}) {
  const block = useRequest((signal) => getBlock(blockId, signal), [blockId]);
  const boundary: PinMapBoundary | undefined = block.data && {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: block.data.boundary }],
  };
  return (
    <OutlinePinMap
      boundary={boundary}
      value={value ?? null}
      onChange={onChange}
      height={260}
      testId="offer-map"
    />
  );
}

/**
 * 登记资源或需求: what a member offers (a rest area for outdoor workers — with its place in
 * the block and opening hours —, a meeting room, a lawyer's hour) or needs (greenery, guards).
 */
export function OfferModal({
  council,
  members,
  onClose,
  onDone,
}: {
  council: Council;
  members: readonly CouncilMember[];
  onClose: () => void;
  onDone: (offer: Offer) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<OfferValues>();
  const sending = useSend(
    form,
    ['side', 'memberId', 'category', 'title', 'description', 'point', 'openingHours'],
    { aliases: { lat: 'point', lng: 'point' }, toName: (path) => path[0] as string },
  );
  const category = Form.useWatch('category', form);
  const isRestArea = category === 'rest_area';
  // staff and those who run the council speak for any member; a representative for their own
  const choices = council.can.manage
    ? members
    : members.filter((m) => m.id === council.me?.memberId);

  const send = (v: OfferValues) =>
    sending.send(async () => {
      const offer = await createOffer(council.id, {
        side: v.side,
        memberId: v.memberId,
        category: v.category,
        title: v.title.trim(),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        ...(v.point ? { lat: v.point.lat, lng: v.point.lng } : {}),
        ...(v.openingHours?.trim() ? { openingHours: v.openingHours.trim() } : {}),
      });
      void message.success(t('councils.offer.created', { title: offer.title }));
      onDone(offer);
    });

  return (
    <SendModal
      title={t('councils.offer.create')}
      okText={t('councils.offer.submit')}
      okTestId="offer-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
      width={600}
    >
      <Form<OfferValues>
        form={form}
        layout="vertical"
        initialValues={{
          side: 'offer',
          category: 'rest_area',
          memberId: choices.length === 1 ? choices[0]!.id : undefined,
        }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item name="side" label={t('councils.offer.side')}>
          <Radio.Group
            optionType="button"
            options={(['offer', 'need'] as const).map((s) => ({
              value: s,
              label: <span data-testid={`offer-side-${s}`}>{t(`councils.offer.sides.${s}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="memberId"
          label={t('councils.offer.member')}
          rules={[{ required: true, message: t('councils.offer.memberRule') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={choices.map((m) => ({ value: m.id, label: m.name }))}
            data-testid="offer-member-select"
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('councils.offer.category')}
          rules={[{ required: true }]}
        >
          <Select
            options={OFFER_CATEGORIES.map((c) => ({
              value: c,
              label: label(OFFER_CATEGORY_LABELS[c]),
            }))}
            data-testid="offer-category-select"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('councils.offer.title')}
          rules={[{ required: true, whitespace: true, message: t('councils.offer.titleRule') }]}
        >
          <Input maxLength={60} data-testid="offer-title-input" />
        </Form.Item>
        <Form.Item name="description" label={t('councils.offer.description')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        {isRestArea ? (
          <>
            <Form.Item
              name="point"
              label={t('councils.offer.place')}
              extra={t('councils.offer.placeHelp')}
              rules={[{ required: true, message: t('councils.offer.placeRule') }]}
            >
              <BlockPointField blockId={council.block.id} />
            </Form.Item>
            <Form.Item
              name="openingHours"
              label={t('councils.offer.hours')}
              extra={t('councils.offer.hoursHelp')}
              rules={[
                { required: true, message: t('councils.offer.hoursRule') },
                { pattern: HOURS, message: t('councils.offer.hoursRule') },
              ]}
            >
              <Input placeholder="07:00-19:00" data-testid="offer-hours-input" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </SendModal>
  );
}

/** 匹配成项目: a need met by one or more offers, all open, under one title. */
export function MatchModal({
  council,
  offers,
  onClose,
  onDone,
}: {
  council: Council;
  offers: readonly Offer[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ needId: string; offerIds: string[]; title: string }>();
  const sending = useSend(form, ['needId', 'offerIds', 'title'], {
    toName: (path) => path[0] as string,
  });
  const open = offers.filter((o) => o.status === 'open');
  const option = (o: Offer) => ({ value: o.id, label: `${o.title} · ${o.member.name}` });
  return (
    <SendModal
      title={t('councils.project.match')}
      okText={t('councils.project.submit')}
      okTestId="project-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void sending.send(async () => {
            await matchProject(council.id, {
              needId: v.needId,
              offerIds: v.offerIds,
              title: v.title.trim(),
            });
            void message.success(t('councils.project.created', { title: v.title.trim() }));
            onDone();
          })
        }
      >
        <Form.Item
          name="needId"
          label={t('councils.project.need')}
          rules={[{ required: true, message: t('councils.project.needRule') }]}
        >
          <Select
            options={open.filter((o) => o.side === 'need').map(option)}
            onChange={(id: string) => {
              if (!form.getFieldValue('title')) {
                form.setFieldValue('title', open.find((o) => o.id === id)?.title);
              }
            }}
            data-testid="project-need-select"
          />
        </Form.Item>
        <Form.Item
          name="offerIds"
          label={t('councils.project.offers')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('councils.project.offersRule') },
          ]}
        >
          <Select
            mode="multiple"
            options={open.filter((o) => o.side === 'offer').map(option)}
            data-testid="project-offers-select"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('councils.project.title')}
          rules={[{ required: true, whitespace: true, message: t('councils.project.titleRule') }]}
        >
          <Input maxLength={80} data-testid="project-title-input" />
        </Form.Item>
      </Form>
    </SendModal>
  );
}
