import { PlusOutlined } from '@ant-design/icons';
import { VOTE_STATES, type VoteState, type VoteSummary } from '@cc/contracts';
import { Button, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useCursorList } from '../../lib/use-cursor-list';
import { useMe } from '../../lib/session';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { CreateVoteDrawer } from './create-vote-drawer';
import { canStartVotes } from './vote-roles';
import { formatArea, VoteStateTag } from './vote-format';
import { readPrefill } from './vote-prefill';
import { listVotes } from './votes-api';
import './votes.css';

type StateFilter = VoteState | 'all';

/** 业主表决 (/votes): the committee's votes, and 发起表决 for the staff who run them. */
export function VotesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mayStart = canStartVotes(useMe());
  const [state, setState] = useState<StateFilter>('all');
  // another page (an elevator project, a fee change) may send staff here to open its vote
  const [query, setQuery] = useSearchParams();
  const prefill = mayStart ? readPrefill(query) : undefined;
  const [isCreating, setIsCreating] = useState(false);
  const closeDrawer = () => {
    setIsCreating(false);
    if (prefill) setQuery({}, { replace: true });
  };
  const list = useCursorList(
    (cursor, signal) => listVotes({ state: state === 'all' ? undefined : state, cursor }, signal),
    [state],
    (v) => v.id,
  );
  return (
    <ListPage testId="votes-page" title={t('votes.title')}>
      <Typography.Paragraph type="secondary">{t('votes.intro')}</Typography.Paragraph>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented<StateFilter>
            value={state}
            onChange={setState}
            options={[
              { value: 'all', label: t('votes.all') },
              ...VOTE_STATES.map((s) => ({ value: s, label: t(`votes.state.${s}`) })),
            ]}
            data-testid="votes-state-filter"
          />
        }
        actions={
          mayStart && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setIsCreating(true)}
              data-testid="vote-create"
            >
              {t('votes.create')}
            </Button>
          )
        }
      >
        <Table<VoteSummary>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('votes.empty') }}
          data-testid="votes-table"
          columns={[
            {
              title: t('votes.field.title'),
              dataIndex: 'title',
              render: (title: string, v) => (
                <Link to={`/votes/${v.id}`} data-testid="vote-row" data-id={v.id}>
                  {title}
                </Link>
              ),
            },
            {
              title: t('votes.field.state'),
              dataIndex: 'state',
              render: (s: VoteState, v) => (
                <>
                  <VoteStateTag state={s} />
                  {v.passed !== null && (
                    <Tag color={v.passed ? 'green' : 'red'}>
                      {v.passed ? t('votes.passed') : t('votes.notPassed')}
                    </Tag>
                  )}
                </>
              ),
            },
            {
              title: t('votes.field.electorate'),
              key: 'electorate',
              render: (_: unknown, v) => (
                <>
                  <div>
                    {t(`votes.kind.${v.electorateKind}`)} · {v.electorateLabel}
                  </div>
                  {v.electorate && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('votes.electorateShort', {
                        heads: v.electorate.heads,
                        units: v.electorate.units,
                        area: formatArea(v.electorate.area),
                      })}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            { title: t('votes.field.rule'), dataIndex: 'ruleName', ellipsis: true },
            {
              title: t('votes.field.ballots'),
              dataIndex: 'ballots',
              render: (n: number, v) => (v.electorate ? `${n} / ${v.electorate.heads}` : n),
            },
            {
              title: t('votes.field.closesAt'),
              dataIndex: 'closesAt',
              render: (at: string) => shanghaiDateTime(at),
            },
          ]}
        />
        {list.hasMore && (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore}>
            {t('votes.loadMore')}
          </Button>
        )}
      </ListCard>
      {(isCreating || prefill) && (
        <CreateVoteDrawer
          prefill={prefill}
          onClose={closeDrawer}
          onDone={(v) => {
            setIsCreating(false);
            void navigate(`/votes/${v.id}`, { replace: !!prefill });
          }}
        />
      )}
    </ListPage>
  );
}
