import { TeamOutlined } from '@ant-design/icons';
import type { CampaignEntry, VoteAssignee } from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { useCursorList } from '../../lib/use-cursor-list';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { ChoiceTag, formatArea } from './vote-format';
import { assignVisits, findAssignees, getCampaign, type CampaignFilter } from './votes-api';

/** Hand the chosen units to a volunteer: a search over the committee's staff and residents. */
function AssignModal({
  voteId,
  headNos,
  onClose,
  onDone,
}: {
  voteId: string;
  headNos: number[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [assignee, setAssignee] = useState<string>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const found = useRequest((signal) => findAssignees(voteId, q.trim(), signal), [voteId, q]);
  async function send() {
    if (!assignee) return;
    setIsSending(true);
    setProblem(null);
    try {
      const { assigned } = await assignVisits(voteId, { assigneeId: assignee, headNos });
      void message.success(t('votes.campaign.assigned', { count: assigned }));
      onDone();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  const label = (a: VoteAssignee) => `${a.name} · ${t(`votes.campaign.kind.${a.kind}`)}`;
  return (
    <Modal
      open
      title={t('votes.campaign.assign')}
      onCancel={onClose}
      onOk={() => void send()}
      okButtonProps={{
        disabled: !assignee,
        loading: isSending,
        'data-testid': 'campaign-assign-ok',
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('votes.campaign.assignHelp', { count: headNos.length })}
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {found.error ? (
        <Alert
          type="error"
          showIcon
          message={describeError(found.error, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Select
        showSearch
        style={{ width: '100%' }}
        filterOption={false}
        onSearch={setQ}
        value={assignee}
        onChange={setAssignee}
        loading={found.isLoading}
        placeholder={t('votes.campaign.assigneeSearch')}
        notFoundContent={t('votes.campaign.noAssignee')}
        options={(found.data?.items ?? []).map((a) => ({ value: a.id, label: label(a) }))}
        optionRender={(o) => <span data-testid="campaign-assignee-option">{o.label}</span>}
        data-testid="campaign-assignee"
      />
    </Modal>
  );
}

/** 动员: the units that have not voted or disagree, their latest visit, handing them out. */
export function CampaignCard({ voteId, mayAssign }: { voteId: string; mayAssign: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<CampaignFilter>('not_voted');
  const [selected, setSelected] = useState<number[]>([]);
  const [isAssigning, setIsAssigning] = useState(false);
  const list = useCursorList(
    (cursor, signal) => getCampaign(voteId, { filter, cursor }, signal),
    [voteId, filter],
    (e) => e.headNo,
  );
  const counts = list.data?.counts;
  function restart() {
    setSelected([]);
    list.restart();
  }
  return (
    <Card size="small" title={t('votes.campaign.title')} data-testid="vote-campaign">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Segmented<CampaignFilter>
          value={filter}
          onChange={(f) => {
            setFilter(f);
            setSelected([]);
          }}
          options={[
            {
              value: 'not_voted',
              label: (
                <span data-testid="campaign-filter-not_voted">
                  {t('votes.notVoted')}
                  {counts ? ` ${counts.notVoted}` : ''}
                </span>
              ),
            },
            {
              value: 'disagree',
              label: (
                <span data-testid="campaign-filter-disagree">
                  {t('votes.choice.disagree')}
                  {counts ? ` ${counts.disagree}` : ''}
                </span>
              ),
            },
            {
              value: 'all',
              label: <span data-testid="campaign-filter-all">{t('votes.all')}</span>,
            },
          ]}
          data-testid="campaign-filter"
        />
        {mayAssign && (
          <Button
            icon={<TeamOutlined />}
            disabled={selected.length === 0}
            onClick={() => setIsAssigning(true)}
            data-testid="campaign-assign"
          >
            {t('votes.campaign.assign')}
            {selected.length ? ` (${selected.length})` : ''}
          </Button>
        )}
      </Space>
      {list.error ? (
        <Alert
          type="error"
          showIcon
          message={describeError(list.error, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<CampaignEntry>
        size="small"
        rowKey="headNo"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        data-testid="campaign-table"
        onRow={(e) => ({ 'data-testid': 'campaign-row', 'data-head': e.headNo }) as object}
        rowSelection={
          mayAssign
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
                getCheckboxProps: () => ({ 'data-testid': 'campaign-select' }) as object,
              }
            : undefined
        }
        locale={{ emptyText: t('votes.campaign.empty') }}
        columns={[
          {
            title: t('votes.units'),
            dataIndex: 'units',
            render: (units: string[]) => (
              <span data-testid="campaign-units">{units.join('、')}</span>
            ),
          },
          { title: t('votes.area'), dataIndex: 'area', render: (a: number) => formatArea(a) },
          {
            title: t('votes.field.choice'),
            dataIndex: 'choice',
            render: (c: CampaignEntry['choice']) => <ChoiceTag choice={c} />,
          },
          {
            title: t('votes.campaign.visit'),
            dataIndex: 'visit',
            render: (v: CampaignEntry['visit']) =>
              v ? (
                <span data-testid="campaign-visit">
                  {v.assigneeName} ·{' '}
                  {v.outcome ? (
                    <Tag>{t(`votes.outcome.${v.outcome}`)}</Tag>
                  ) : (
                    <Tag color="blue">{t('votes.campaign.pending')}</Tag>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {shanghaiDateTime(v.at)}
                  </Typography.Text>
                  {v.note && <div style={{ fontSize: 12 }}>{v.note}</div>}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {list.hasMore && (
        <Button style={{ marginTop: 12 }} onClick={list.loadMore}>
          {t('votes.loadMore')}
        </Button>
      )}
      {isAssigning && (
        <AssignModal
          voteId={voteId}
          headNos={selected}
          onClose={() => setIsAssigning(false)}
          onDone={() => {
            setIsAssigning(false);
            restart();
          }}
        />
      )}
    </Card>
  );
}
