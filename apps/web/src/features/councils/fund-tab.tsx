import {
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import {
  FUND_ENTRY_KIND_LABELS,
  FUND_ENTRY_KINDS,
  type Council,
  type CouncilMember,
  type FundChainCheck,
  type FundEntry,
  type FundEntryKind,
  type FundTotals,
} from '@cc/contracts';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { useCursorList } from '../../lib/use-cursor-list';
import { AttachmentLinks } from './attachments-field';
import { ChainCheckAlert } from './chain-check';
import { atTime, ExpenseStateTag, Money, useLabel } from './council-format';
import {
  decideExpense,
  fundStatementUrl,
  getFund,
  listFundEntries,
  verifyFund,
} from './councils-api';
import { CorrectEntryModal, FundRecordModal, RefuseExpenseModal } from './fund-modals';
import { MoreButton, RefreshButton, rowData } from '../../components/page-parts';
import { useAction } from '../../lib/sending';

function Figure({
  title,
  fen,
  testId,
  isMain = false,
  help,
}: {
  title: string;
  fen: number | undefined;
  testId: string;
  isMain?: boolean;
  help?: string;
}) {
  return (
    <div className={`cc-council-figure${isMain ? ' cc-council-figure-main' : ''}`}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div className="cc-council-figure-value">
        {fen === undefined ? '…' : <Money fen={fen} testId={testId} />}
      </div>
      {help ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {help}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** The balance and the totals behind it, plainly (no chart). */
function FundFigures({ totals }: { totals: FundTotals | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="cc-council-figures" data-testid="fund-summary">
      <Figure
        title={t('councils.fund.balance')}
        fen={totals?.balanceFen}
        testId="fund-balance"
        isMain
        help={t('councils.fund.balanceHelp')}
      />
      <Figure
        title={t('councils.fund.contributed')}
        fen={totals?.contributedFen}
        testId="fund-contributed"
      />
      <Figure title={t('councils.fund.spent')} fen={totals?.spentFen} testId="fund-spent" />
      <Figure
        title={t('councils.fund.pending')}
        fen={totals?.pendingFen}
        testId="fund-pending"
        help={t('councils.fund.pendingHelp')}
      />
      <Figure
        title={t('councils.fund.pledged')}
        fen={totals?.pledgedFen}
        testId="fund-pledged"
        help={t('councils.fund.pledgedHelp')}
      />
    </div>
  );
}

/**
 * What an entry moves, as the ledger reads it: a contribution adds, the approval that makes
 * an expense count takes it off (the expense itself is a request, shown unsigned), a
 * correction shows its change (Δ) to the entry it corrects; a pledge is a promise, aside.
 */
function EntryAmount({ entry }: { entry: FundEntry }) {
  switch (entry.kind) {
    case 'contribution':
      return <Money fen={entry.amountFen} signed />;
    case 'correction':
      // the change to the entry it corrects (an expense's change moves the balance the other way)
      return (
        <Typography.Text type="secondary">
          Δ <Money fen={entry.amountFen} signed />
        </Typography.Text>
      );
    case 'approval':
      return entry.amountFen > 0 ? <Money fen={-entry.amountFen} signed /> : null;
    case 'expense':
    case 'pledge':
      return (
        <Typography.Text type="secondary">
          <Money fen={entry.amountFen} />
        </Typography.Text>
      );
    case 'refusal':
      return null;
  }
}

const KIND_COLORS: Record<FundEntryKind, string> = {
  pledge: 'default',
  contribution: 'green',
  expense: 'orange',
  approval: 'blue',
  refusal: 'red',
  correction: 'purple',
};

/** May this entry be corrected: a pledge, a contribution, an approved expense. */
const isCorrectable = (e: FundEntry) =>
  e.kind === 'pledge' || e.kind === 'contribution' || e.expense?.state === 'approved';

/**
 * 共治基金: the balance and totals, then every entry newest first (a member's statement when
 * a member is chosen), as CSV and PDF too. Those who keep the fund record pledges,
 * contributions and expenses with receipts; the chair and directors approve or refuse
 * expenses; anyone who reads it can check the hash chain.
 */
export function FundTab({
  council,
  members,
}: {
  council: Council;
  members: readonly CouncilMember[];
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const action = useAction();
  const verifying = useAction();
  const fund = useRequest((signal) => getFund(council.id, signal), [council.id]);
  const [member, setMember] = useState<string | undefined>();
  const [kind, setKind] = useState<FundEntryKind | undefined>();
  const list = useCursorList(
    (cursor, signal) => listFundEntries(council.id, { member, kind, cursor }, signal),
    [council.id, member, kind],
    (e) => e.seq,
  );
  const [isRecording, setRecording] = useState(false);
  const [refusing, setRefusing] = useState<FundEntry | null>(null);
  const [correcting, setCorrecting] = useState<FundEntry | null>(null);
  const [check, setCheck] = useState<FundChainCheck | null>(null);
  const totals = fund.data ?? list.data?.totals;

  const refresh = () => {
    setCheck(null);
    fund.reload();
    list.restart();
  };
  const approve = (e: FundEntry) =>
    void action
      .run(
        () => decideExpense(council.id, e.seq, { decision: 'approve' }),
        t('councils.fund.approved', { seq: e.seq }),
      )
      .then((ok) => ok && refresh());
  const verify = () => void verifying.run(async () => setCheck(await verifyFund(council.id)));
  const memberName = members.find((m) => m.id === member)?.name;

  return (
    <div data-testid="council-fund">
      <Card size="small" className="cc-council-card">
        {fund.error && !totals ? (
          <LoadError error={fund.error} onRetry={fund.reload} isCompact />
        ) : (
          <FundFigures totals={totals} />
        )}
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('councils.fund.entriesCount', { n: totals?.entries ?? 0 })}
          {council.rules.expenseApprovals
            ? ` · ${t('councils.fund.rule', { n: council.rules.expenseApprovals })}`
            : ''}
        </Typography.Text>
      </Card>
      <div className="cc-council-head">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={member}
          onChange={setMember}
          placeholder={t('councils.fund.statementOf')}
          style={{ width: 220 }}
          options={members.map((m) => ({ value: m.id, label: m.name }))}
          data-testid="fund-filter-member"
        />
        <Select
          allowClear
          value={kind}
          onChange={setKind}
          placeholder={t('councils.fund.kind')}
          style={{ width: 140 }}
          options={FUND_ENTRY_KINDS.map((k) => ({
            value: k,
            label: label(FUND_ENTRY_KIND_LABELS[k]),
          }))}
          data-testid="fund-filter-kind"
        />
        <span style={{ flex: 1 }} />
        <Button
          icon={<FileTextOutlined />}
          href={fundStatementUrl(council.id, 'csv', member)}
          download
          data-testid="fund-csv"
        >
          {memberName ? t('councils.fund.csvOf', { name: memberName }) : t('councils.fund.csv')}
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          href={fundStatementUrl(council.id, 'pdf', member)}
          download
          data-testid="fund-pdf"
        >
          {memberName ? t('councils.fund.pdfOf', { name: memberName }) : t('councils.fund.pdf')}
        </Button>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verifying.isBusy}
          onClick={verify}
          data-testid="fund-verify"
        >
          {t('councils.fund.verify')}
        </Button>
        <RefreshButton onClick={refresh} />
        {council.can.recordFund ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRecording(true)}
            data-testid="fund-record"
          >
            {t('councils.fund.record')}
          </Button>
        ) : null}
      </div>
      {check ? (
        <div className="cc-council-card">
          <ChainCheckAlert check={check} testId="fund-verify-result" />
        </div>
      ) : null}
      <ListCard error={list.error} hasData={!!list.data} onRetry={list.reload}>
        <Table<FundEntry>
          rowKey="seq"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('councils.fund.empty') }}
          onRow={(e) =>
            rowData('fund-entry-row', {
              'data-seq': e.seq,
              'data-kind': e.kind,
              ...(e.expense ? { 'data-expense-state': e.expense.state } : {}),
            })
          }
          columns={[
            { title: '#', dataIndex: 'seq', width: 64 },
            {
              title: t('councils.fund.recordedAt'),
              key: 'at',
              width: 150,
              render: (_: unknown, e) => atTime(e.recordedAt),
            },
            {
              title: t('councils.fund.kind'),
              key: 'kind',
              render: (_: unknown, e) => (
                <Space size={2} wrap>
                  <Tag color={KIND_COLORS[e.kind]}>{label(FUND_ENTRY_KIND_LABELS[e.kind])}</Tag>
                  {e.expense ? (
                    <ExpenseStateTag
                      state={e.expense.state}
                      approvals={e.expense.approvals}
                      required={e.expense.required}
                    />
                  ) : null}
                  {e.refersTo !== null ? (
                    <Typography.Text type="secondary">
                      {t('councils.fund.refersTo', { seq: e.refersTo })}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('councils.fund.member'),
              key: 'member',
              render: (_: unknown, e) => e.member?.name ?? t('common.none'),
            },
            {
              title: t('councils.fund.amount'),
              key: 'amount',
              align: 'right',
              render: (_: unknown, e) => <EntryAmount entry={e} />,
            },
            {
              title: t('councils.fund.note'),
              key: 'note',
              render: (_: unknown, e) => (
                <Space direction="vertical" size={2}>
                  <span>{e.note}</span>
                  <AttachmentLinks items={e.receipts} thumb={40} testId="fund-receipts" />
                </Space>
              ),
            },
            { title: t('councils.fund.recordedBy'), dataIndex: 'recordedBy' },
            {
              title: t('councils.fund.balanceAfter'),
              key: 'balance',
              align: 'right',
              render: (_: unknown, e) => <Money fen={e.balanceFen} />,
            },
            {
              title: t('councils.fund.hash'),
              key: 'hash',
              render: (_: unknown, e) => (
                <span className="cc-council-hash" title={e.hash}>
                  {e.hash.slice(0, 10)}…
                </span>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, e) => (
                <Space size={4} wrap>
                  {council.can.approveExpenses && e.expense?.state === 'pending' ? (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        icon={<CheckOutlined />}
                        disabled={action.isBusy}
                        onClick={() => approve(e)}
                        data-testid="fund-approve"
                      >
                        {t('councils.fund.approve')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        icon={<CloseOutlined />}
                        onClick={() => setRefusing(e)}
                        data-testid="fund-refuse"
                      >
                        {t('councils.fund.refuse')}
                      </Button>
                    </>
                  ) : null}
                  {council.can.recordFund && isCorrectable(e) ? (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setCorrecting(e)}
                      data-testid="fund-correct"
                    >
                      {t('councils.fund.correct')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        <MoreButton list={list} text={t('councils.loadMore')} isLoadingShown testId="fund-more" />
      </ListCard>
      {isRecording ? (
        <FundRecordModal
          council={council}
          members={members}
          totals={totals}
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            refresh();
          }}
        />
      ) : null}
      {refusing ? (
        <RefuseExpenseModal
          council={council}
          entry={refusing}
          onClose={() => setRefusing(null)}
          onDone={() => {
            setRefusing(null);
            refresh();
          }}
        />
      ) : null}
      {correcting ? (
        <CorrectEntryModal
          council={council}
          entry={correcting}
          onClose={() => setCorrecting(null)}
          onDone={() => {
            setCorrecting(null);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}
