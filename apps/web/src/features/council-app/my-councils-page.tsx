import { AuditOutlined, PlusOutlined, RightOutlined, ShopOutlined } from '@ant-design/icons';
import {
  COUNCIL_KIND_LABELS,
  COUNCIL_ROLE_LABELS,
  SHOP_CATEGORY_LABELS,
  type Council,
} from '@cc/contracts';
import { Badge, Button, Empty, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { councilsApi } from '../councils';
import { labelText } from './council-app-format';
import './council-app.css';

/** The reader's role in a council, as a tag (`council-role`). */
export function RoleTag({ council }: { council: Council }) {
  const { t, i18n } = useTranslation();
  const role = council.me?.role;
  return (
    <Tag color={role === 'member' || !role ? 'default' : 'blue'} data-testid="council-role">
      {role
        ? labelText(COUNCIL_ROLE_LABELS[role], i18n.language, role)
        : t('councilApp.home.notMember')}
    </Tag>
  );
}

function CouncilCard({ council }: { council: Council }) {
  const { t, i18n } = useTranslation();
  return (
    <Link
      to={`/r/councils/${council.id}`}
      className="cc-council-row"
      data-testid="my-council-card"
      data-id={council.id}
    >
      <span className="cc-council-row-main">
        <Typography.Text strong>{council.name}</Typography.Text>
        <span className="cc-council-muted">
          {labelText(COUNCIL_KIND_LABELS[council.kind], i18n.language, council.kind)} ·{' '}
          {council.block.name} · {council.street.name}
        </span>
        <span className="cc-council-muted">
          {t('councilApp.home.memberCount', { count: council.memberCount })}
        </span>
      </span>
      <RoleTag council={council} />
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}

function Section({
  title,
  extra,
  children,
}: {
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </div>
      {children}
    </section>
  );
}

/** 我的商铺: the shops of the signed-in account, and the way to register one. */
function MyShops() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const shops = useRequest((signal) => councilsApi.listShops({ limit: 50 }, signal), []);
  return (
    <Section
      title={t('councilApp.mine.shops')}
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => void navigate('/r/shops/new')}
          data-testid="shop-register-open"
        >
          {t('councilApp.mine.registerShop')}
        </Button>
      }
    >
      {shops.error ? (
        <LoadError error={shops.error} onRetry={shops.reload} isCompact />
      ) : !shops.data ? (
        <PageSpin />
      ) : shops.data.items.length === 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('councilApp.mine.noShops')}
        </Typography.Text>
      ) : (
        shops.data.items.map((shop) => (
          <Link
            key={shop.id}
            to={`/r/shops/${shop.id}`}
            className="cc-council-row"
            data-testid="my-shop-row"
            data-id={shop.id}
          >
            <ShopOutlined style={{ fontSize: 20, color: '#d48806' }} />
            <span className="cc-council-row-main">
              <Typography.Text strong>{shop.name}</Typography.Text>
              <span className="cc-council-muted">
                {labelText(SHOP_CATEGORY_LABELS[shop.category], i18n.language, shop.category)} ·{' '}
                {shop.address}
              </span>
            </span>
            <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
          </Link>
        ))
      )}
    </Section>
  );
}

/** 待我评审: shown only to an expert reviewer with applications waiting. */
function ReviewsRow() {
  const { t } = useTranslation();
  const reviews = useRequest(
    (signal) => councilsApi.listMyReviews(signal).catch(() => ({ items: [] })),
    [],
  );
  const count = reviews.data?.items.length ?? 0;
  if (count === 0) return null;
  return (
    <Link to="/r/reviews" className="cc-council-row" data-testid="my-reviews-link">
      <AuditOutlined style={{ fontSize: 20, color: '#389e0d' }} />
      <span className="cc-council-row-main">
        <Typography.Text strong>{t('councilApp.reviews.title')}</Typography.Text>
        <span className="cc-council-muted">{t('councilApp.reviews.help')}</span>
      </span>
      <Badge count={count} />
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}

/**
 * 我的共治 (/r/councils): the councils whose member the signed-in account represents, with
 * its role in each; the shops it owns (and registering one); reviews waiting for an expert.
 */
export function MyCouncilsPage() {
  const { t } = useTranslation();
  const councils = useRequest((signal) => councilsApi.listCouncils({}, signal), []);
  return (
    <div className="cc-council-page" data-testid="my-councils-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('councilApp.mine.title')}
      </Typography.Title>
      <ReviewsRow />
      <Section title={t('councilApp.mine.councils')}>
        {councils.error ? (
          <LoadError error={councils.error} onRetry={councils.reload} isCompact />
        ) : !councils.data ? (
          <PageSpin />
        ) : councils.data.items.length === 0 ? (
          <div className="cc-council-card">
            <Empty description={t('councilApp.mine.none')} />
          </div>
        ) : (
          councils.data.items.map((c) => <CouncilCard key={c.id} council={c} />)
        )}
      </Section>
      <MyShops />
    </div>
  );
}
