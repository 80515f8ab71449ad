import type { Area } from '@cc/contracts';
import { Breadcrumb, Segmented, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { isWithinArea, scopeRoots, useMe } from '../../lib/session';
import { REGISTRY_SCREEN_ROLES } from '@cc/contracts';
import { canEditRegistry, canFindPeople } from './registry-roles';

export type RegistrySection = 'screen' | 'residents' | 'housing' | 'organisations' | 'import';

/** Where each part of an area's registry lives. */
export const registryPath = (code: string, section: RegistrySection = 'screen') => {
  const base = `/registry/${encodeURIComponent(code)}`;
  return section === 'screen' ? base : `${base}/${section}`;
};

export const residentPath = (id: string) => `/registry/residents/${encodeURIComponent(id)}`;

/** Housing, organisations and exports are kept per committee (and its grids and compounds). */
export const isCommitteeLevel = (area: Pick<Area, 'level'> | undefined) =>
  area?.level === 'committee' || area?.level === 'grid' || area?.level === 'compound';

/** People are listed, or looked up, within a street or below. */
export const isPeopleLevel = (area: Pick<Area, 'level'> | undefined) =>
  area?.level === 'street' || isCommitteeLevel(area);

/** An area and the areas above it (city first), as the area API answers. */
export function useRegistryArea(code: string) {
  const { data, error, isLoading, reload } = useRequest(
    (signal) => areasApi.getArea(code, signal),
    [code],
  );
  const detail = data && data.area.code === code ? data : undefined;
  return { area: detail?.area, chain: detail?.chain ?? [], error, isLoading, reload };
}

interface Props {
  area: Area | undefined;
  /** the areas above, city first (the area itself, when last, is not repeated) */
  chain: readonly Area[];
  section: RegistrySection;
  /** may the reader open lists of people here (as the one screen says) */
  people: boolean;
  title?: ReactNode;
  tools?: ReactNode;
}

/**
 * The head of every registry page: the breadcrumb up the area tree (each step opens that
 * area's one screen), the page's title, the switch between the area's registry pages, tools.
 */
export function RegistryHead({ area, chain, section, people, title, tools }: Props) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const language = i18n.language;
  const above = chain.filter((a) => a.code !== area?.code);
  // an area above the reader's own is named, not linked: its one screen is not theirs to open
  const roots = scopeRoots(me, REGISTRY_SCREEN_ROLES);
  const reaches = (code: string) => roots.some((root) => isWithinArea(code, root.code));

  // the server decides in the end; these are the pages worth offering here
  const sections: RegistrySection[] = ['screen'];
  if (people || (canFindPeople(me) && isPeopleLevel(area))) sections.push('residents');
  if (people && isCommitteeLevel(area)) sections.push('housing');
  if (isCommitteeLevel(area)) sections.push('organisations');
  if (people && canEditRegistry(me) && area?.level === 'committee') sections.push('import');

  const name = area ? areaName(area, language) : '';
  return (
    <div className="cc-reg-head" data-testid="registry-head">
      <Breadcrumb
        className="cc-reg-crumbs"
        data-testid="registry-breadcrumb"
        items={[
          ...above.map((a) => ({
            key: a.code,
            title: reaches(a.code) ? (
              <Link to={registryPath(a.code)}>{areaName(a, language)}</Link>
            ) : (
              areaName(a, language)
            ),
          })),
          ...(area
            ? [
                {
                  key: area.code,
                  title:
                    section === 'screen' ? name : <Link to={registryPath(area.code)}>{name}</Link>,
                },
              ]
            : []),
        ]}
      />
      <div className="cc-reg-head-row">
        <Typography.Title level={4} className="cc-reg-title" data-testid="registry-title">
          {title ??
            (area ? t(`registry.section.${section}Title`, { area: name }) : t('registry.nav'))}
        </Typography.Title>
        <Space wrap size={8} className="cc-reg-tools">
          {tools}
        </Space>
      </div>
      {area && sections.length > 1 ? (
        <div className="cc-reg-sections">
          <Segmented
            size="small"
            value={section}
            onChange={(value) => void navigate(registryPath(area.code, value))}
            options={sections.map((s) => ({
              value: s,
              label: (
                <span data-testid={`registry-section-${s}`}>{t(`registry.section.${s}`)}</span>
              ),
            }))}
          />
        </div>
      ) : null}
    </div>
  );
}
