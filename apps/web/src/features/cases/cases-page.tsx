import {
  DownloadOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { CASE_CENTRE_ROLES } from '@cc/contracts';
import { Button, Form, Grid, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AddressSearch } from '../../components/address-search';
import { ListCard, ListFilters, ListPage } from '../../components/list-page';
import { CITY_CODE, scopeRoots, useMe } from '../../lib/session';
import { useTaxonomy } from '../../lib/taxonomy';
import { useNow } from '../../lib/use-now';
import { CaseFilterForm, type CaseFilterValues } from './case-filter-form';
import { CasePointsView } from './case-points-view';
import { canReport } from './case-roles';
import { CaseTable } from './case-table';
import { MAP_LIMIT, useCaseExport, useCaseSearch, type CaseView } from './use-case-search';
import './cases.css';

/** Cases in the area, as a table or as points on the map; the same filters export as CSV. */
export function CasesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const now = useNow(30_000);
  const [form] = Form.useForm<CaseFilterValues>();
  const taxonomy = useTaxonomy();
  const roots = useMemo(() => scopeRoots(me, CASE_CENTRE_ROLES), [me]);
  const [view, setView] = useState<CaseView>('list');
  const { filters, apply, list, points, pagination, current } = useCaseSearch(view);
  const { isExporting, exportCsv } = useCaseExport(filters);
  const mapRoot = filters.areaCode ?? (roots.length === 1 && roots[0] ? roots[0].code : CITY_CODE);

  const head = (
    <Space
      align="center"
      wrap
      style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
    >
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('cases.centre.title')}
      </Typography.Title>
      <Space wrap>
        {/* 地址搜索: the map moves to the address's committee and shows the cases there */}
        <AddressSearch
          testId="cases-address-search"
          style={{ width: 260 }}
          onChoose={(hit) => {
            // its 居委会 (the box shows the address; the area picker keeps what was picked)
            const areaCode = hit.areaPathCodes[2] ?? hit.areaCode;
            apply({ ...form.getFieldsValue(), areaCode });
            setView('map');
          }}
        />
        <Segmented<CaseView>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', icon: <UnorderedListOutlined />, label: t('cases.centre.list') },
            { value: 'map', icon: <EnvironmentOutlined />, label: t('cases.centre.map') },
          ]}
          data-testid="cases-view"
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void exportCsv()}
          loading={isExporting}
          data-testid="cases-export"
        >
          {t('cases.centre.export')}
        </Button>
        {canReport(me) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/report')}>
            {t('cases.report.title')}
          </Button>
        ) : null}
      </Space>
    </Space>
  );

  return (
    <ListPage testId="cases-page" head={head}>
      <ListFilters>
        <CaseFilterForm
          form={form}
          taxonomy={taxonomy.data}
          roots={roots}
          isPhone={isPhone}
          onApply={apply}
          onRefresh={current.reload}
        />
      </ListFilters>
      <ListCard error={current.error} hasData={!!current.data} onRetry={current.reload}>
        {view === 'list' ? (
          <CaseTable
            items={list.data?.items ?? []}
            isLoading={list.isLoading}
            pagination={pagination(list.data?.total ?? 0)}
            taxonomy={taxonomy.data}
            now={now}
            isPhone={isPhone}
          />
        ) : (
          <CasePointsView
            areaCode={mapRoot}
            items={points.data?.items ?? []}
            total={points.data?.total}
            limit={MAP_LIMIT}
            taxonomy={taxonomy.data}
            isPhone={isPhone}
          />
        )}
      </ListCard>
    </ListPage>
  );
}
