import { UserAddOutlined } from '@ant-design/icons';
import { DAILY_LOG_KINDS, type DailyLogAuthor, type DailyLogKind } from '@cc/contracts';
import { App, Button, Card, Form, Modal, Popconfirm, Radio, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { showServerFieldError } from '../../lib/form-errors';
import { KindTag } from './log-card';
import { appointAuthor, listAuthors, listCandidates, removeAuthor } from './daily-logs-api';

interface AppointValues {
  accountId: string;
  kind: DailyLogKind;
}

/** 任命日志作者: pick a verified resident (or staff member) of the committee and a kind. */
function AppointModal({
  committee,
  open,
  onClose,
  onAppointed,
}: {
  committee: string;
  open: boolean;
  onClose: () => void;
  onAppointed: (a: DailyLogAuthor) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AppointValues>();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isSending, setSending] = useState(false);
  const candidates = useRequest(
    (signal) => listCandidates(committee, q, signal),
    [committee, q],
    open,
  );

  async function submit(values: AppointValues) {
    setSending(true);
    setError(undefined);
    try {
      const author = await appointAuthor({ committeeCode: committee, ...values });
      form.resetFields();
      onAppointed(author);
    } catch (cause) {
      if (!showServerFieldError(form, cause, ['accountId', 'kind']))
        setError(describeError(cause, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('dailyLogs.authors.appointTitle')}
      onCancel={onClose}
      okText={t('dailyLogs.authors.appoint')}
      cancelText={t('dailyLogs.cancel')}
      confirmLoading={isSending}
      onOk={() => form.submit()}
      okButtonProps={{ ...{ 'data-testid': 'daily-log-appoint-submit' } }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('dailyLogs.authors.help')}
      </Typography.Paragraph>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Form<AppointValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'volunteer' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="accountId"
          label={t('dailyLogs.authors.person')}
          rules={[{ required: true, message: t('dailyLogs.authors.personRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={candidates.isLoading}
            placeholder={t('dailyLogs.authors.personPlaceholder')}
            options={(candidates.data?.items ?? []).map((c) => ({
              value: c.accountId,
              label: `${c.name}（${t(`dailyLogs.authors.${c.kind}`)}）`,
            }))}
            data-testid="daily-log-appoint-person"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('dailyLogs.authors.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            {DAILY_LOG_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                {t(`dailyLogs.kinds.${k}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 日志作者: the committee's appointed authors, with appoint and remove (both audited). */
export function LogAuthorsCard({ committee }: { committee: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const authors = useRequest((signal) => listAuthors(committee, signal), [committee]);
  const [isAppointing, setAppointing] = useState(false);

  async function remove(a: DailyLogAuthor) {
    try {
      await removeAuthor(a.id);
      void message.success(t('dailyLogs.authors.removed'));
      authors.reload();
    } catch (e) {
      void message.error(describeError(e, t));
    }
  }

  return (
    <Card
      size="small"
      title={t('dailyLogs.authors.title')}
      data-testid="daily-log-authors"
      extra={
        <Button
          size="small"
          icon={<UserAddOutlined />}
          onClick={() => setAppointing(true)}
          data-testid="daily-log-appoint"
        >
          {t('dailyLogs.authors.appoint')}
        </Button>
      }
    >
      <Table<DailyLogAuthor>
        size="small"
        rowKey="id"
        pagination={false}
        loading={authors.isLoading}
        dataSource={authors.data?.items ?? []}
        locale={{ emptyText: t('dailyLogs.authors.empty') }}
        columns={[
          { title: t('dailyLogs.authors.name'), dataIndex: 'name' },
          {
            title: t('dailyLogs.authors.kind'),
            dataIndex: 'kind',
            render: (k: DailyLogKind) => <KindTag kind={k} />,
          },
          {
            title: t('dailyLogs.authors.appointedAt'),
            dataIndex: 'appointedAt',
            render: (at: string) => formatDateTime(at, i18n.language),
          },
          {
            title: t('dailyLogs.authors.actions'),
            key: 'actions',
            render: (_v, a) => (
              <Popconfirm
                title={t('dailyLogs.authors.removeConfirm', {
                  name: a.name,
                  kind: t(`dailyLogs.kinds.${a.kind}`),
                })}
                onConfirm={() => void remove(a)}
              >
                <Button size="small" type="link" danger data-testid="daily-log-author-remove">
                  {t('dailyLogs.authors.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <AppointModal
        committee={committee}
        open={isAppointing}
        onClose={() => setAppointing(false)}
        onAppointed={() => {
          setAppointing(false);
          void message.success(t('dailyLogs.authors.appointed'));
          authors.reload();
        }}
      />
    </Card>
  );
}
