import {
  isMainlandMobile,
  normalizeMainlandMobile,
  SHOP_CATEGORIES,
  SHOP_CATEGORY_LABELS,
  type RegisterShopBody,
} from '@cc/contracts';
import { Button, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { LngLatPoint } from '../../components/pin-map';
import { useMe } from '../../lib/session';
import { ProblemAlert, useSend } from '../../lib/sending';
import { councilsApi } from '../councils';
import { BackLink } from './back-link';
import { labelText, usccProblem } from './council-app-format';
import { ShopPlaceField } from './shop-place-field';
import './council-app.css';

interface Values {
  name: string;
  uscc: string;
  address: string;
  category: RegisterShopBody['category'];
  contactName: string;
  contactPhone: string;
  place: LngLatPoint | null;
}

const FIELDS = ['name', 'uscc', 'address', 'category', 'contactName', 'contactPhone', 'place'];
/** The server names the point's latitude or longitude; the form shows it under the map. */
const ALIASES = { lat: 'place', lng: 'place' };

/**
 * 登记商铺 (/r/shops/new): a shop's own account registers it — name, unified social credit
 * code (its check character checked here before sending, and by the server), address, the
 * point on the map, category and contact. Then on to the shop's page, to join an alliance.
 */
export function ShopRegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const uscc = Form.useWatch('uscc', form);
  const sending = useSend(form, FIELDS, {
    aliases: ALIASES,
    toName: (path) => String(path[0]),
    isProblemAlwaysShown: true,
  });

  const finish = async (v: Values) => {
    const place = v.place;
    if (!place) return;
    await sending.send(async () => {
      const shop = await councilsApi.registerShop({
        name: v.name.trim(),
        uscc: v.uscc,
        address: v.address.trim(),
        lat: place.lat,
        lng: place.lng,
        category: v.category,
        contactName: v.contactName.trim(),
        contactPhone: normalizeMainlandMobile(v.contactPhone) ?? v.contactPhone.trim(),
      });
      void navigate(`/r/shops/${shop.id}`, { replace: true });
    });
  };

  return (
    <div className="cc-council-page" data-testid="shop-register">
      <BackLink to="/r/councils" label={t('councilApp.mine.back')} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('councilApp.shop.registerTitle')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('councilApp.shop.registerHelp')}
      </Typography.Text>
      <div className="cc-council-card">
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ place: null }}
          onFinish={(v) => void finish(v)}
          scrollToFirstError
        >
          <Form.Item
            name="name"
            label={t('councilApp.shop.name')}
            rules={[
              { required: true, whitespace: true, message: t('councilApp.shop.nameRequired') },
            ]}
          >
            <Input maxLength={60} data-testid="shop-name-input" />
          </Form.Item>
          <Form.Item
            name="uscc"
            label={t('councilApp.shop.uscc')}
            extra={t('councilApp.shop.usccHelp')}
            normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
            validateTrigger="onBlur"
            rules={[
              { required: true, message: t('councilApp.shop.usccRequired') },
              {
                validator: (_, value: string | undefined) => {
                  const why = value ? usccProblem(value) : undefined;
                  return why
                    ? Promise.reject(new Error(t(`councilApp.shop.usccProblem.${why}`)))
                    : Promise.resolve();
                },
              },
            ]}
          >
            <Input
              maxLength={18}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
              data-testid="shop-uscc-input"
            />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('councilApp.shop.address')}
            rules={[
              { required: true, whitespace: true, message: t('councilApp.shop.addressRequired') },
            ]}
          >
            <Input maxLength={120} data-testid="shop-address-input" />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('councilApp.shop.place')}
            rules={[
              {
                validator: (_, value: LngLatPoint | null) =>
                  value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('councilApp.shop.placeRequired'))),
              },
            ]}
          >
            <ShopPlaceField uscc={uscc} homeArea={me.roles[0]?.areaCode} />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('councilApp.shop.category')}
            rules={[{ required: true, message: t('councilApp.shop.categoryRequired') }]}
          >
            <Select
              options={SHOP_CATEGORIES.map((c) => ({
                value: c,
                label: labelText(SHOP_CATEGORY_LABELS[c], i18n.language, c),
              }))}
              data-testid="shop-category-select"
            />
          </Form.Item>
          <Form.Item
            name="contactName"
            label={t('councilApp.shop.contactName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('councilApp.shop.contactNameRequired'),
              },
            ]}
          >
            <Input maxLength={40} data-testid="shop-contact-name-input" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('councilApp.shop.contactPhone')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  value && isMainlandMobile(normalizeMainlandMobile(value) ?? '')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('councilApp.shop.contactPhoneProblem'))),
              },
            ]}
          >
            <Input
              maxLength={20}
              inputMode="tel"
              autoComplete="tel"
              data-testid="shop-contact-phone-input"
            />
          </Form.Item>
          <ProblemAlert problem={sending.problem} testId="shop-problem" />
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={sending.isSending}
            data-testid="shop-submit"
          >
            {t('councilApp.shop.submit')}
          </Button>
        </Form>
      </div>
    </div>
  );
}
