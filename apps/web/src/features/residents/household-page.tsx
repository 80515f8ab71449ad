import { REGISTRY_LABELS, type VerificationRequest } from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Empty,
  Input,
  List,
  Modal,
  Result,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, describeError, useRequest } from '../../lib/api';
import {
  approveVerification,
  getHousehold,
  listHouseholdRequests,
  refuseVerification,
} from './residents-api';

/** A registry relation (head, spouse, …) in the reader's language. */
export function registryRelationLabel(relation: string | null, isZh: boolean): string {
  const labels = REGISTRY_LABELS.relation as Record<string, readonly [string, string]>;
  const pair = relation ? labels[relation] : undefined;
  return pair ? pair[isZh ? 0 : 1] : (relation ?? '');
}

/** 我的家庭 (/r/household): the household's members, masked; its head confirms members' requests. */
export function HouseholdPage() {
  const { t, i18n } = useTranslation();
  const isZh = i18n.language.startsWith('zh');
  const household = useRequest(
    (signal) =>
      getHousehold(signal).catch((cause: unknown) => {
        if (cause instanceof ApiError && cause.status === 404) return null;
        throw cause;
      }),
    [],
  );
  if (household.error) return <LoadError error={household.error} onRetry={household.reload} />;
  if (household.data === undefined) return <PageSpin />;
  const data = household.data;
  if (!data)
    return (
      <div style={{ padding: 12 }} data-testid="household-page">
        <Result
          status="info"
          title={t('residents.household.title')}
          subTitle={t('residents.household.notVerifiedYet')}
          extra={
            <Link to="/r/verify">
              <Button type="primary" data-testid="household-verify">
                {t('residents.household.goVerify')}
              </Button>
            </Link>
          }
        />
      </div>
    );
  return (
    <div style={{ padding: 12 }} data-testid="household-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('residents.household.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{data.link.roomLabel}</Typography.Text>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {data.link.committeeName}
            {data.householdNumber
              ? ` · ${t('residents.household.number', { number: data.householdNumber })}`
              : ''}
          </Typography.Text>
        </div>
      </Card>
      {data.link.isHead ? <HeadRequests /> : null}
      <Card
        size="small"
        title={t('residents.household.members')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('residents.household.masked')}
          </Typography.Text>
        }
      >
        {data.members.length === 0 ? (
          <Empty description={t('residents.household.none')} />
        ) : (
          <List
            dataSource={data.members}
            data-testid="household-members"
            renderItem={(m, index) => (
              <List.Item key={index} data-testid="household-member">
                <Space wrap>
                  <Typography.Text strong>{m.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {registryRelationLabel(m.relation, isZh)}
                  </Typography.Text>
                  {m.isMe ? <Tag color="blue">{t('residents.household.me')}</Tag> : null}
                </Space>
                <Tag color={m.isVerified ? 'success' : 'default'}>
                  {m.isVerified
                    ? t('residents.household.verified')
                    : t('residents.household.notVerified')}
                </Tag>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}

/** The pending requests matched to my household, for me (its head) to confirm or refuse. */
function HeadRequests() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const requests = useRequest((signal) => listHouseholdRequests(signal), []);
  const [refusing, setRefusing] = useState<VerificationRequest | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const items = requests.data?.items ?? [];
  if (requests.error)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('residents.household.requestsError')}
        description={describeError(requests.error, t)}
        action={
          <Button size="small" onClick={requests.reload}>
            {t('common.retry')}
          </Button>
        }
        data-testid="household-requests-error"
      />
    );
  if (items.length === 0) return null;

  const decide = async (id: string, work: () => Promise<unknown>, done: string) => {
    setBusy(id);
    try {
      await work();
      message.success(done);
      setRefusing(null);
      setReason('');
      requests.reload();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('residents.household.requests')}
      style={{ marginBottom: 12 }}
      data-testid="household-requests"
    >
      <List
        dataSource={items}
        renderItem={(r) => (
          <List.Item key={r.id} data-testid="household-request">
            <div style={{ width: '100%' }}>
              <Typography.Paragraph style={{ marginBottom: 8 }}>
                {t('residents.household.requestText', {
                  name: r.name,
                  relation: t(`residents.relation.${r.relation}`),
                  match: r.match?.name ?? '—',
                })}
              </Typography.Paragraph>
              <Space>
                <Button
                  type="primary"
                  size="small"
                  loading={busy === r.id}
                  data-testid="household-approve"
                  onClick={() =>
                    void decide(
                      r.id,
                      () => approveVerification(r.id),
                      t('residents.household.approved'),
                    )
                  }
                >
                  {t('residents.household.approve')}
                </Button>
                <Button size="small" danger onClick={() => setRefusing(r)}>
                  {t('residents.household.refuse')}
                </Button>
              </Space>
            </div>
          </List.Item>
        )}
      />
      <Modal
        open={refusing !== null}
        title={t('residents.household.refuse')}
        okText={t('residents.household.refuse')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: busy !== null }}
        onCancel={() => setRefusing(null)}
        onOk={() =>
          refusing &&
          void decide(
            refusing.id,
            () => refuseVerification(refusing.id, reason.trim()),
            t('residents.household.refused'),
          )
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          placeholder={t('residents.household.refuseReason')}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
