import { FilePdfOutlined, StopOutlined } from '@ant-design/icons';
import {
  CERTIFICATE_STAFF_ROLES,
  CERTIFICATE_STATUSES,
  CertificateListQuery,
  type CertificateStatus,
  type CertificateSummary,
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
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { FilterButtons, ListCard, ListFilters, ListPage } from '../../components/list-page';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { scopeRoots, useMe } from '../../lib/session';
import { usePaging } from '../../lib/use-paging';
import { certificatePdfUrl, listCertificates, revokeCertificate } from './certificates-api';

interface Filters {
  areaCode?: string;
  kind?: string;
  status?: CertificateStatus;
}

const DEFAULT_PAGE_SIZE = CertificateListQuery.properties.pageSize.default as number;
const REASON_MAX = 500;

/** 证明管理: the certificates of the staff member's areas, their PDFs, and revocation with a reason. */
export function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const roots = useMemo(() => scopeRoots(me, CERTIFICATE_STAFF_ROLES), [me]);
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [revoking, setRevoking] = useState<CertificateSummary | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging(DEFAULT_PAGE_SIZE);
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listCertificates({ ...filters, page, pageSize }, signal),
    [filters, page, pageSize],
  );

  function apply(values: Filters) {
    setFilters({
      areaCode: values.areaCode || undefined,
      kind: values.kind?.trim() || undefined,
      status: values.status,
    });
    setPage(1);
  }

  const columns: TableColumnsType<CertificateSummary> = [
    {
      title: t('certificates.fields.code'),
      dataIndex: 'code',
      width: 230,
      render: (code: string) => <span className="cc-json">{code}</span>,
    },
    { title: t('certificates.fields.title'), dataIndex: 'title', width: 140 },
    { title: t('certificates.fields.holder'), dataIndex: 'holderName', width: 90 },
    {
      title: t('certificates.fields.issuer'),
      dataIndex: 'issuerName',
      width: 160,
      responsive: ['lg'],
    },
    {
      title: t('certificates.fields.issuedAt'),
      dataIndex: 'issuedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('certificates.fields.status'),
      dataIndex: 'revokedAt',
      width: 100,
      render: (_, c) =>
        c.revokedAt ? (
          <Tooltip title={c.revokeReason}>
            <Tag color="orange" data-testid="certificate-revoked">
              {t('certificates.status.revoked')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="green">{t('certificates.status.valid')}</Tag>
        ),
    },
    {
      title: t('certificates.actions'),
      key: 'actions',
      width: 190,
      render: (_, c) => (
        <Space size={4}>
          <Button
            size="small"
            icon={<FilePdfOutlined />}
            href={certificatePdfUrl(c.id)}
            download
            data-testid="certificate-pdf"
          >
            PDF
          </Button>
          {c.revokedAt ? null : (
            <Button
              size="small"
              danger
              icon={<StopOutlined />}
              onClick={() => setRevoking(c)}
              data-testid="certificate-revoke"
            >
              {t('certificates.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="certificates-page" title={t('certificates.nav')}>
      <ListFilters>
        <Form<Filters> form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
          <Form.Item name="areaCode" label={t('certificates.fields.area')}>
            <AreaTreeSelect roots={roots} testId="certificates-filter-area" />
          </Form.Item>
          <Form.Item name="kind" label={t('certificates.fields.kind')}>
            <Input allowClear maxLength={64} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="status" label={t('certificates.fields.status')}>
            <Select
              allowClear
              style={{ width: 120 }}
              options={CERTIFICATE_STATUSES.map((value) => ({
                value,
                label: t(`certificates.status.${value}`),
              }))}
            />
          </Form.Item>
          <FilterButtons
            searchTestId="certificates-search"
            onReset={() => {
              form.resetFields();
              apply({});
            }}
            onRefresh={reload}
          />
        </Form>
      </ListFilters>
      <ListCard error={error} hasData={!!data} onRetry={reload}>
        <Table<CertificateSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          scroll={{ x: 900 }}
          data-testid="certificates-table"
          pagination={pagination(data?.total ?? 0)}
        />
      </ListCard>
      <RevokeDialog
        certificate={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={() => {
          setRevoking(null);
          reload();
        }}
      />
    </ListPage>
  );
}

function RevokeDialog({
  certificate,
  onClose,
  onRevoked,
}: {
  certificate: CertificateSummary | null;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [isSaving, setIsSaving] = useState(false);

  async function submit({ reason }: { reason: string }) {
    if (!certificate) return;
    setIsSaving(true);
    try {
      await revokeCertificate(certificate.id, reason.trim());
      void message.success(t('certificates.revoked'));
      form.resetFields();
      onRevoked();
    } catch (e) {
      if (e instanceof ApiError && e.field === 'reason') {
        form.setFields([{ name: 'reason', errors: [describeError(e, t)] }]);
      } else {
        void message.error(describeError(e, t));
      }
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={certificate !== null}
      title={t('certificates.revokeTitle')}
      okText={t('certificates.revoke')}
      okButtonProps={{ danger: true, loading: isSaving, ...{ 'data-testid': 'revoke-confirm' } }}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      {certificate ? (
        <Typography.Paragraph>
          {certificate.title} · <span className="cc-json">{certificate.code}</span> ·{' '}
          {certificate.holderName}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph type="secondary">{t('certificates.revokeHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('certificates.reason')}
          rules={[{ required: true, whitespace: true, message: t('certificates.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount data-testid="revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
