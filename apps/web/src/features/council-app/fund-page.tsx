import { FileExcelOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { FUND_ENTRY_KIND_LABELS, type FundEntry, type FundTotals } from '@cc/contracts';
import { Button, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useCursorList } from '../../lib/use-cursor-list';
import { councilsApi, formatFen } from '../councils';
import { BackLink } from './back-link';
import { labelText } from './council-app-format';
import './council-app.css';

const KIND_COLORS: Record<FundEntry['kind'], string> = {
  pledge: 'purple',
  contribution: 'green',
  expense: 'orange',
  approval: 'blue',
  refusal: 'red',
  correction: 'gold',
};

/** The amount as it touches the fund: + received, − spent; a pledge or a waiting expense as asked. */
function amountText(entry: FundEntry): string {
  switch (entry.kind) {
    case 'contribution':
      return formatFen(entry.amountFen, { signed: true });
    case 'expense':
      // only an approved expense has left the fund
      return entry.expense?.state === 'approved'
        ? formatFen(-entry.amountFen)
        : formatFen(entry.amountFen);
    case 'correction':
      return formatFen(entry.amountFen, { signed: true });
    case 'pledge':
      return formatFen(entry.amountFen);
    case 'approval':
    case 'refusal':
      return entry.amountFen ? formatFen(entry.amountFen) : '';
  }
}

function EntryRow({ entry }: { entry: FundEntry }) {
  const { t, i18n } = useTranslation();
  const expense = entry.expense;
  return (
    <div
      className="cc-council-line"
      data-testid="fund-entry-row"
      data-seq={entry.seq}
      data-kind={entry.kind}
    >
      <span className="cc-council-row-main">
        <span>
          <Tag color={KIND_COLORS[entry.kind]}>
            {labelText(FUND_ENTRY_KIND_LABELS[entry.kind], i18n.language, entry.kind)}
          </Tag>
          <Typography.Text>{entry.member?.name ?? entry.note}</Typography.Text>
        </span>
        {entry.member && entry.note && <span className="cc-council-muted">{entry.note}</span>}
        {expense && (
          <span className="cc-council-muted" data-testid="fund-expense-state">
            {t(`councilApp.fund.expense.${expense.state}`, {
              approvals: expense.approvals,
              required: expense.required,
            })}
          </span>
        )}
        {entry.refersTo !== null && (
          <span className="cc-council-muted">
            {t('councilApp.fund.refersTo', { seq: entry.refersTo })}
          </span>
        )}
        {entry.receipts.length > 0 && (
          <span className="cc-council-muted">
            {entry.receipts.map((r) => (
              <a
                key={r.id}
                href={r.url}
                target="_blank"
                rel="noopener noreferrer"
                style={{ marginInlineEnd: 8 }}
              >
                <PaperClipOutlined /> {r.name}
              </a>
            ))}
          </span>
        )}
        <span className="cc-council-muted">
          #{entry.seq} · {shanghaiDateTime(entry.recordedAt)} · {entry.recordedBy}
        </span>
      </span>
      <span style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end' }}>
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
          {amountText(entry)}
        </Typography.Text>
        <span className="cc-council-muted" style={{ whiteSpace: 'nowrap' }}>
          {t('councilApp.fund.after', { balance: formatFen(entry.balanceFen) })}
        </span>
      </span>
    </div>
  );
}

function TotalsCard({ totals }: { totals: FundTotals }) {
  const { t } = useTranslation();
  const figure = (label: string, fen: number, testId: string) => (
    <div className="cc-council-figure" data-testid={testId}>
      <span className="cc-council-muted">{label}</span>
      <Typography.Text strong>{formatFen(fen)}</Typography.Text>
    </div>
  );
  return (
    <div className="cc-council-card">
      <span className="cc-council-muted">{t('councilApp.fund.balance')}</span>
      <div className="cc-council-amount" data-testid="fund-balance" data-fen={totals.balanceFen}>
        {formatFen(totals.balanceFen)}
      </div>
      <div className="cc-council-figures">
        {figure(t('councilApp.fund.contributed'), totals.contributedFen, 'fund-contributed')}
        {figure(t('councilApp.fund.spent'), totals.spentFen, 'fund-spent')}
        {figure(t('councilApp.fund.pledged'), totals.pledgedFen, 'fund-pledged')}
      </div>
      {totals.pendingFen > 0 && (
        <div className="cc-council-muted" style={{ marginTop: 8 }}>
          {t('councilApp.fund.pending', { amount: formatFen(totals.pendingFen) })}
        </div>
      )}
    </div>
  );
}

/**
 * 共治基金 (/r/councils/:id/fund): the balance and totals, every entry newest first (加载更多),
 * or the reader's member's own statement; the statement as CSV or PDF.
 */
export function CouncilFundPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [scope, setScope] = useState<'all' | 'mine'>('all');
  const council = useRequest((signal) => councilsApi.getCouncil(id, signal), [id]);
  const totals = useRequest((signal) => councilsApi.getFund(id, signal), [id]);
  const myMember = council.data?.me?.memberId;
  const member = scope === 'mine' ? myMember : undefined;
  const entries = useCursorList(
    (cursor, signal) => councilsApi.listFundEntries(id, { member, cursor }, signal),
    [id, member ?? ''],
    (e) => e.seq,
  );
  const back = <BackLink to={`/r/councils/${id}`} label={t('councilApp.home.back')} />;
  if (council.error && !council.data)
    return (
      <div className="cc-council-page">
        {back}
        <LoadError error={council.error} onRetry={council.reload} isCompact />
      </div>
    );
  return (
    <div className="cc-council-page" data-testid="fund-page">
      {back}
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('councilApp.fund.title')}
        {council.data && (
          <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
            {council.data.name}
          </Typography.Text>
        )}
      </Typography.Title>
      {totals.error && !totals.data ? (
        <LoadError error={totals.error} onRetry={totals.reload} isCompact />
      ) : totals.data ? (
        <TotalsCard totals={totals.data} />
      ) : (
        <PageSpin />
      )}
      <div className="cc-council-card">
        {myMember && (
          <Segmented<'all' | 'mine'>
            block
            value={scope}
            onChange={setScope}
            options={[
              { value: 'all', label: t('councilApp.fund.all') },
              { value: 'mine', label: t('councilApp.fund.mine') },
            ]}
            style={{ marginBottom: 8 }}
            data-testid="fund-scope"
          />
        )}
        {entries.error && entries.items.length === 0 ? (
          <LoadError error={entries.error} onRetry={entries.reload} isCompact />
        ) : !entries.data && entries.items.length === 0 ? (
          <PageSpin />
        ) : entries.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('councilApp.fund.empty')} />
        ) : (
          entries.items.map((e) => <EntryRow key={e.seq} entry={e} />)
        )}
        {entries.hasMore && (
          <Button
            block
            onClick={entries.loadMore}
            loading={entries.isLoading}
            data-testid="fund-load-more"
          >
            {t('councilApp.loadMore')}
          </Button>
        )}
      </div>
      <Space wrap>
        <Button
          icon={<FileExcelOutlined />}
          href={councilsApi.fundStatementUrl(id, 'csv', member)}
          data-testid="fund-csv"
        >
          {member ? t('councilApp.fund.csvMine') : t('councilApp.fund.csv')}
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          href={councilsApi.fundStatementUrl(id, 'pdf', member)}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="fund-pdf"
        >
          {member ? t('councilApp.fund.pdfMine') : t('councilApp.fund.pdf')}
        </Button>
      </Space>
    </div>
  );
}
