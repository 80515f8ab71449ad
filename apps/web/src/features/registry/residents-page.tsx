import { FilterOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import type { Resident, ResidentList } from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { describeError, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { useMe } from '../../lib/session';
import { CompoundMap } from './compound-map';
import { ExportMenu } from './export-menu';
import { listResidents } from './registry-api';
import {
  isCommitteeLevel,
  registryPath,
  residentPath,
  RegistryHead,
  useRegistryArea,
} from './registry-head';
import {
  codeLabel,
  codeOptions,
  nationalityName,
  TagList,
  useRegistryTags,
} from './registry-labels';
import { canBrowsePeople, canEditRegistry, committeeOf } from './registry-roles';
import { ResidentFormDrawer } from './resident-form';
import { hasFilters, readFilters, writeFilters, type ResidentFilters } from './resident-filters';
import { buildingLabel, BuildingSelect, useBuildings } from './room-picker';
import './registry.css';

const PAGE_SIZE = 100;

/**
 * The list's pages, keyed by area and filters: a new filter starts again from the first.
 * Nothing is fetched while `isEnabled` is false (a look-up without a name or number).
 */
function useResidentPages(
  code: string,
  filters: ResidentFilters,
  filterKey: string,
  isEnabled: boolean,
) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const key = `${code}?${filterKey}`;
  const first = useRequest(
    async (signal) => ({
      key,
      list: await listResidents({ area: code, ...filters, limit: PAGE_SIZE }, signal),
    }),
    [key],
    isEnabled,
  );
  const [more, setMore] = useState<{ key: string } & ResidentList>();
  const [isLoadingMore, setIsLoadingMore] = useState(false);

  const base = first.data?.key === key ? first.data.list : undefined;
  const extra = more?.key === key ? more : undefined;
  const items = useMemo(
    () => (base ? [...base.items, ...(extra?.items ?? [])] : []),
    [base, extra],
  );
  const nextCursor = extra ? extra.nextCursor : (base?.nextCursor ?? null);

  async function loadMore() {
    if (!nextCursor) return;
    setIsLoadingMore(true);
    try {
      const page = await listResidents({
        area: code,
        ...filters,
        limit: PAGE_SIZE,
        cursor: nextCursor,
      });
      setMore({
        key,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsLoadingMore(false);
    }
  }

  const reload = () => {
    setMore(undefined);
    first.reload();
  };
  return {
    items,
    isReady: !!base,
    isLoading: first.isLoading,
    error: first.error,
    nextCursor,
    isLoadingMore,
    loadMore,
    reload,
  };
}

interface FormValues {
  name?: string;
  document?: string;
  tag?: string;
  registration?: ResidentFilters['registration'];
  sex?: ResidentFilters['sex'];
  ageFrom?: number | null;
  ageTo?: number | null;
  building?: string;
  nationality?: string;
  status?: ResidentFilters['status'];
}

function toFilters(values: FormValues): ResidentFilters {
  const text = (v: string | undefined) => v?.trim() || undefined;
  return {
    name: text(values.name),
    document: text(values.document),
    tag: values.tag,
    registration: values.registration,
    sex: values.sex,
    ageFrom: values.ageFrom ?? undefined,
    ageTo: values.ageTo ?? undefined,
    building: values.building,
    nationality: text(values.nationality)?.toUpperCase(),
    status: values.status,
  };
}

/**
 * /registry/:code/residents — the people of an area, found by the filters in the URL (a figure
 * of the one screen links here with its filter). Personal fields stay masked; the full record
 * is one click away. Committees and compounds show their buildings on a small map.
 */
export function ResidentsPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = writeFilters(filters).toString();
  const [form] = Form.useForm<FormValues>();
  const [isCreating, setIsCreating] = useState(false);
  const [isMoreOpen, setIsMoreOpen] = useState(false);

  const head = useRegistryArea(code);
  const tags = useRegistryTags();
  const isCommittee = isCommitteeLevel(head.area);
  // committee staff and grid leaders browse; the street centre only looks one person up
  const isBrowsing = canBrowsePeople(me) && isCommittee;
  const isLookUp = !!head.area && !isBrowsing;
  const hasKey = !!filters.name || !!filters.document;
  const buildings = useBuildings(isBrowsing ? code : undefined);
  const list = useResidentPages(code, filters, filterKey, !!head.area && (isBrowsing || hasKey));
  const canEdit = canEditRegistry(me) && isCommittee;
  const committee = committeeOf(code);

  // the URL leads: back and forward, and links from the one screen, refill the form
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(filters);
  }, [filterKey, form]);

  const setFilters = useCallback(
    (next: ResidentFilters) => setParams(writeFilters(next)),
    [setParams],
  );
  const removeFilter = (key: keyof ResidentFilters) => {
    const next = { ...filters };
    delete next[key];
    if (key === 'ageFrom' || key === 'ageTo') {
      delete next.ageFrom;
      delete next.ageTo;
    }
    setFilters(next);
  };

  const matches = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of list.items) {
      if (r.buildingId) counts.set(r.buildingId, (counts.get(r.buildingId) ?? 0) + 1);
    }
    return counts;
  }, [list.items]);

  const buildingName = (id: string) => {
    const b = buildings.items.find((x) => x.id === id);
    return b ? buildingLabel(b) : t('registry.filter.oneBuilding');
  };

  /** What the list is filtered by, each removable. */
  const chips: { key: keyof ResidentFilters; label: string }[] = [];
  if (filters.name)
    chips.push({ key: 'name', label: `${t('registry.field.name')}: ${filters.name}` });
  if (filters.document)
    chips.push({
      key: 'document',
      label: `${t('registry.field.documentNumber')}: ${filters.document}`,
    });
  if (filters.phone)
    chips.push({ key: 'phone', label: `${t('registry.field.phone')}: ${filters.phone}` });
  if (filters.tag)
    chips.push({ key: 'tag', label: `${t('registry.field.tags')}: ${tags.name(filters.tag)}` });
  if (filters.registration)
    chips.push({
      key: 'registration',
      label: codeLabel('registration', filters.registration, language),
    });
  if (filters.sex) chips.push({ key: 'sex', label: codeLabel('sex', filters.sex, language) });
  if (filters.ageFrom !== undefined || filters.ageTo !== undefined)
    chips.push({
      key: 'ageFrom',
      label:
        filters.ageTo === undefined
          ? t('registry.filter.ageFromOnly', { from: filters.ageFrom })
          : t('registry.filter.ageRange', { from: filters.ageFrom ?? 0, to: filters.ageTo }),
    });
  if (filters.nationality)
    chips.push({
      key: 'nationality',
      label: `${t('registry.field.nationality')}: ${nationalityName(filters.nationality, language)}`,
    });
  if (filters.building)
    chips.push({
      key: 'building',
      label: `${t('registry.field.building')}: ${buildingName(filters.building)}`,
    });
  if (filters.room) chips.push({ key: 'room', label: t('registry.filter.oneRoom') });
  if (filters.status) chips.push({ key: 'status', label: t(`registry.status.${filters.status}`) });

  const columns: TableColumnsType<Resident> = [
    {
      title: t('registry.field.name'),
      dataIndex: 'name',
      width: 96,
      fixed: isPhone ? undefined : 'left',
      // a look-up finds the person; their record is their committee's to open
      render: (name: string, row) =>
        isBrowsing ? (
          <Link to={residentPath(row.id)} data-testid={`resident-link-${row.id}`}>
            {name}
          </Link>
        ) : (
          name
        ),
    },
    {
      title: t('registry.field.documentNumber'),
      dataIndex: 'document',
      width: 190,
      responsive: ['sm'],
      render: (document: string) => <span className="cc-reg-mono">{document}</span>,
    },
    {
      title: t('registry.field.phone'),
      dataIndex: 'phone',
      width: 130,
      responsive: ['lg'],
      render: (phone: string | null) => (
        <span className="cc-reg-mono">{phone || t('common.none')}</span>
      ),
    },
    { title: t('registry.field.age'), dataIndex: 'age', width: 60, align: 'right' },
    {
      title: t('registry.field.sex'),
      dataIndex: 'sex',
      width: 60,
      render: (sex: Resident['sex']) => codeLabel('sex', sex, language),
    },
    {
      title: t('registry.field.registration'),
      dataIndex: 'registration',
      width: 110,
      responsive: ['md'],
      render: (registration: Resident['registration']) =>
        codeLabel('registration', registration, language),
    },
    {
      title: t('registry.field.nationality'),
      dataIndex: 'nationality',
      width: 100,
      responsive: ['lg'],
      render: (code: string) => nationalityName(code, language),
    },
    {
      title: t('registry.field.tags'),
      dataIndex: 'tags',
      render: (codes: string[], row) => (
        <>
          {row.status === 'moved_out' ? (
            <Tag color="default">{t('registry.status.moved_out')}</Tag>
          ) : null}
          <TagList codes={codes} tags={tags} />
        </>
      ),
    },
    {
      title: t('registry.field.room'),
      dataIndex: 'roomLabel',
      responsive: ['sm'],
      render: (label: string | null) => label ?? t('registry.noRoom'),
    },
  ];

  const half = { xs: 12, sm: 8, lg: 6 };
  const showAll = !isPhone || isMoreOpen;

  return (
    <div className="cc-reg" data-testid="registry-residents">
      <RegistryHead
        area={head.area}
        chain={head.chain}
        section="residents"
        people={isBrowsing}
        title={
          head.area && isLookUp
            ? t('registry.residents.lookUpTitle', { area: areaName(head.area, language) })
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
            {isBrowsing ? (
              <ExportMenu kind="residents" area={code} canReveal={canEditRegistry(me)} />
            ) : null}
          </>
        }
      />

      {head.error && !head.area ? <LoadError error={head.error} onRetry={head.reload} /> : null}

      <Card size="small" className="cc-reg-card">
        <Form<FormValues>
          form={form}
          layout="vertical"
          className="cc-reg-filters"
          onFinish={(values) => setFilters(toFilters(values))}
          data-testid="residents-filters"
        >
          <Row gutter={[12, 0]}>
            <Col {...half}>
              <Form.Item name="name" label={t('registry.field.name')}>
                <Input allowClear maxLength={40} data-testid="filter-name" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                name="document"
                label={t('registry.filter.document')}
                rules={[{ min: 4, message: t('registry.form.documentLength') }]}
              >
                <Input
                  allowClear
                  maxLength={30}
                  autoComplete="off"
                  placeholder={t('registry.filter.documentHint')}
                  data-testid="filter-document"
                />
              </Form.Item>
            </Col>
            {showAll && !isLookUp ? (
              <>
                <Col {...half}>
                  <Form.Item name="tag" label={t('registry.field.tags')}>
                    <Select
                      allowClear
                      options={tags.options}
                      loading={tags.isLoading}
                      showSearch={{ optionFilterProp: 'label' }}
                      data-testid="filter-tag"
                    />
                  </Form.Item>
                </Col>
                <Col {...half}>
                  <Form.Item name="registration" label={t('registry.field.registration')}>
                    <Select
                      allowClear
                      options={codeOptions('registration', language)}
                      data-testid="filter-registration"
                    />
                  </Form.Item>
                </Col>
                <Col {...half}>
                  <Form.Item name="sex" label={t('registry.field.sex')}>
                    <Select
                      allowClear
                      options={codeOptions('sex', language)}
                      data-testid="filter-sex"
                    />
                  </Form.Item>
                </Col>
                <Col {...half}>
                  <Form.Item label={t('registry.field.age')} style={{ marginBottom: 0 }}>
                    <Space.Compact block>
                      <Form.Item name="ageFrom" noStyle>
                        <InputNumber
                          min={0}
                          max={130}
                          precision={0}
                          placeholder={t('registry.filter.from')}
                          style={{ width: '50%' }}
                          data-testid="filter-age-from"
                        />
                      </Form.Item>
                      <Form.Item name="ageTo" noStyle>
                        <InputNumber
                          min={0}
                          max={130}
                          precision={0}
                          placeholder={t('registry.filter.to')}
                          style={{ width: '50%' }}
                          data-testid="filter-age-to"
                        />
                      </Form.Item>
                    </Space.Compact>
                  </Form.Item>
                </Col>
                {isCommittee ? (
                  <Col {...half}>
                    <Form.Item name="building" label={t('registry.field.building')}>
                      <BuildingSelect
                        buildings={buildings.items}
                        isLoading={buildings.isLoading}
                        testId="filter-building"
                      />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col {...half}>
                  <Form.Item name="status" label={t('registry.field.status')}>
                    <Select
                      allowClear
                      placeholder={t('registry.status.present')}
                      options={[
                        { value: 'present', label: t('registry.status.present') },
                        { value: 'moved_out', label: t('registry.status.moved_out') },
                      ]}
                      data-testid="filter-status"
                    />
                  </Form.Item>
                </Col>
              </>
            ) : null}
          </Row>
          <Space wrap>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              data-testid="filter-submit"
            >
              {t('common.search')}
            </Button>
            <Button onClick={() => setFilters({})} data-testid="filter-reset">
              {t('common.reset')}
            </Button>
            {isPhone && !isLookUp ? (
              <Button
                type="link"
                icon={<FilterOutlined />}
                onClick={() => setIsMoreOpen((open) => !open)}
              >
                {isMoreOpen ? t('registry.filter.fewer') : t('registry.filter.more')}
              </Button>
            ) : null}
          </Space>
        </Form>
        {chips.length > 0 ? (
          <div className="cc-reg-chips" data-testid="residents-chips">
            {chips.map((chip) => (
              <Tag
                key={chip.key}
                closable
                color="blue"
                onClose={(event) => {
                  event.preventDefault();
                  removeFilter(chip.key);
                }}
                data-testid={`chip-${chip.key}`}
              >
                {chip.label}
              </Tag>
            ))}
          </div>
        ) : null}
      </Card>

      {isLookUp && !hasKey ? (
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

      {isLookUp && !hasKey ? null : (
        <Card size="small" className="cc-reg-card">
          {list.error && !list.isReady ? (
            <LoadError error={list.error} onRetry={list.reload} isCompact />
          ) : (
            <>
              <Typography.Text type="secondary" data-testid="residents-count">
                {list.isReady
                  ? list.nextCursor
                    ? t('registry.residents.shownMore', { count: list.items.length })
                    : t('registry.residents.shown', { count: list.items.length })
                  : t('common.loading')}
              </Typography.Text>
              <Table<Resident>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={list.items}
                loading={list.isLoading}
                pagination={false}
                scroll={{ x: isPhone ? undefined : 1000 }}
                style={{ marginTop: 8 }}
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={
                        hasFilters(filters)
                          ? t('registry.residents.noneFiltered')
                          : t('registry.residents.none')
                      }
                    />
                  ),
                }}
                onRow={(row) =>
                  ({
                    'data-testid': `resident-row-${row.id}`,
                    'data-building': row.buildingId ?? '',
                  }) as object
                }
                data-testid="residents-table"
              />
              {list.nextCursor ? (
                <div className="cc-reg-more">
                  <Button
                    onClick={() => void list.loadMore()}
                    loading={list.isLoadingMore}
                    data-testid="residents-more"
                  >
                    {t('registry.residents.loadMore')}
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </Card>
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
    </div>
  );
}
