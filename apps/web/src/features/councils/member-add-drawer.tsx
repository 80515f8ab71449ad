import { DeleteOutlined } from '@ant-design/icons';
import {
  COUNCIL_ROLE_LABELS,
  COUNCIL_ROLES,
  MEMBER_GROUP,
  MEMBER_KIND_LABELS,
  MEMBER_KINDS,
  type Council,
  type CouncilRole,
  type MemberKind,
  type Shop,
} from '@cc/contracts';
import { App, Button, Form, Input, List, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { useLabel } from './council-format';
import { addMember, listShops, pickAccount } from './councils-api';
import { PhoneFinder, useAccountFinder } from './phone-finder';
import { FormDrawer, useSend } from '../../lib/sending';

interface MemberValues {
  kind: MemberKind;
  shopId?: string;
  name: string;
  repPhone?: string;
}

interface PickedRep {
  accountId: string;
  name: string;
  phone: string;
  role: CouncilRole;
}

/** The shops of the council's street, searched by name as one types (a merchant member). */
function ShopSelect({
  street,
  value,
  onChange,
  onShop,
}: {
  street: string;
  value?: string;
  onChange?: (id: string) => void;
  onShop: (shop: Shop) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const shops = useRequest(
    (signal) => listShops({ area: street, q: q.trim() || undefined, limit: 30 }, signal),
    [street, q],
  );
  const items = shops.data?.items ?? [];
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(id: string) => {
        onChange?.(id);
        const shop = items.find((s) => s.id === id);
        if (shop) onShop(shop);
      }}
      loading={shops.isLoading}
      placeholder={t('councils.member.shopSearch')}
      notFoundContent={shops.error ? describeError(shops.error, t) : t('councils.member.noShop')}
      options={items.map((s) => ({
        value: s.id,
        label: `${s.name} · ${s.address}`,
      }))}
      data-testid="member-shop-select"
    />
  );
}

/**
 * 添加成员: an organisation of the "1 + 3 + X" (a merchant is a registered shop of the street),
 * with its representatives — accounts found by their mobile number — in their council roles.
 */
export function MemberAddDrawer({
  council,
  onClose,
  onAdded,
}: {
  council: Council;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<MemberValues>();
  const sending = useSend(form, ['kind', 'name', 'shopId', 'representatives'], {
    // `representatives.0.accountId`: said under the phone box the account was found with
    toName: (path) => (path[0] === 'representatives' ? 'repPhone' : (path[0] as string)),
  });
  const [reps, setReps] = useState<PickedRep[]>([]);
  const finder = useAccountFinder(form, 'repPhone', (phone) => pickAccount(council.id, phone));
  const kind = Form.useWatch('kind', form);

  async function find() {
    const found = await finder.find();
    if (!found) return;
    if (reps.some((r) => r.accountId === found.accountId)) {
      form.setFields([{ name: 'repPhone', errors: [t('councils.member.repTwice')] }]);
      return;
    }
    setReps([...reps, { ...found, role: 'member' }]);
    form.setFields([{ name: 'repPhone', value: '', errors: [] }]);
  }

  const send = (v: MemberValues) =>
    sending.send(async () => {
      if (reps.length === 0) {
        form.setFields([{ name: 'repPhone', errors: [t('councils.member.repsRule')] }]);
        return;
      }
      await addMember(council.id, {
        kind: v.kind,
        name: v.name.trim(),
        ...(v.kind === 'merchant' && v.shopId ? { shopId: v.shopId } : {}),
        representatives: reps.map((r) => ({ accountId: r.accountId, role: r.role })),
      });
      void message.success(t('councils.member.added', { name: v.name.trim() }));
      onAdded();
    });

  return (
    <FormDrawer
      title={t('councils.member.addTitle', { council: council.name })}
      size={560}
      submitText={t('councils.member.submit')}
      submitTestId="member-submit"
      testId="member-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<MemberValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: council.kind === 'merchant_alliance' ? 'merchant' : 'party' }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item name="kind" label={t('councils.member.kind')} rules={[{ required: true }]}>
          <Select
            options={MEMBER_KINDS.map((k) => ({
              value: k,
              label: `${MEMBER_GROUP[k]} · ${label(MEMBER_KIND_LABELS[k])}`,
            }))}
            data-testid="member-kind-select"
          />
        </Form.Item>
        {kind === 'merchant' ? (
          <Form.Item
            name="shopId"
            label={t('councils.member.shop')}
            extra={t('councils.member.shopHelp')}
            rules={[{ required: true, message: t('councils.member.shopRule') }]}
          >
            <ShopSelect
              street={council.street.code}
              onShop={(shop) => form.setFieldValue('name', shop.name)}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="name"
          label={t('councils.member.name')}
          rules={[{ required: true, whitespace: true, message: t('councils.member.nameRule') }]}
        >
          <Input maxLength={60} data-testid="member-name-input" />
        </Form.Item>
        <Form.Item
          name="repPhone"
          label={t('councils.member.reps')}
          extra={t('councils.member.repsHelp')}
          required
        >
          <PhoneFinder
            placeholder={t('councils.member.phone')}
            findText={t('councils.member.find')}
            isFinding={finder.isFinding}
            onFind={() => void find()}
            inputTestId="member-phone-input"
            findTestId="member-phone-find"
          />
        </Form.Item>
        <List<PickedRep>
          size="small"
          dataSource={reps}
          locale={{ emptyText: t('councils.member.noReps') }}
          data-testid="member-reps"
          renderItem={(r) => (
            <List.Item
              data-testid="member-rep"
              data-account-id={r.accountId}
              actions={[
                <Select<CouncilRole>
                  key="role"
                  size="small"
                  value={r.role}
                  style={{ width: 110 }}
                  onChange={(role) =>
                    setReps(reps.map((x) => (x.accountId === r.accountId ? { ...x, role } : x)))
                  }
                  options={COUNCIL_ROLES.map((role) => ({
                    value: role,
                    label: label(COUNCIL_ROLE_LABELS[role]),
                  }))}
                  data-testid="member-role-select"
                />,
                <Button
                  key="remove"
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('councils.member.removeRep')}
                  onClick={() => setReps(reps.filter((x) => x.accountId !== r.accountId))}
                />,
              ]}
            >
              {r.name} · {r.phone}
            </List.Item>
          )}
        />
      </Form>
    </FormDrawer>
  );
}
