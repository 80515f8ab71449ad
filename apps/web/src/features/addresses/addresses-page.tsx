import { UploadOutlined } from '@ant-design/icons';
import { ADDRESS_SOURCES, type AddressBookSummary, type AddressImportResult } from '@cc/contracts';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileProblemsTable } from '../../components/file-problems';
import { ListPage } from '../../components/list-page';
import { api, apiUpload, describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

/**
 * 地址库 (the city's administrators and operators): how many addresses each source gives, the
 * upload of an address file (data/addresses/README.md), and the last import's result with its
 * problems by line and column.
 */
export function AddressBookPage() {
  const { t, i18n } = useTranslation();
  const book = useRequest(
    (signal) => api.get<AddressBookSummary>('/api/addresses/book', undefined, signal),
    [],
  );
  const [isUploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  const upload = async (file: File) => {
    setUploading(true);
    setOutcome(undefined);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const r = await apiUpload<AddressImportResult>('/api/addresses/imports', form);
      setOutcome({
        ok: true,
        text: t('addresses.book.imported', { read: r.rowsRead, stored: r.rowsStored }),
      });
    } catch (e) {
      setOutcome({ ok: false, text: describeError(e, t) });
    } finally {
      setUploading(false);
      book.reload();
    }
  };

  const data = book.data;
  const last = data?.lastImport;
  const counts = new Map(data?.bySource.map((s) => [s.source, s.count]));
  const mb = data ? Math.round((data.maxUploadBytes / 1024 / 1024) * 10) / 10 : 0;

  return (
    <ListPage
      testId="address-book-page"
      head={
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('addresses.book.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">{t('addresses.book.intro')}</Typography.Paragraph>
      {book.error ? (
        <Alert type="error" showIcon title={describeError(book.error, t)} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('addresses.book.total', { count: data?.total ?? 0 })}>
            <Table
              size="small"
              pagination={false}
              loading={book.isLoading}
              rowKey="source"
              data-testid="address-book-counts"
              dataSource={ADDRESS_SOURCES.map((source) => ({
                source,
                count: counts.get(source) ?? 0,
              }))}
              columns={[
                {
                  title: t('addresses.book.source'),
                  dataIndex: 'source',
                  render: (s: string) => t(`addresses.sources.${s}`),
                },
                { title: t('addresses.book.count'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title={t('addresses.book.upload')}>
            <Typography.Paragraph type="secondary">
              {t('addresses.book.format', { mb })}
            </Typography.Paragraph>
            <Upload
              accept=".csv,text/csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button
                icon={<UploadOutlined />}
                loading={isUploading}
                data-testid="address-book-upload"
              >
                {isUploading ? t('addresses.book.uploading') : t('addresses.book.upload')}
              </Button>
            </Upload>
            {outcome ? (
              <Alert
                style={{ marginTop: 12 }}
                type={outcome.ok ? 'success' : 'error'}
                showIcon
                title={outcome.text}
                data-testid="address-book-outcome"
              />
            ) : null}
          </Card>
          <Card size="small" title={t('addresses.book.lastImport')}>
            {last ? (
              <LastImport result={last} at={formatDateTime(last.createdAt, i18n.language)} />
            ) : (
              <Typography.Text type="secondary">{t('addresses.book.none')}</Typography.Text>
            )}
          </Card>
        </Space>
      )}
    </ListPage>
  );
}

function LastImport({ result, at }: { result: AddressImportResult; at: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="address-book-last">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('addresses.book.fileName')}>
          <span data-user-text>{result.fileName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('addresses.book.at')}>{at}</Descriptions.Item>
        <Descriptions.Item label={t('addresses.book.outcome.imported')}>
          <Space wrap>
            <Tag color={result.outcome === 'imported' ? 'green' : 'red'}>
              {t(`addresses.book.outcome.${result.outcome}`)}
            </Tag>
            <span>{t('addresses.book.rowsRead', { count: result.rowsRead })}</span>
            {result.outcome === 'imported' ? (
              <span>{t('addresses.book.rowsStored', { count: result.rowsStored })}</span>
            ) : null}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {result.problems.length > 0 ? (
        <FileProblemsTable
          problems={result.problems}
          isMore={result.moreProblems}
          testId="address-book-problems"
        />
      ) : null}
    </div>
  );
}
