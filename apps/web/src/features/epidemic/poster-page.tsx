import { ArrowLeftOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { CommitteeSelect, useCommittee } from './committee-select';
import { committeeCompounds, getDeclarationLink, rotateDeclarationLink } from './epidemic-api';
import type { DeclarationLink } from './epidemic-types';
import './epidemic.css';

const STEPS = ['scan', 'code', 'fill'] as const;

/**
 * The A4 sheet: the title, the compound and committee, the QR code large, three short steps in
 * Chinese and English (whatever the console's language: the poster is for the people passing
 * by), and the link in small print. The QR is the server's SVG shown as an image, so nothing in
 * it runs in the page.
 */
function PosterSheet({ link }: { link: DeclarationLink }) {
  const { t } = useTranslation();
  const zh = (key: string) => t(key, { lng: 'zh-CN' });
  const en = (key: string) => t(key, { lng: 'en' });
  return (
    <div className="cc-epi-poster" data-testid="poster-sheet">
      <h1 className="cc-epi-poster-title">{zh('epidemic.poster.sheet.title')}</h1>
      <p className="cc-epi-poster-subtitle">{en('epidemic.poster.sheet.title')}</p>
      <p className="cc-epi-poster-compound" data-testid="poster-compound">
        {link.compound.name}
      </p>
      <p className="cc-epi-poster-committee" data-testid="poster-committee">
        {link.committee.name}
      </p>
      <div className="cc-epi-poster-qr" data-testid="poster-qr" data-url={link.url}>
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
          alt={link.url}
          style={{ width: '100%', height: '100%' }}
        />
      </div>
      <ol className="cc-epi-poster-steps">
        {STEPS.map((step, i) => (
          <li key={step}>
            {i + 1}. {zh(`epidemic.poster.sheet.${step}`)}
            <span className="en">{en(`epidemic.poster.sheet.${step}`)}</span>
          </li>
        ))}
      </ol>
      <div className="cc-epi-poster-url" data-testid="poster-url">
        {link.url}
      </div>
    </div>
  );
}

/** 申报二维码 (/declarations/poster): pick a compound, print its poster, or change its code. */
export function PosterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const choice = useCommittee();
  const { committee } = choice;
  const [picked, setPicked] = useState<string | undefined>();
  const [rotated, setRotated] = useState<DeclarationLink | undefined>();
  const [isRotating, setIsRotating] = useState(false);
  const compounds = useRequest(
    (signal) => committeeCompounds(committee ?? '', signal),
    [committee],
    !!committee,
  );
  const items = compounds.data?.items ?? [];
  const compound = items.some((c) => c.code === picked) ? picked : items[0]?.code;
  const link = useRequest(
    (signal) => getDeclarationLink(compound ?? '', signal),
    [compound],
    !!compound,
  );
  const shown = rotated?.compound.code === compound ? rotated : link.data;

  async function rotate() {
    if (!compound) return;
    setIsRotating(true);
    try {
      setRotated(await rotateDeclarationLink(compound));
      void message.success(t('epidemic.poster.rotated'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsRotating(false);
    }
  }

  return (
    <ListPage testId="poster-page" title={t('epidemic.poster.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Link
          to={committee ? `/declarations?committee=${committee}` : '/declarations'}
          className="cc-epi-no-print"
        >
          <ArrowLeftOutlined /> {t('epidemic.declaration.back')}
        </Link>
        <Card size="small" className="cc-epi-no-print">
          <Space wrap>
            <CommitteeSelect choice={choice} />
            <Select
              value={compound}
              onChange={setPicked}
              loading={compounds.isLoading}
              style={{ minWidth: 240 }}
              placeholder={t('epidemic.poster.pickCompound')}
              aria-label={t('epidemic.poster.pickCompound')}
              options={items.map((c) => ({ value: c.code, label: c.name }))}
              showSearch
              optionFilterProp="label"
              data-testid="poster-compound-select"
            />
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              disabled={!shown}
              onClick={() => window.print()}
              data-testid="poster-print"
            >
              {t('epidemic.poster.print')}
            </Button>
            <Popconfirm
              title={t('epidemic.poster.rotateTitle')}
              description={
                <div style={{ maxWidth: 320 }}>{t('epidemic.poster.rotateConfirm')}</div>
              }
              okText={t('epidemic.poster.rotate')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void rotate()}
              disabled={!shown}
            >
              <Button
                danger
                icon={<SyncOutlined />}
                loading={isRotating}
                disabled={!shown}
                data-testid="poster-rotate"
              >
                {t('epidemic.poster.rotate')}
              </Button>
            </Popconfirm>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('epidemic.poster.hint')}
          </Typography.Paragraph>
        </Card>
        {!committee ? (
          <Empty description={t('epidemic.noCommittee')} />
        ) : compounds.error && !compounds.data ? (
          <LoadError error={compounds.error} onRetry={compounds.reload} />
        ) : compounds.data && items.length === 0 ? (
          <Empty description={t('epidemic.poster.noCompounds')} />
        ) : link.error && !shown ? (
          <LoadError error={link.error} onRetry={link.reload} />
        ) : shown && shown.compound.code === compound ? (
          <div className="cc-epi-poster-wrap">
            <PosterSheet link={shown} />
          </div>
        ) : (
          <PageSpin />
        )}
      </Space>
    </ListPage>
  );
}
