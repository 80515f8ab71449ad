import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { ResidentList } from '@cc/contracts';
import { Alert, Button, Form, Grid } from 'antd';
import { useCallback, useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { areaName } from '../../lib/format';
import { useMe } from '../../lib/session';
import { CallListButton } from './call-list';
import { CompoundMap } from './compound-map';
import { ExportMenu } from './export-menu';
import {
  isCommitteeLevel,
  registryPath,
  residentPath,
  RegistryHead,
  useRegistryArea,
} from './registry-head';
import { useRegistryTags } from './registry-labels';
import { canBrowsePeople, canEditRegistry, committeeOf } from './registry-roles';
import { ResidentFilterCard, type ResidentFilterValues } from './resident-filter-card';
import { hasFilters, readFilters, writeFilters, type ResidentFilters } from './resident-filters';
import { ResidentFormDrawer } from './resident-form';
import { ResidentsTable } from './residents-table';
import { useBuildings } from './room-picker';
import { ResidentLookupCard, type LookupBy } from './resident-lookup';
import { useResidentPages, type ResidentPages } from './use-resident-pages';
import './registry.css';

/**
 * /registry/:code/residents — the people of an area, found by the filters in the URL (a figure
 * of the one screen links here with its filter). Personal fields stay masked; the full record
 * is one click away. Committees and compounds show their buildings on a small map.
 */
export function ResidentsPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = writeFilters(filters).toString();
  const [form] = Form.useForm<ResidentFilterValues>();
  const [isCreating, setIsCreating] = useState(false);

  const head = useRegistryArea(code);
  const tags = useRegistryTags();
  const isCommittee = isCommitteeLevel(head.area);
  // committee staff and grid leaders browse; the street centre only looks one person up
  const isBrowsing = canBrowsePeople(me) && isCommittee;
  const isLookUp = !!head.area && !isBrowsing;
  const buildings = useBuildings(isBrowsing ? code : undefined);
  const browsed = useResidentPages(code, filters, filterKey, !!head.area && isBrowsing);
  const canEdit = canEditRegistry(me) && isCommittee;
  // an exact lookup's answer (kept for this area only) stands in for the list until cleared
  const [lookup, setLookup] = useState<{ code: string; list: ResidentList }>();
  const found = lookup?.code === code ? lookup.list : undefined;
  const list: ResidentPages = found
    ? {
        items: found.items,
        isReady: true,
        isLoading: false,
        error: undefined,
        nextCursor: null,
        isLoadingMore: false,
        loadMore: async () => undefined,
        reload: () => setLookup(undefined),
      }
    : browsed;
  const lookupWays: LookupBy[] | undefined = isLookUp
    ? ['name', 'document']
    : isBrowsing && canEditRegistry(me)
      ? ['document', 'phone']
      : undefined;
  const committee = committeeOf(code);
  // a care group's list (独居老人, …): committee staff may reveal its call list at once
  const careGroup = filters.tag ? tags.byCode.get(filters.tag) : undefined;
  const canCallList = isBrowsing && canEditRegistry(me) && !!careGroup?.care && !found;

  // the URL leads: back and forward, and links from the one screen, refill the form
  const refillForm = useEffectEvent(() => {
    form.resetFields();
    form.setFieldsValue(filters);
  });
  useEffect(() => refillForm(), [filterKey]);

  const setFilters = useCallback(
    (next: ResidentFilters) => setParams(writeFilters(next)),
    [setParams],
  );

  const matches = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of list.items) {
      if (r.buildingId) counts.set(r.buildingId, (counts.get(r.buildingId) ?? 0) + 1);
    }
    return counts;
  }, [list.items]);

  return (
    <ListPage
      className="cc-reg"
      testId="registry-residents"
      head={
        <RegistryHead
          area={head.area}
          chain={head.chain}
          section="residents"
          people={isBrowsing}
          title={
            head.area && isLookUp
              ? t('registry.residents.lookUpTitle', { area: areaName(head.area, i18n.language) })
              : undefined
          }
          tools={
            <>
              {canEdit ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setIsCreating(true)}
                  data-testid="resident-create"
                >
                  {t('registry.residents.create')}
                </Button>
              ) : null}
              {canEdit && committee ? (
                <Button
                  icon={<UploadOutlined />}
                  onClick={() => void navigate(registryPath(committee, 'import'))}
                  data-testid="registry-import-link"
                >
                  {t('registry.residents.import')}
                </Button>
              ) : null}
              {canCallList && careGroup ? (
                <CallListButton
                  area={code}
                  tag={careGroup.code}
                  groupName={tags.name(careGroup.code)}
                />
              ) : null}
              {isBrowsing ? (
                <ExportMenu kind="residents" area={code} canReveal={canEditRegistry(me)} />
              ) : null}
            </>
          }
        />
      }
    >
      {head.error && !head.area ? <LoadError error={head.error} onRetry={head.reload} /> : null}

      {isBrowsing ? (
        <ResidentFilterCard
          form={form}
          filters={filters}
          onChange={(next) => {
            setLookup(undefined);
            setFilters(next);
          }}
          isCommittee={isCommittee}
          isPhone={isPhone}
          tags={tags}
          buildings={buildings}
        />
      ) : null}

      {lookupWays && head.area ? (
        <ResidentLookupCard
          key={code}
          area={code}
          ways={lookupWays}
          onFound={(next) => setLookup(next ? { code, list: next } : undefined)}
        />
      ) : null}

      {isLookUp && !found ? (
        <Alert
          type="info"
          showIcon
          title={t('registry.residents.lookUpHint')}
          data-testid="residents-look-up-hint"
        />
      ) : null}

      {isBrowsing && buildings.items.length > 0 ? (
        <CompoundMap
          buildings={buildings.items}
          matches={matches}
          selected={filters.building}
          onSelect={(building) => setFilters({ ...filters, building })}
          isComplete={list.isReady && !list.nextCursor}
        />
      ) : null}

      {isLookUp && !found ? null : (
        <ListCard
          error={list.error}
          hasData={list.isReady}
          onRetry={list.reload}
          isCompact
          hasStaleAlert={false}
          className="cc-reg-card"
        >
          <ResidentsTable
            list={list}
            isBrowsing={isBrowsing}
            isPhone={isPhone}
            tags={tags}
            isFiltered={hasFilters(filters)}
          />
        </ListCard>
      )}

      {canEdit ? (
        <ResidentFormDrawer
          mode="create"
          isOpen={isCreating}
          onClose={() => setIsCreating(false)}
          onSaved={(resident) => {
            setIsCreating(false);
            void navigate(residentPath(resident.id));
          }}
          area={code}
          committee={committee}
        />
      ) : null}
    </ListPage>
  );
}
