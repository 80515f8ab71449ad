import {
  isValidUscc,
  SHOP_CATEGORIES,
  SHOP_CATEGORY_LABELS,
  USCC_PATTERN,
  type Shop,
  type ShopCategory,
} from '@cc/contracts';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LngLatPoint, PinMapBoundary } from '../../components/pin-map';
import { OutlinePinMap } from '../../components/pin-map-field';
import { areasApi, useRequest } from '../../lib/api';
import { useLabel } from './council-format';
import { registerShop } from './councils-api';
import { mobileDigits } from './phone-finder';
import { FormDrawer, useSend } from '../../lib/sending';

interface ShopValues {
  name: string;
  uscc: string;
  address: string;
  category: ShopCategory;
  contactName: string;
  contactPhone: string;
  point: LngLatPoint;
}

/** The shop's door: a click on the area's outline. Form.Item passes `value` and `onChange`. */
function ShopPointField({
  areaCode,
  value,
  onChange,
}: {
  areaCode: string;
  value?: LngLatPoint;
  onChange?: (p: LngLatPoint) => void;
}) {
  const outline = useRequest((signal) => areasApi.getBoundaries(areaCode, signal), [areaCode]);
  return (
    <OutlinePinMap
      boundary={outline.data as PinMapBoundary | undefined}
      value={value ?? null}
      onChange={onChange}
      height={280}
      testId="shop-map"
    />
  );
}

/**
 * 登记商户 for its owner: the shop's name, its unified social credit code (统一社会信用代码,
 * checked by its GB 32100 check character here and on the server), address and door on the
 * map, category and contact. The owner's own account then joins an alliance from the phone.
 */
export function ShopDrawer({
  areaCode,
  onClose,
  onCreated,
}: {
  areaCode: string;
  onClose: () => void;
  onCreated: (shop: Shop) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShopValues>();
  const sending = useSend(
    form,
    ['name', 'uscc', 'address', 'category', 'contactName', 'contactPhone', 'point'],
    { aliases: { lat: 'point', lng: 'point' }, toName: (path) => path[0] as string },
  );

  const send = (v: ShopValues) =>
    sending.send(async () => {
      const shop = await registerShop({
        name: v.name.trim(),
        uscc: v.uscc.trim().toUpperCase(),
        address: v.address.trim(),
        lat: v.point.lat,
        lng: v.point.lng,
        category: v.category,
        contactName: v.contactName.trim(),
        contactPhone: mobileDigits(v.contactPhone) ?? v.contactPhone.trim(),
      });
      void message.success(t('councils.shop.created', { name: shop.name }));
      onCreated(shop);
    });

  return (
    <FormDrawer
      title={t('councils.shop.create')}
      size={600}
      submitText={t('councils.shop.submit')}
      submitTestId="shop-submit"
      testId="shop-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<ShopValues>
        form={form}
        layout="vertical"
        initialValues={{ category: 'catering' }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="name"
          label={t('councils.shop.name')}
          rules={[{ required: true, whitespace: true, message: t('councils.shop.nameRule') }]}
        >
          <Input maxLength={60} data-testid="shop-name-input" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('councils.shop.uscc')}
          extra={t('councils.shop.usccHelp')}
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                if (!v || !new RegExp(USCC_PATTERN).test(v)) {
                  return Promise.reject(new Error(t('councils.shop.usccShape')));
                }
                return isValidUscc(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('councils.shop.usccCheck')));
              },
            },
          ]}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="shop-uscc-input" />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('councils.shop.address')}
          rules={[{ required: true, whitespace: true, message: t('councils.shop.addressRule') }]}
        >
          <Input maxLength={120} data-testid="shop-address-input" />
        </Form.Item>
        <Form.Item name="category" label={t('councils.shop.category')} rules={[{ required: true }]}>
          <Select
            options={SHOP_CATEGORIES.map((c) => ({
              value: c,
              label: label(SHOP_CATEGORY_LABELS[c]),
            }))}
            data-testid="shop-category-select"
          />
        </Form.Item>
        <Form.Item
          name="contactName"
          label={t('councils.shop.contactName')}
          rules={[
            { required: true, whitespace: true, message: t('councils.shop.contactNameRule') },
          ]}
        >
          <Input maxLength={40} data-testid="shop-contact-name-input" />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('councils.shop.contactPhone')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                mobileDigits(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('councils.member.phoneRule'))),
            },
          ]}
        >
          <Input maxLength={20} inputMode="tel" data-testid="shop-contact-phone-input" />
        </Form.Item>
        <Form.Item
          name="point"
          label={t('councils.shop.point')}
          extra={t('councils.shop.pointHelp')}
          rules={[{ required: true, message: t('councils.shop.pointRule') }]}
        >
          <ShopPointField areaCode={areaCode} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
