import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import type { RowProblem, TopicBoard } from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Modal,
  Space,
  Table,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../lib/api';
import { downloadCsv } from '../../lib/csv';
import {
  countDataRows,
  dataLines,
  FIGURES_HEADER,
  readFiguresFile,
  reportRows,
  templateRows,
  type UnreadableReason,
} from './figures-file';
import { metricName } from './topic-charts';
import { importFigures } from './topics-api';

type Chosen =
  { name: string; text: string; rows: number } | { name: string; reason: UnreadableReason };

type Outcome =
  { kind: 'rows'; problems: RowProblem[]; message: string } | { kind: 'failed'; message: string };

interface ProblemRow extends RowProblem {
  line: number | undefined;
  content: string | undefined;
}

/** The fields the server names in its report (anything else is shown as it came). */
const FIELD_KEYS = ['date', 'area_code', 'metric', 'value', 'row'];

/**
 * 导入每日数据: the daily-figures import of a topic board. The file is read here as UTF-8 (a
 * GBK file from Excel is refused with advice, not sent), then posted whole; a bad file's
 * rows come back listed — shown as a table and as a CSV report — and nothing is stored.
 */
export function ImportFigures({
  board,
  onImported,
}: {
  board: TopicBoard;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = AntApp.useApp();
  const [isOpen, setIsOpen] = useState(false);
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [isSending, setIsSending] = useState(false);
  const topicName = metricName(board.topic, language);

  const fieldName = (field: string) =>
    FIELD_KEYS.includes(field) ? t(`topics.import.field.${field}`) : field;

  const close = () => {
    setIsOpen(false);
    setChosen(undefined);
    setOutcome(undefined);
  };

  const choose = async (file: File) => {
    setOutcome(undefined);
    const read = await readFiguresFile(file);
    setChosen(
      'text' in read
        ? { name: file.name, text: read.text, rows: countDataRows(read.text) }
        : { name: file.name, reason: read.reason },
    );
  };

  const send = async () => {
    if (!chosen || !('text' in chosen)) return;
    setIsSending(true);
    setOutcome(undefined);
    try {
      const result = await importFigures(board.topic.id, chosen.text);
      void message.success(t('topics.import.done', result));
      close();
      onImported();
    } catch (error) {
      const rows = error instanceof ApiError ? error.body.rows : undefined;
      setOutcome(
        rows && rows.length > 0
          ? { kind: 'rows', problems: rows, message: describeError(error, t) }
          : { kind: 'failed', message: describeError(error, t) },
      );
    } finally {
      setIsSending(false);
    }
  };

  const reportHeader = [
    t('topics.import.report.row'),
    t('topics.import.report.line'),
    t('topics.import.report.field'),
    t('topics.import.report.reason'),
    t('topics.import.report.content'),
  ];
  const text = chosen && 'text' in chosen ? chosen.text : '';
  const lines = outcome?.kind === 'rows' ? dataLines(text) : undefined;
  const problems: ProblemRow[] =
    outcome?.kind === 'rows'
      ? outcome.problems.map((p) => ({
          ...p,
          line: lines?.[p.row - 1]?.line,
          content: lines?.[p.row - 1]?.content,
        }))
      : [];
  const columns: TableColumnsType<ProblemRow> = [
    { title: reportHeader[0], dataIndex: 'row', width: 72 },
    ...(lines ? [{ title: reportHeader[1], dataIndex: 'line', width: 72 }] : []),
    {
      title: reportHeader[2],
      dataIndex: 'field',
      width: 96,
      render: (field: string) => fieldName(field),
    },
    { title: reportHeader[3], dataIndex: 'reason' },
    ...(lines
      ? [
          {
            title: reportHeader[4],
            dataIndex: 'content',
            width: 240,
            render: (content: string | undefined) => (
              <Typography.Text code className="cc-topic-import-content">
                {content}
              </Typography.Text>
            ),
          },
        ]
      : []),
  ];

  const downloadReport = () => {
    if (outcome?.kind !== 'rows') return;
    downloadCsv(
      t('topics.import.report.name', { topic: topicName }),
      reportRows(outcome.problems, text, reportHeader, fieldName),
    );
  };

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setIsOpen(true)} data-testid="topic-import">
        {t('topics.import.button')}
      </Button>
      <Modal
        open={isOpen}
        title={t('topics.import.title', { topic: topicName })}
        onCancel={close}
        width={820}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={close} data-testid="topic-import-cancel">
              {t('common.cancel')}
            </Button>
            <Button
              type="primary"
              // the same file again would fail the same way: another file first
              disabled={!chosen || !('text' in chosen) || outcome?.kind === 'rows'}
              loading={isSending}
              onClick={() => void send()}
              data-testid="topic-import-submit"
            >
              {t('topics.import.submit')}
            </Button>
          </Space>
        }
      >
        <div className="cc-topic-import" data-testid="topic-import-modal">
          <Typography.Paragraph>{t('topics.import.intro')}</Typography.Paragraph>
          <Typography.Paragraph>
            <ul className="cc-topic-import-columns">
              {FIGURES_HEADER.map((column) => (
                <li key={column}>
                  <Typography.Text code>{column}</Typography.Text>{' '}
                  {t(`topics.import.column.${column}`)}
                </li>
              ))}
            </ul>
          </Typography.Paragraph>
          <div className="cc-topic-import-metrics">
            <Typography.Text type="secondary">{t('topics.import.metricsTitle')}</Typography.Text>
            <div>
              {board.metrics
                .filter((m) => m.feed !== 'platform')
                .map((m) => (
                  <span key={m.id} className="cc-topic-import-metric">
                    <Typography.Text code>{m.id}</Typography.Text> {metricName(m, language)}
                  </span>
                ))}
            </div>
          </div>
          <Typography.Paragraph type="secondary">
            {t('topics.import.excelHint')}
          </Typography.Paragraph>
          <Space style={{ marginBottom: 12 }}>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                downloadCsv(
                  t('topics.import.templateName', { topic: topicName }),
                  templateRows(board, Date.now()),
                )
              }
              data-testid="topic-template"
            >
              {t('topics.import.template')}
            </Button>
          </Space>
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void choose(file);
              return false;
            }}
            data-testid="topic-import-drop"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('topics.import.drop')}</p>
            <p className="ant-upload-hint">{t('topics.import.dropHint')}</p>
          </Upload.Dragger>
          {chosen ? (
            'text' in chosen ? (
              <Alert
                style={{ marginTop: 12 }}
                type="info"
                showIcon
                title={t('topics.import.file', { name: chosen.name, rows: chosen.rows })}
                data-testid="topic-import-file"
              />
            ) : (
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                showIcon
                title={chosen.name}
                description={t(`topics.import.unreadable.${chosen.reason}`)}
                data-testid="topic-import-unreadable"
                data-reason={chosen.reason}
              />
            )
          ) : null}
          {outcome?.kind === 'failed' ? (
            <Alert
              style={{ marginTop: 12 }}
              type="error"
              showIcon
              title={t('topics.import.failed')}
              description={outcome.message}
              data-testid="topic-import-failed"
            />
          ) : null}
          {outcome?.kind === 'rows' ? (
            <div className="cc-topic-import-report" data-testid="topic-import-report">
              <Alert
                type="error"
                showIcon
                title={t('topics.import.badRows', {
                  count: new Set(outcome.problems.map((p) => p.row)).size,
                })}
                action={
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={downloadReport}
                    data-testid="topic-import-report-download"
                  >
                    {t('topics.import.report.download')}
                  </Button>
                }
              />
              <Table<ProblemRow>
                size="small"
                rowKey={(p) => `${p.row}-${p.field}`}
                columns={columns}
                dataSource={problems}
                pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
                onRow={(p) => ({ 'data-testid': `topic-problem-${p.row}-${p.field}` }) as object}
                style={{ marginTop: 8 }}
              />
            </div>
          ) : null}
        </div>
      </Modal>
    </>
  );
}
