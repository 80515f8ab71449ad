import type { Resident } from '@cc/contracts';
import { Button, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { residentPath } from './registry-head';
import { codeLabel, nationalityName, TagList, type RegistryTags } from './registry-labels';
import type { ResidentPages } from './use-resident-pages';

interface Props {
  list: ResidentPages;
  /** browsing opens each record; a look-up only finds the person */
  isBrowsing: boolean;
  isPhone: boolean;
  tags: RegistryTags;
  isFiltered: boolean;
}

/** The residents found, masked as the server sends them: how many, the table, "load more". */
export function ResidentsTable({ list, isBrowsing, isPhone, tags, isFiltered }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;

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

  return (
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
                isFiltered ? t('registry.residents.noneFiltered') : t('registry.residents.none')
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
  );
}
