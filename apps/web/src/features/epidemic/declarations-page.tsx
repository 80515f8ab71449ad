import { EyeOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useCursorList } from '../../lib/use-cursor-list';
import { CommitteeSelect, useCommittee } from './committee-select';
import { listDeclarations } from './epidemic-api';
import { DeclarationStatusTag, KeyRegionBadge, Symptoms, Temperature } from './epidemic-format';
import { declarationFilters } from './epidemic-rules';
import './epidemic.css';
import {
  DECLARATION_STATUSES,
  type DeclarationCounts,
  type DeclarationRow,
  type DeclarationStatus,
} from './epidemic-types';

type StatusFilter = DeclarationStatus | 'all';
type KeyRegionFilter = 'all' | 'yes' | 'no';

const COUNT_ORDER = [...DECLARATION_STATUSES, 'keyRegion'] as const;

/** The numbers over the list: one per status and the key-region arrivals; a click filters. */
function DeclarationCountsRow({
  counts,
  onPick,
}: {
  counts: DeclarationCounts | undefined;
  onPick: (key: (typeof COUNT_ORDER)[number]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="declaration-counts">
      {COUNT_ORDER.map((key) => (
        <Col key={key} xs={12} sm={8} md={4}>
          <Card size="small" hoverable onClick={() => onPick(key)}>
            <Statistic
              title={t(`epidemic.declarations.count.${key}`)}
              value={counts?.[key] ?? '–'}
              styles={{
                content: key === 'keyRegion' && counts?.keyRegion ? { color: '#cf1322' } : {},
              }}
              data-testid={`declaration-count-${key}`}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** 信息申报 (/declarations): the committee's arrival declarations, newest first. */
export function DeclarationsPage() {
  const { t } = useTranslation();
  const choice = useCommittee();
  const { committee } = choice;
  const [status, setStatus] = useState<StatusFilter>('all');
  const [keyRegion, setKeyRegion] = useState<KeyRegionFilter>('all');
  const [range, setRange] = useState<[string | null, string | null] | null>(null);
  const filters = declarationFilters({ status, keyRegion, range });
  const list = useCursorList(
    (cursor, signal) =>
      listDeclarations({ committee: committee ?? '', ...filters, cursor }, signal),
    [committee, filters.status, filters.keyRegion, filters.from, filters.to],
    (d) => d.id,
  );
  // the server counts on the first page only: kept while more pages are loaded
  const [counts, setCounts] = useState<DeclarationCounts>();
  const pageCounts = list.data?.counts;
  if (pageCounts && pageCounts !== counts) setCounts(pageCounts);

  if (!committee) {
    return (
      <ListPage testId="declarations-page" title={t('epidemic.declarations.title')}>
        <Empty description={t('epidemic.noCommittee')} />
      </ListPage>
    );
  }

  const pickCount = (key: (typeof COUNT_ORDER)[number]) => {
    if (key === 'keyRegion') {
      setStatus('all');
      setKeyRegion('yes');
    } else {
      setStatus(key);
      setKeyRegion('all');
    }
  };

  return (
    <ListPage
      testId="declarations-page"
      head={
        <Space
          align="center"
          wrap
          style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
        >
          <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
            {t('epidemic.declarations.title')}
          </Typography.Title>
          <Space wrap>
            <CommitteeSelect choice={choice} />
            <Link to={`/declarations/poster?committee=${committee}`}>
              <Button icon={<QrcodeOutlined />} data-testid="declarations-poster-link">
                {t('epidemic.poster.open')}
              </Button>
            </Link>
          </Space>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('epidemic.declarations.intro')}
      </Typography.Paragraph>
      <DeclarationCountsRow counts={counts} onPick={pickCount} />
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Space wrap>
            <Segmented<StatusFilter>
              value={status}
              onChange={setStatus}
              options={[
                { value: 'all', label: t('epidemic.declarations.allStatuses') },
                ...DECLARATION_STATUSES.map((s) => ({
                  value: s,
                  label: t(`epidemic.status.${s}`),
                })),
              ]}
              data-testid="declarations-status-filter"
            />
            <Select<KeyRegionFilter>
              value={keyRegion}
              onChange={setKeyRegion}
              style={{ width: 150 }}
              aria-label={t('epidemic.declarations.keyRegionFilter')}
              options={[
                { value: 'all', label: t('epidemic.declarations.keyRegionAll') },
                { value: 'yes', label: t('epidemic.declarations.keyRegionYes') },
                { value: 'no', label: t('epidemic.declarations.keyRegionNo') },
              ]}
              data-testid="declarations-key-region-filter"
            />
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('epidemic.declarations.from'), t('epidemic.declarations.to')]}
              onChange={(_: unknown, [from, to]: [string, string]) =>
                setRange(from || to ? [from || null, to || null] : null)
              }
              data-testid="declarations-range"
            />
          </Space>
        }
        actions={
          <Button
            icon={<ReloadOutlined />}
            onClick={list.restart}
            aria-label={t('common.refresh')}
          />
        }
      >
        <Table<DeclarationRow>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('epidemic.declarations.empty') }}
          data-testid="declarations-table"
          onRow={(d) =>
            ({
              'data-testid': 'declaration-row',
              'data-id': d.id,
              'data-reference': d.reference,
              'data-status': d.status,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('epidemic.field.reference'),
              dataIndex: 'reference',
              render: (reference: string, d) => (
                <Space orientation="vertical" size={2}>
                  <Link
                    to={`/declarations/${encodeURIComponent(d.id)}`}
                    className="cc-epi-mono"
                    data-testid="declaration-link"
                  >
                    {reference}
                  </Link>
                  <DeclarationStatusTag status={d.status} />
                </Space>
              ),
            },
            {
              title: t('epidemic.field.name'),
              dataIndex: 'name',
              render: (name: string, d) => (
                <Space orientation="vertical" size={0}>
                  <span data-testid="declaration-name">{name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`epidemic.declaredBy.${d.declaredBy}`)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('epidemic.field.origin'),
              key: 'origin',
              render: (_: unknown, d) => (
                <Space orientation="vertical" size={2}>
                  <span data-testid="declaration-origin">{d.origin.path || d.origin.name}</span>
                  {d.keyRegion ? <KeyRegionBadge region={d.keyRegion} /> : null}
                </Space>
              ),
            },
            {
              title: t('epidemic.field.arrival'),
              key: 'arrival',
              render: (_: unknown, d) => (
                <Space orientation="vertical" size={0}>
                  <span>{d.arrivalDate}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`epidemic.means.${d.arrivalMeans}`, { defaultValue: d.arrivalMeans })}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('epidemic.field.room'),
              key: 'room',
              render: (_: unknown, d) => (
                <Space orientation="vertical" size={0}>
                  <span>{d.room.label}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.compound.name}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('epidemic.field.health'),
              key: 'health',
              render: (_: unknown, d) => (
                <Space orientation="vertical" size={2}>
                  <Temperature value={d.health.temperature} />
                  <Symptoms symptoms={d.health.symptoms} />
                </Space>
              ),
            },
            {
              title: t('epidemic.field.flags'),
              key: 'flags',
              render: (_: unknown, d) => (
                <Space orientation="vertical" size={2}>
                  {d.possibleDuplicateOf && d.status !== 'duplicate' ? (
                    <Link to={`/declarations/${encodeURIComponent(d.possibleDuplicateOf)}`}>
                      <Tag color="gold" data-testid="declaration-possible-duplicate">
                        {t('epidemic.declarations.possibleDuplicate')}
                      </Tag>
                    </Link>
                  ) : null}
                  {d.observationId ? (
                    <Link
                      to={`/observations/${encodeURIComponent(d.observationId)}`}
                      data-testid="declaration-observation"
                    >
                      <EyeOutlined /> {t('epidemic.declarations.observation')}
                    </Link>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('epidemic.field.createdAt'),
              dataIndex: 'createdAt',
              responsive: ['lg'],
              render: (createdAt: string) => shanghaiDateTime(createdAt),
            },
          ]}
        />
        {list.hasMore && (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore} data-testid="declarations-more">
            {t('epidemic.loadMore')}
          </Button>
        )}
      </ListCard>
    </ListPage>
  );
}
