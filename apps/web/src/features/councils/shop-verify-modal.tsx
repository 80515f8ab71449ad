import type { AccountPick, Shop } from '@cc/contracts';
import { Alert, App, Button, Descriptions, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickShopAccount, verifyShop } from './councils-api';
import { PhoneFinder, useAccountFinder } from './phone-finder';
import { SendModal, useSend } from '../../lib/sending';

/** 核验: confirm an unverified shop (another account optional); 变更账号: give a verified one to another account. */
export type ShopVerifyMode = 'verify' | 'reassign';

interface OwnerValues {
  ownerPhone?: string;
}

/**
 * 核验商户: staff of the shop's area, having checked its business licence and who registered
 * it, confirm it; until then it joins no alliance. When someone else registered its credit
 * code, the shop goes to the account found by the real owner's mobile (optional here; required
 * to 变更持有账号 later). The server's refusals (a council member keeps its account) are said
 * above.
 */
export function ShopVerifyModal({
  shop,
  mode = 'verify',
  onClose,
  onDone,
}: {
  shop: Shop;
  mode?: ShopVerifyMode;
  onClose: () => void;
  onDone: (shop: Shop) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OwnerValues>();
  const sending = useSend();
  const finder = useAccountFinder(form, 'ownerPhone', (phone) => pickShopAccount(shop.id, phone));
  const [owner, setOwner] = useState<AccountPick | undefined>();
  const isReassigning = mode === 'reassign';

  async function find() {
    const typed: unknown = form.getFieldValue('ownerPhone');
    const found = await finder.find();
    // retyped while it was found: that account is not the one asked for
    if (form.getFieldValue('ownerPhone') === typed) setOwner(found ?? undefined);
  }

  const confirm = () =>
    void sending.send(async () => {
      if (isReassigning && !owner) return;
      const done = await verifyShop(shop.id, owner ? { accountId: owner.accountId } : {});
      void message.success(
        owner
          ? t('councils.shop.reassignedDone', { name: done.name, account: owner.name })
          : t('councils.shop.verifiedDone', { name: done.name }),
      );
      onDone(done);
    });

  return (
    <SendModal
      title={t(isReassigning ? 'councils.shop.reassignTitle' : 'councils.shop.verifyTitle', {
        name: shop.name,
      })}
      okText={t(isReassigning ? 'councils.shop.reassignSubmit' : 'councils.shop.verifySubmit')}
      okTestId="shop-verify-submit"
      okButtonProps={{ disabled: isReassigning && !owner }}
      sending={sending}
      onOk={confirm}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">
        {t(isReassigning ? 'councils.shop.reassignHelp' : 'councils.shop.verifyHelp')}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered data-testid="shop-verify-facts">
        <Descriptions.Item label={t('councils.shop.name')}>{shop.name}</Descriptions.Item>
        <Descriptions.Item label={t('councils.shop.uscc')}>
          <span className="cc-council-hash">{shop.uscc}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('councils.shop.address')}>{shop.address}</Descriptions.Item>
        <Descriptions.Item label={t('councils.shop.contact')}>
          {shop.contactName} {shop.contactPhone}
        </Descriptions.Item>
      </Descriptions>
      <Form<OwnerValues>
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        // a number typed anew: the account found for the old one is no longer the choice
        onValuesChange={(changed) => {
          if ('ownerPhone' in changed) setOwner(undefined);
        }}
      >
        <Form.Item
          name="ownerPhone"
          label={t('councils.shop.owner')}
          extra={t(isReassigning ? 'councils.shop.reassignOwnerHelp' : 'councils.shop.ownerHelp')}
          required={isReassigning}
          style={{ marginBottom: owner ? 8 : undefined }}
        >
          <PhoneFinder
            placeholder={t('councils.member.phone')}
            findText={t('councils.member.find')}
            isFinding={finder.isFinding}
            onFind={() => void find()}
            inputTestId="shop-owner-phone-input"
            findTestId="shop-owner-phone-find"
          />
        </Form.Item>
        {owner ? (
          <Alert
            type="success"
            showIcon
            title={t('councils.shop.ownerFound', { name: owner.name, phone: owner.phone })}
            action={
              <Button
                size="small"
                type="text"
                onClick={() => {
                  form.setFields([{ name: 'ownerPhone', value: '', errors: [] }]);
                  setOwner(undefined);
                }}
                data-testid="shop-owner-clear"
              >
                {t('councils.shop.ownerClear')}
              </Button>
            }
            data-testid="shop-owner-found"
            data-account-id={owner.accountId}
          />
        ) : null}
      </Form>
    </SendModal>
  );
}
