import { ShopOutlined } from '@ant-design/icons';
import { SHOP_CATEGORY_LABELS, SHOP_STAFF_ROLES, type Shop } from '@cc/contracts';
import { Button, Checkbox, Input, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard } from '../../components/list-page';
import { useCursorList } from '../../lib/use-cursor-list';
import { atTime, useLabel } from './council-format';
import { listShops } from './councils-api';
import { MoreButton, PageHead, RefreshButton, rowData } from '../../components/page-parts';
import { ShopDrawer } from './shop-drawer';
import { ShopVerifyModal, type ShopVerifyMode } from './shop-verify-modal';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { STREET_PICKER } from './council-roles';
import './councils.css';

/**
 * 商户 (/shops): the registered shops of a street or committee, searched by name or credit
 * code, with the councils each belongs to; 登记商户 registers one for its owner. A shop its
 * owner registered waits (待核验) until staff check its licence (核验): only then may it join;
 * 变更账号 gives a verified one whose credit code someone else registered to its real owner.
 */
export function ShopsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const choice = useAreaChoice(SHOP_STAFF_ROLES, 'street');
  const { area } = choice;
  const [q, setQ] = useState('');
  const [isUnverifiedOnly, setUnverifiedOnly] = useState(false);
  const [isCreating, setCreating] = useState(false);
  const [verifying, setVerifying] = useState<{ shop: Shop; mode: ShopVerifyMode } | undefined>();
  const list = useCursorList(
    (cursor, signal) =>
      listShops(
        {
          area,
          q: q.trim() || undefined,
          ...(isUnverifiedOnly ? { unverified: true } : {}),
          cursor,
        },
        signal,
      ),
    [area, q, isUnverifiedOnly],
    (s) => s.id,
  );
  const level = choice.detail?.level;
  const canRegisterHere = level === 'street' || level === 'committee';

  return (
    <div data-testid="shops-page">
      <PageHead
        className="cc-council-head"
        title={t('councils.shop.title')}
        actions={
          <Tooltip title={canRegisterHere ? undefined : t('councils.shop.pickArea')}>
            <Button
              type="primary"
              icon={<ShopOutlined />}
              disabled={!canRegisterHere}
              onClick={() => setCreating(true)}
              data-testid="shop-create"
            >
              {t('councils.shop.create')}
            </Button>
          </Tooltip>
        }
      >
        <AreaChoiceSelect choice={choice} picker={STREET_PICKER} testId="shops-area" />
      </PageHead>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('councils.shop.search')}
              onSearch={setQ}
              style={{ width: 280 }}
              data-testid="shops-search"
            />
            <Checkbox
              checked={isUnverifiedOnly}
              onChange={(e) => setUnverifiedOnly(e.target.checked)}
              data-testid="shops-unverified-only"
            >
              {t('councils.shop.unverifiedOnly')}
            </Checkbox>
          </Space>
        }
        actions={<RefreshButton onClick={list.restart} />}
      >
        <Table<Shop>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('councils.shop.empty') }}
          onRow={(s) => rowData('shop-row', { 'data-id': s.id })}
          columns={[
            { title: t('councils.shop.name'), dataIndex: 'name' },
            {
              title: t('councils.shop.uscc'),
              dataIndex: 'uscc',
              render: (v: string) => <span className="cc-council-hash">{v}</span>,
            },
            {
              title: t('councils.shop.category'),
              key: 'category',
              render: (_: unknown, s) => label(SHOP_CATEGORY_LABELS[s.category]),
            },
            {
              title: t('councils.shop.status'),
              key: 'status',
              render: (_: unknown, s) =>
                s.verifiedAt ? (
                  <Tooltip title={atTime(s.verifiedAt)}>
                    <Tag color="green" data-testid="shop-verified">
                      {t('councils.shop.verified')}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Tag color="orange" data-testid="shop-unverified">
                    {t('councils.shop.unverified')}
                  </Tag>
                ),
            },
            { title: t('councils.shop.address'), dataIndex: 'address' },
            {
              title: t('councils.shop.contact'),
              key: 'contact',
              render: (_: unknown, s) => `${s.contactName} ${s.contactPhone}`,
            },
            {
              title: t('councils.shop.committee'),
              key: 'committee',
              render: (_: unknown, s) => s.committee?.name ?? t('common.none'),
            },
            {
              title: t('councils.shop.councils'),
              key: 'councils',
              render: (_: unknown, s) => (
                <Space size={2} wrap>
                  {s.councils.map((c) => (
                    <Link key={c.id} to={`/councils/${encodeURIComponent(c.id)}`}>
                      <Tag color="blue">{c.name}</Tag>
                    </Link>
                  ))}
                </Space>
              ),
            },
            {
              title: t('councils.shop.createdAt'),
              key: 'at',
              render: (_: unknown, s) => atTime(s.createdAt),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, s) =>
                s.verifiedAt ? (
                  <Button
                    size="small"
                    onClick={() => setVerifying({ shop: s, mode: 'reassign' })}
                    data-testid="shop-reassign"
                    data-id={s.id}
                  >
                    {t('councils.shop.reassign')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    onClick={() => setVerifying({ shop: s, mode: 'verify' })}
                    data-testid="shop-verify"
                    data-id={s.id}
                  >
                    {t('councils.shop.verify')}
                  </Button>
                ),
            },
          ]}
        />
        <MoreButton list={list} text={t('councils.loadMore')} isLoadingShown testId="shops-more" />
      </ListCard>
      {isCreating && area ? (
        <ShopDrawer
          areaCode={area}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.restart();
          }}
        />
      ) : null}
      {verifying ? (
        <ShopVerifyModal
          shop={verifying.shop}
          mode={verifying.mode}
          onClose={() => setVerifying(undefined)}
          onDone={() => {
            setVerifying(undefined);
            list.restart();
          }}
        />
      ) : null}
    </div>
  );
}
