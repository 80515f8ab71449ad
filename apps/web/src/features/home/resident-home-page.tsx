import {
  AppstoreOutlined,
  CameraOutlined,
  FileSearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { CASE_REPORTER_ROLES } from '@cc/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequest } from '../../lib/api';
import { hasAnyRole, useMe } from '../../lib/session';
import { ResidentFeed } from '../notices';
import { openMineCount } from './home-api';
import { CountText } from './home-page';
import './home.css';

interface Tile {
  key: string;
  to: string;
  icon: ReactNode;
}

/**
 * The residents' home (/r): what they come for first — report a problem, follow their reports,
 * the services and 议事 — then the notices aimed at them. Nothing of staff work here: no
 * areas in charge, no tasks.
 */
export function ResidentHomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const reports = hasAnyRole(me, CASE_REPORTER_ROLES);
  const open = useRequest(
    (signal) => (reports ? openMineCount(signal) : Promise.resolve(null)),
    [reports, me.id],
  );
  const tiles: Tile[] = [
    ...(reports
      ? [
          { key: 'report', to: '/r/report', icon: <CameraOutlined /> },
          { key: 'myReports', to: '/r/reports', icon: <FileSearchOutlined /> },
        ]
      : []),
    { key: 'affairs', to: '/r/affairs', icon: <AppstoreOutlined /> },
    { key: 'together', to: '/r/together', icon: <TeamOutlined /> },
  ];
  return (
    <div data-testid="resident-home">
      <nav className="cc-resident-actions" aria-label={t('roleHome.resident.title')}>
        {tiles.map((tile, i) => (
          <Link
            key={tile.key}
            to={tile.to}
            className={i === 0 ? 'cc-home-action cc-home-action-first' : 'cc-home-action'}
            data-testid={`resident-action-${tile.key}`}
          >
            <span className="cc-home-action-icon">{tile.icon}</span>
            <span className="cc-home-action-text">
              <span className="cc-home-action-title">
                {t(`roleHome.resident.${tile.key}.title`)}
              </span>
              <span className="cc-home-action-hint">{t(`roleHome.resident.${tile.key}.hint`)}</span>
              {tile.key === 'myReports' && open.data ? (
                <span data-testid="resident-open-reports">
                  <CountText value={open.data} label="roleHome.resident.openReports" />
                </span>
              ) : null}
            </span>
          </Link>
        ))}
      </nav>
      <ResidentFeed />
    </div>
  );
}
