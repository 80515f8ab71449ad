import {
  VERIFICATION_STATES,
  type VerificationRequest,
  type VerificationState,
} from '@cc/contracts';
import {
  App as AntApp,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { registryRelationLabel } from './household-page';
import {
  approveVerification,
  listVerifications,
  refuseVerification,
  revokeLink,
} from './residents-api';

const STATE_COLOURS: Record<VerificationState, string> = {
  pending: 'processing',
  approved: 'success',
  refused: 'error',
};

/** Refusing a request, or revoking the link an approved one made: both need a reason. */
interface Acting {
  kind: 'refuse' | 'revoke';
  row: VerificationRequest;
}

/**
 * 住户认证 (/verifications): the verification requests of rooms in the reader's area, with the
 * registry's suggested resident (masked, never the ID number); approve, or refuse with a reason;
 * revoke, with a reason, the link an approved request made while it holds.
 */
export function VerificationsPage() {
  const { t, i18n } = useTranslation();
  const isZh = i18n.language.startsWith('zh');
  const { message } = AntApp.useApp();
  const [state, setState] = useState<VerificationState | 'all'>('pending');
  const [pages, setPages] = useState<string[]>([]);
  const [extra, setExtra] = useState<VerificationRequest[]>([]);
  const [acting, setActing] = useState<Acting | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const list = useRequest(
    (signal) => listVerifications(state === 'all' ? {} : { state }, signal),
    [state],
  );
  const rows = [...(list.data?.items ?? []), ...extra];
  const nextCursor = pages.length > 0 ? pages[pages.length - 1] : list.data?.nextCursor;

  const reload = () => {
    setExtra([]);
    setPages([]);
    list.reload();
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const more = await listVerifications({
        ...(state === 'all' ? {} : { state }),
        cursor: nextCursor,
      });
      setExtra((e) => [...e, ...more.items]);
      setPages((p) => [...p, more.nextCursor ?? '']);
    } catch (error) {
      message.error(describeError(error, t));
    }
  };
  const decide = async (id: string, work: () => Promise<unknown>, done: string) => {
    setBusy(id);
    try {
      await work();
      message.success(done);
      setActing(null);
      setReason('');
      reload();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<VerificationRequest> = [
    {
      title: t('residents.staff.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('residents.staff.room'),
      dataIndex: 'roomLabel',
      render: (_, r) => (
        <>
          <div>{r.roomLabel}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.committeeName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('residents.staff.applicant'),
      render: (_, r) => (
        <>
          <div>
            {r.name} · {t(`residents.relation.${r.relation}`)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.idNumber}
            {r.account?.phone ? ` · ${r.account.phone}` : ''}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('residents.staff.match'),
      render: (_, r) =>
        r.match ? (
          <div data-testid="verification-match">
            <div>
              {t('residents.staff.matchText', {
                relation: registryRelationLabel(r.match.registryRelation, isZh),
                name: r.match.name,
                room: r.match.roomLabel ?? '—',
                number: r.match.householdNumber ?? '—',
              })}
            </div>
            <Space size={4} wrap>
              {!r.match.nameMatches ? (
                <Tag color="warning">{t('residents.staff.nameDiffers')}</Tag>
              ) : null}
              {!r.match.sameRoom ? (
                <Tag color="warning">{t('residents.staff.otherRoom')}</Tag>
              ) : null}
            </Space>
          </div>
        ) : (
          <div data-testid="verification-no-match">
            <Typography.Text type="warning">{t('residents.staff.noMatch')}</Typography.Text>
            {r.state === 'pending' ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('residents.staff.noMatchHint')}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        ),
    },
    {
      title: t('residents.staff.state'),
      dataIndex: 'state',
      width: 130,
      render: (_, r) => (
        <>
          <Tag color={STATE_COLOURS[r.state]}>{t(`residents.state.${r.state}`)}</Tag>
          {r.decidedAs ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.decidedAs === 'head'
                  ? t('residents.staff.byHead')
                  : t('residents.staff.byStaff')}
              </Typography.Text>
            </div>
          ) : null}
          {r.reason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.reason}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('residents.staff.decided'),
      width: 170,
      render: (_, r) =>
        r.state === 'pending' ? (
          <Space>
            {/* without a registry match the server refuses: say why instead */}
            <Tooltip title={r.match ? undefined : t('residents.staff.approveNoMatch')}>
              <Button
                type="primary"
                size="small"
                loading={busy === r.id}
                disabled={!r.match}
                data-testid="verification-approve"
                onClick={() =>
                  void decide(r.id, () => approveVerification(r.id), t('residents.staff.approved'))
                }
              >
                {t('residents.staff.approve')}
              </Button>
            </Tooltip>
            <Button
              size="small"
              danger
              data-testid="verification-refuse"
              onClick={() => setActing({ kind: 'refuse', row: r })}
            >
              {t('residents.staff.refuse')}
            </Button>
          </Space>
        ) : r.linked && r.account ? (
          <Space orientation="vertical" size={4}>
            <Tag color="success">{t('residents.staff.linked')}</Tag>
            <Button
              size="small"
              danger
              data-testid="verification-revoke"
              onClick={() => setActing({ kind: 'revoke', row: r })}
            >
              {t('residents.staff.revoke')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <ListPage testId="verifications-page" title={t('residents.staff.title')}>
      <ListCard
        error={list.error}
        hasData={Boolean(list.data)}
        onRetry={reload}
        toolbar={
          <Space>
            <Typography.Text>{t('residents.staff.state')}</Typography.Text>
            <Select
              value={state}
              style={{ width: 120 }}
              onChange={(v) => {
                setExtra([]);
                setPages([]);
                setState(v);
              }}
              options={[
                { value: 'all', label: t('residents.staff.all') },
                ...VERIFICATION_STATES.map((s) => ({ value: s, label: t(`residents.state.${s}`) })),
              ]}
              data-testid="verifications-state"
            />
          </Space>
        }
      >
        <Table<VerificationRequest>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('residents.staff.empty') }}
          onRow={(r) => ({ 'data-testid': `verification-${r.id}` }) as never}
        />
        {nextCursor ? (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={() => void loadMore()}>{t('residents.staff.loadMore')}</Button>
          </div>
        ) : null}
      </ListCard>
      <Modal
        open={acting !== null}
        title={
          acting?.kind === 'revoke'
            ? t('residents.staff.revokeTitle')
            : t('residents.staff.refuseTitle')
        }
        okText={
          acting?.kind === 'revoke' ? t('residents.staff.revoke') : t('residents.staff.refuse')
        }
        okButtonProps={{
          danger: true,
          disabled: reason.trim() === '',
          loading: busy !== null,
        }}
        onCancel={() => setActing(null)}
        onOk={() => {
          if (!acting) return;
          const { kind, row } = acting;
          void (kind === 'revoke'
            ? decide(
                row.id,
                () => revokeLink(row.account!.id, reason.trim()),
                t('residents.staff.revoked'),
              )
            : decide(
                row.id,
                () => refuseVerification(row.id, reason.trim()),
                t('residents.staff.refused'),
              ));
        }}
      >
        {acting?.kind === 'revoke' ? (
          <Typography.Paragraph type="secondary">
            {acting.row.name} · {acting.row.roomLabel}
            <br />
            {t('residents.staff.revokeHint')}
          </Typography.Paragraph>
        ) : null}
        <Form layout="vertical">
          <Form.Item label={t('residents.staff.reason')} required>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={reason}
              placeholder={t('residents.staff.reasonRequired')}
              onChange={(e) => setReason(e.target.value)}
              data-testid="verification-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
