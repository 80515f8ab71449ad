import { RightOutlined, TeamOutlined } from '@ant-design/icons';
import { SHOP_CATEGORY_LABELS, type Shop } from '@cc/contracts';
import { Alert, App, Button, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { shanghaiDate } from '../../lib/shanghai-time';
import { councilsApi } from '../councils';
import { BackLink } from './back-link';
import { labelText } from './council-app-format';
import './council-app.css';

const PinMap = lazy(() => import('../../components/pin-map'));

/** The shop's point on its committee's outline (read-only). */
function ShopMap({ shop }: { shop: Shop }) {
  const code = shop.committee?.code;
  const outline = useRequest((signal) => areasApi.getBoundaries(code!, signal), [code], !!code);
  if (!code || outline.error || !outline.data) return null;
  return (
    <Suspense fallback={<PageSpin />}>
      <PinMap
        boundary={outline.data as PinMapBoundary}
        value={{ lat: shop.lat, lng: shop.lng }}
        height={200}
        testId="shop-place-view"
      />
    </Suspense>
  );
}

/**
 * 我的商铺 (/r/shops/:id): the shop as registered (its contact masked), the councils it is a
 * member of, and the merchant alliances of the blocks it lies in that it may join (`shop-join`)
 * — once the street has verified it (`shop-pending` until then, the 加入 buttons disabled).
 */
export function ShopPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const shop = useRequest((signal) => councilsApi.getShop(id, signal), [id]);
  const [busyId, setBusyId] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const join = (councilId: string, name: string) => {
    setBusyId(councilId);
    setProblem(undefined);
    councilsApi
      .joinCouncil(councilId, id)
      .then(
        () => void message.success(t('councilApp.shop.joined', { name })),
        (e: unknown) => setProblem(describeError(e, t)),
      )
      .finally(() => {
        setBusyId(undefined);
        shop.reload();
      });
  };

  const back = <BackLink to="/r/councils" label={t('councilApp.mine.back')} />;
  if (shop.error && !shop.data)
    return (
      <div className="cc-council-page">
        {back}
        <LoadError error={shop.error} onRetry={shop.reload} isCompact />
      </div>
    );
  if (!shop.data) return <PageSpin />;
  const s = shop.data;
  const joinable = s.joinable ?? [];
  const isVerified = s.verifiedAt !== null;
  return (
    <div className="cc-council-page" data-testid="shop-page" data-id={s.id}>
      {back}
      <div className="cc-council-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {s.name}
        </Typography.Title>
        <dl className="cc-council-facts">
          <dt>{t('councilApp.shop.uscc')}</dt>
          <dd className="cc-council-hash" data-testid="shop-uscc">
            {s.uscc}
          </dd>
          <dt>{t('councilApp.shop.category')}</dt>
          <dd>{labelText(SHOP_CATEGORY_LABELS[s.category], i18n.language, s.category)}</dd>
          <dt>{t('councilApp.shop.address')}</dt>
          <dd>{s.address}</dd>
          {s.committee && (
            <>
              <dt>{t('councilApp.shop.committee')}</dt>
              <dd>{s.committee.name}</dd>
            </>
          )}
          <dt>{t('councilApp.shop.contact')}</dt>
          <dd>
            {s.contactName} {s.contactPhone}
          </dd>
          {s.verifiedAt && (
            <>
              <dt>{t('councilApp.shop.verified')}</dt>
              <dd data-testid="shop-verified-at">{shanghaiDate(Date.parse(s.verifiedAt))}</dd>
            </>
          )}
        </dl>
        <ShopMap shop={s} />
      </div>

      {!isVerified && (
        <Alert
          type="info"
          showIcon
          title={t('councilApp.shop.pending')}
          data-testid="shop-pending"
        />
      )}

      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          closable={{ onClose: () => setProblem(undefined) }}
          data-testid="shop-join-problem"
        />
      )}

      <section className="cc-council-card" data-testid="shop-councils">
        <Typography.Text strong>{t('councilApp.shop.councils')}</Typography.Text>
        {s.councils.length === 0 ? (
          <div className="cc-council-muted">{t('councilApp.shop.noCouncils')}</div>
        ) : (
          s.councils.map((c) => (
            <Link
              key={c.id}
              to={`/r/councils/${c.id}`}
              className="cc-council-line"
              style={{ color: 'inherit', alignItems: 'center' }}
              data-testid="shop-council-row"
              data-id={c.id}
            >
              <TeamOutlined />
              <span className="cc-council-row-main">{c.name}</span>
              <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
            </Link>
          ))
        )}
      </section>

      {s.mine && (
        <section className="cc-council-card" data-testid="shop-joinable">
          <Typography.Text strong>{t('councilApp.shop.joinable')}</Typography.Text>
          {joinable.length === 0 ? (
            <div className="cc-council-muted">{t('councilApp.shop.noJoinable')}</div>
          ) : (
            joinable.map((c) => (
              <div key={c.id} className="cc-council-line" style={{ alignItems: 'center' }}>
                <span className="cc-council-row-main">{c.name}</span>
                <Button
                  type="primary"
                  loading={busyId === c.id}
                  disabled={!isVerified || (!!busyId && busyId !== c.id)}
                  onClick={() => join(c.id, c.name)}
                  data-testid="shop-join"
                  data-council-id={c.id}
                >
                  {t('councilApp.shop.join')}
                </Button>
              </div>
            ))
          )}
          <div className="cc-council-muted" style={{ marginTop: 8 }}>
            {t('councilApp.shop.joinHelp')}
          </div>
        </section>
      )}
    </div>
  );
}
