import {
  FUND_ENTRY_KIND_LABELS,
  type AttachmentRef,
  type Council,
  type CouncilMember,
  type FundEntry,
  type FundTotals,
} from '@cc/contracts';
import { App, Form, Input, Select, Typography, type InputProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from './attachments-field';
import { useLabel } from './council-format';
import { correctFundEntry, decideExpense, recordFundEntry } from './councils-api';
import { fenToYuanText, formatFen, parseYuan } from './money';
import { SendModal, useSend } from '../../lib/sending';

type RecordKind = 'pledge' | 'contribution' | 'expense';

interface RecordValues {
  kind: RecordKind;
  memberId?: string;
  amount: string;
  note: string;
  receipts?: AttachmentRef[];
}

/** An amount box in yuan: checked as typed (two decimals at most), sent as fen. */
function amountRule(t: (key: string) => string, allowZero = false) {
  return {
    validator: (_: unknown, text: string | undefined) =>
      text && parseYuan(text, { allowZero }) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('councils.fund.amountRule'))),
  };
}

/** The box of an amount in yuan (Form.Item passes `value` and `onChange`). */
function YuanInput(props: InputProps) {
  return <Input prefix="¥" inputMode="decimal" style={{ width: 220 }} {...props} />;
}

/**
 * 记一笔: a member's pledge (认捐) or contribution received (实缴), or an expense with its
 * receipts that waits for the directors' approvals. The amount is typed in yuan and sent in
 * fen; the server refuses an expense beyond what the fund holds, naming the balance.
 */
export function FundRecordModal({
  council,
  members,
  totals,
  onClose,
  onDone,
}: {
  council: Council;
  members: readonly CouncilMember[];
  totals: FundTotals | undefined;
  onClose: () => void;
  onDone: (entry: FundEntry) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const sending = useSend(form, ['kind', 'memberId', 'amount', 'note', 'receipts'], {
    aliases: { amountFen: 'amount', receiptIds: 'receipts' },
    toName: (path) => path[0] as string,
  });
  const kind = Form.useWatch('kind', form) ?? 'contribution';
  const isExpense = kind === 'expense';

  const send = (v: RecordValues) =>
    sending.send(async () => {
      const receiptIds = (v.receipts ?? []).map((r) => r.id);
      const entry = await recordFundEntry(council.id, {
        kind: v.kind,
        ...(v.memberId ? { memberId: v.memberId } : {}),
        amountFen: parseYuan(v.amount)!,
        note: v.note.trim(),
        ...(v.kind === 'expense' ? { receiptIds } : {}),
      });
      void message.success(
        t('councils.fund.recorded', {
          kind: label(FUND_ENTRY_KIND_LABELS[entry.kind]),
          amount: formatFen(entry.amountFen),
        }),
      );
      onDone(entry);
    });

  const available = totals ? totals.balanceFen - totals.pendingFen : undefined;
  return (
    <SendModal
      title={t('councils.fund.record')}
      okText={t('councils.fund.submit')}
      okTestId="fund-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
      width={560}
    >
      <Form<RecordValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'contribution', receipts: [] }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item name="kind" label={t('councils.fund.kind')} rules={[{ required: true }]}>
          <Select
            options={(['pledge', 'contribution', 'expense'] as const).map((k) => ({
              value: k,
              label: label(FUND_ENTRY_KIND_LABELS[k]),
            }))}
            data-testid="fund-kind-select"
          />
        </Form.Item>
        <Form.Item
          name="memberId"
          label={isExpense ? t('councils.fund.payee') : t('councils.fund.member')}
          extra={isExpense ? t('councils.fund.payeeHelp') : undefined}
          rules={isExpense ? [] : [{ required: true, message: t('councils.fund.memberRule') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            options={members.map((m) => ({ value: m.id, label: m.name }))}
            data-testid="fund-member-select"
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('councils.fund.amount')}
          extra={
            isExpense && available !== undefined
              ? t('councils.fund.available', { amount: formatFen(available) })
              : t('councils.fund.amountHelp')
          }
          rules={[amountRule(t)]}
        >
          <YuanInput placeholder="0.00" data-testid="fund-amount-input" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('councils.fund.note')}
          rules={[{ required: true, whitespace: true, message: t('councils.fund.noteRule') }]}
        >
          <Input maxLength={200} data-testid="fund-note-input" />
        </Form.Item>
        {isExpense ? (
          <Form.Item
            name="receipts"
            label={t('councils.fund.receipts')}
            extra={t('councils.fund.receiptsHelp')}
            rules={[
              {
                validator: (_, items: AttachmentRef[] | undefined) =>
                  (items ?? []).length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('councils.fund.receiptsRule'))),
              },
            ]}
          >
            <AttachmentsField buttonText={t('councils.fund.upload')} testId="fund-receipt-upload" />
          </Form.Item>
        ) : null}
      </Form>
    </SendModal>
  );
}

/** A dialog about one entry of the ledger. */
interface EntryModalProps {
  council: Council;
  entry: FundEntry;
  onClose: () => void;
  onDone: () => void;
}

/** 驳回 an expense, with what is wrong with it (the note goes in the ledger). */
export function RefuseExpenseModal({ council, entry, onClose, onDone }: EntryModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string }>();
  const sending = useSend(form, ['note']);
  return (
    <SendModal
      title={t('councils.fund.refuseTitle', { seq: entry.seq })}
      okText={t('councils.fund.refuse')}
      okTestId="fund-refuse-ok"
      okButtonProps={{ danger: true }}
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Typography.Paragraph>
        {entry.note} · {formatFen(entry.amountFen)}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void sending.send(async () => {
            await decideExpense(council.id, entry.seq, {
              decision: 'refuse',
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            });
            onDone();
          })
        }
      >
        <Form.Item name="note" label={t('councils.fund.refuseNote')}>
          <Input.TextArea
            maxLength={200}
            autoSize={{ minRows: 2 }}
            data-testid="fund-refuse-note"
          />
        </Form.Item>
      </Form>
    </SendModal>
  );
}

/**
 * 更正 an entry: its right amount (0 voids it), and why. The ledger keeps the old entry and
 * appends the correction; nothing is changed in place.
 */
export function CorrectEntryModal({ council, entry, onClose, onDone }: EntryModalProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<{ amount: string; note: string }>();
  const sending = useSend(form, ['amount', 'note'], {
    aliases: { amountFen: 'amount', corrects: 'amount' },
  });
  return (
    <SendModal
      title={t('councils.fund.correctTitle', {
        seq: entry.seq,
        kind: label(FUND_ENTRY_KIND_LABELS[entry.kind]),
      })}
      okText={t('councils.fund.correct')}
      okTestId="fund-correct-ok"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('councils.fund.correctHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: fenToYuanText(entry.amountFen) }}
        onFinish={(v) =>
          void sending.send(async () => {
            await correctFundEntry(council.id, {
              corrects: entry.seq,
              amountFen: parseYuan(v.amount, { allowZero: true })!,
              note: v.note.trim(),
            });
            onDone();
          })
        }
      >
        <Form.Item
          name="amount"
          label={t('councils.fund.rightAmount')}
          rules={[amountRule(t, true)]}
        >
          <YuanInput data-testid="fund-correct-amount" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('councils.fund.correctNote')}
          rules={[{ required: true, whitespace: true, message: t('councils.fund.noteRule') }]}
        >
          <Input maxLength={200} data-testid="fund-correct-note" />
        </Form.Item>
      </Form>
    </SendModal>
  );
}
