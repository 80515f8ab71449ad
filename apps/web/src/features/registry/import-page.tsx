import { DownloadOutlined, FileAddOutlined, UploadOutlined } from '@ant-design/icons';
import {
  IMPORT_KINDS,
  REGISTRY_IMPORT_MAX_MB,
  REGISTRY_COLUMNS,
  type ImportKind,
  type RegistryColumn,
  type RegistryImport,
} from '@cc/contracts';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Descriptions,
  Progress,
  Radio,
  Result,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { describeError, isAbortError, pickLanguage, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useInterval } from '../../lib/use-interval';
import {
  asKind,
  columnValues,
  downloadTemplate,
  fileProblem,
  formatBytes,
  IMPORT_ACCEPT,
  problemField,
} from './import-template';
import { getImport, importReportUrl, listImports, startImport } from './registry-api';
import { registryPath, RegistryHead, useRegistryArea } from './registry-head';
import { canEditRegistry, committeeOf } from './registry-roles';
import './registry.css';

const POLL_MS = 700;

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'tracking'; run: RegistryImport }
  | { kind: 'refused'; message: string };

const STATUS_COLOURS: Record<RegistryImport['status'], string> = {
  running: 'processing',
  done: 'success',
  failed: 'error',
  interrupted: 'warning',
};

/** Progress of a running import: the share of the file read (bytes), 0–100. */
const percentOf = (run: RegistryImport) =>
  run.totalBytes > 0 ? Math.min(100, Math.floor((run.readBytes / run.totalBytes) * 100)) : 0;

/** Where an import stands and, once it ends, what came of it. */
function ImportOutcome({ run }: { run: RegistryImport }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const kindName = t(`registry.import.kind.${run.kind}`);

  if (run.status === 'running') {
    return (
      <div
        className="cc-reg-import-progress"
        data-testid="registry-import-progress"
        data-status="running"
        data-percent={percentOf(run)}
      >
        <Progress percent={percentOf(run)} status="active" />
        <Typography.Text type="secondary">
          {t('registry.import.reading', {
            read: formatBytes(run.readBytes),
            total: formatBytes(run.totalBytes),
            rows: run.rowsRead.toLocaleString(),
          })}
          {run.message ? ` · ${pickLanguage(run.message)}` : ''}
        </Typography.Text>
      </div>
    );
  }

  if (run.status === 'done') {
    return (
      <div data-testid="registry-import-done">
        <div data-testid="registry-import-progress" data-status="done" data-percent={100}>
          <Progress percent={100} status="success" />
        </div>
        <Alert
          type="success"
          showIcon
          title={t('registry.import.doneTitle', { kind: kindName, rows: run.rowsRead })}
          description={
            <Space wrap size={16}>
              <span data-testid="registry-import-inserted">
                {t('registry.import.inserted', { count: run.inserted })}
              </span>
              <span data-testid="registry-import-updated">
                {t('registry.import.updated', { count: run.updated })}
              </span>
              <span data-testid="registry-import-unchanged">
                {t('registry.import.unchanged', { count: run.unchanged })}
              </span>
            </Space>
          }
        />
      </div>
    );
  }

  if (run.status === 'interrupted') {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('registry.import.interruptedTitle')}
        description={
          <>
            <div>{t('registry.import.interrupted')}</div>
            {run.message ? <div>{pickLanguage(run.message)}</div> : null}
          </>
        }
        data-testid="registry-import-interrupted"
      />
    );
  }

  // failed: nothing was stored; the first bad rows here, all of them in the report
  const problemColumns: TableColumnsType<RegistryImport['problems'][number]> = [
    { title: t('registry.import.problem.row'), dataIndex: 'row', width: 80 },
    {
      title: t('registry.import.problem.field'),
      dataIndex: 'field',
      width: 140,
      render: (field: string) =>
        field === 'file' || field === 'row' || field === 'header'
          ? t(`registry.import.problem.${field}Whole`)
          : problemField(run.kind, field, language),
    },
    {
      title: t('registry.import.problem.reason'),
      dataIndex: 'reason',
      render: (reason: string) => pickLanguage(reason),
    },
  ];
  return (
    <div data-testid="registry-import-failed">
      <Alert
        type="error"
        showIcon
        title={t('registry.import.failedTitle')}
        description={
          <>
            <div>
              {run.rowsBad > 0
                ? t('registry.import.badRows', { count: run.rowsBad, rows: run.rowsRead })
                : t('registry.import.failed')}
            </div>
            {run.rowsBad > 0 || run.problems.length > 0 ? (
              <div style={{ marginTop: 8 }}>
                <a
                  href={importReportUrl(run.id)}
                  download
                  data-testid="registry-import-report"
                  className="cc-reg-report-link"
                >
                  <DownloadOutlined /> {t('registry.import.report')}
                </a>
              </div>
            ) : null}
            {run.message && run.rowsBad === 0 ? (
              <div data-testid="registry-import-message">{pickLanguage(run.message)}</div>
            ) : null}
          </>
        }
      />
      {run.problems.length > 0 ? (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 4px' }}>
            {run.rowsBad > run.problems.length
              ? t('registry.import.firstProblems', { count: run.problems.length })
              : t('registry.import.allProblems')}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(p) => `${p.row}-${p.field}-${p.reason}`}
            columns={problemColumns}
            dataSource={run.problems}
            pagination={run.problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
            scroll={{ x: 480 }}
            data-testid="registry-import-problems"
          />
        </>
      ) : null}
    </div>
  );
}

/** The columns a kind's file has: header in Chinese and English, required, example, values. */
function ColumnGuide({ kind }: { kind: ImportKind }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const columns: TableColumnsType<RegistryColumn> = [
    {
      title: t('registry.import.column.header'),
      key: 'header',
      width: 170,
      render: (_, c) => (
        <span>
          <Typography.Text strong>{c.zh}</Typography.Text>{' '}
          <Typography.Text type="secondary" code>
            {c.en}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('registry.import.column.required'),
      key: 'required',
      width: 72,
      render: (_, c) =>
        c.required ? <Tag color="red">{t('registry.import.column.yes')}</Tag> : null,
    },
    { title: t('registry.import.column.hint'), dataIndex: 'hint', width: 220 },
    {
      title: t('registry.import.column.values'),
      key: 'values',
      responsive: ['md'],
      render: (_, c) => columnValues(c, language),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={REGISTRY_COLUMNS[kind]}
      pagination={false}
      scroll={{ x: 520 }}
      data-testid="registry-import-columns"
    />
  );
}

/**
 * /registry/:code/import — a committee's bulk import (CSV or XLSX, up to REGISTRY_IMPORT_MAX_MB): residents,
 * housing or organisations. The file is uploaded, then read by the server on its own; the page
 * follows it, and shows what was stored — or, when any row is bad, that nothing was, which rows
 * and why, with the full report to download.
 */
export function ImportPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const kind = asKind(params.get('kind'));
  const head = useRegistryArea(code);
  const committee = head.area?.level === 'committee' ? code : committeeOf(code);
  const [file, setFile] = useState<File | undefined>();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const uploadRef = useRef<AbortController | undefined>(undefined);
  const isPolling = useRef(false);
  const recent = useRequest(
    (signal) => listImports(committee ?? '', signal),
    [committee],
    !!committee && head.area?.level === 'committee',
  );

  useEffect(() => () => uploadRef.current?.abort(), []);

  const running =
    stage.kind === 'tracking' && stage.run.status === 'running' ? stage.run : undefined;
  useInterval(
    () => {
      if (!running || isPolling.current) return;
      isPolling.current = true;
      getImport(running.id)
        .then((run) => {
          setStage((current) =>
            current.kind === 'tracking' && current.run.id === run.id
              ? { kind: 'tracking', run }
              : current,
          );
          if (run.status !== 'running') recent.reload();
        })
        .catch(() => {
          // a missed poll is retried on the next tick
        })
        .finally(() => {
          isPolling.current = false;
        });
    },
    POLL_MS,
    !!running,
  );

  const problem = file ? fileProblem(file) : undefined;
  const isBusy = stage.kind === 'uploading' || !!running;

  function choose(next: File | undefined) {
    setFile(next);
    if (!isBusy) setStage({ kind: 'idle' });
  }

  async function submit() {
    if (!file || problem || !committee) return;
    const controller = new AbortController();
    uploadRef.current = controller;
    setStage({ kind: 'uploading', fraction: 0 });
    try {
      const run = await startImport(kind, committee, file, {
        signal: controller.signal,
        onProgress: (fraction) => setStage({ kind: 'uploading', fraction }),
      });
      setStage({ kind: 'tracking', run });
      setFile(undefined);
      if (inputRef.current) inputRef.current.value = '';
      recent.reload();
    } catch (error) {
      if (isAbortError(error)) setStage({ kind: 'idle' });
      else setStage({ kind: 'refused', message: describeError(error, t) });
    } finally {
      uploadRef.current = undefined;
    }
  }

  /** A recent import again: the list leaves out the problems, so fetch it whole. */
  async function open(run: RegistryImport) {
    setStage({ kind: 'tracking', run });
    try {
      const whole = await getImport(run.id);
      setStage((current) =>
        current.kind === 'tracking' && current.run.id === whole.id
          ? { kind: 'tracking', run: whole }
          : current,
      );
    } catch (error) {
      setStage({ kind: 'refused', message: describeError(error, t) });
    }
  }

  if (!canEditRegistry(me)) {
    return (
      <Result
        status="403"
        title={t('error.forbiddenTitle')}
        subTitle={t('registry.import.forbidden')}
      />
    );
  }

  const kindName = t(`registry.import.kind.${kind}`);
  const recentColumns: TableColumnsType<RegistryImport> = [
    {
      title: t('registry.import.recent.startedAt'),
      dataIndex: 'startedAt',
      width: 170,
      render: (at: string) => formatDateTime(at, language),
    },
    {
      title: t('registry.import.recent.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (k: ImportKind) => t(`registry.import.kind.${k}`),
    },
    { title: t('registry.import.recent.file'), dataIndex: 'fileName', ellipsis: true },
    {
      title: t('registry.import.recent.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: RegistryImport['status']) => (
        <Tag color={STATUS_COLOURS[status]}>{t(`registry.import.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('registry.import.recent.result'),
      key: 'result',
      responsive: ['md'],
      render: (_, run) =>
        run.status === 'done'
          ? t('registry.import.summary', {
              inserted: run.inserted,
              updated: run.updated,
              unchanged: run.unchanged,
            })
          : run.status === 'failed'
            ? t('registry.import.badRowsShort', { count: run.rowsBad })
            : t('registry.import.rowsRead', { count: run.rowsRead }),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_, run) => (
        <Button
          type="link"
          size="small"
          disabled={isBusy}
          onClick={() => void open(run)}
          data-testid={`registry-import-open-${run.id}`}
        >
          {t('registry.import.recent.open')}
        </Button>
      ),
    },
  ];

  const isCommittee = head.area?.level === 'committee';
  return (
    <div className="cc-reg" data-testid="registry-import">
      <RegistryHead area={head.area} chain={head.chain} section="import" people />
      {head.error && !head.area ? <LoadError error={head.error} onRetry={head.reload} /> : null}
      {head.area && !isCommittee ? (
        <Alert
          type="info"
          showIcon
          title={t('registry.import.committeeOnly')}
          action={
            committee ? (
              <Link to={registryPath(committee, 'import')}>{t('registry.import.toCommittee')}</Link>
            ) : undefined
          }
          data-testid="registry-import-committee-only"
        />
      ) : null}
      {isCommittee ? (
        <>
          <Card size="small" className="cc-reg-card" title={t('registry.import.title')}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <Radio.Group
                value={kind}
                optionType="button"
                buttonStyle="solid"
                disabled={isBusy}
                onChange={(event) => {
                  const next = new URLSearchParams(params);
                  next.set('kind', String(event.target.value));
                  setParams(next, { replace: true });
                  setStage({ kind: 'idle' });
                }}
                options={IMPORT_KINDS.map((k) => ({
                  value: k,
                  label: (
                    <span data-testid={`registry-import-kind-${k}`}>
                      {t(`registry.import.kind.${k}`)}
                    </span>
                  ),
                }))}
              />
              <Typography.Paragraph style={{ margin: 0 }}>
                {t('registry.import.intro', { kind: kindName, mb: REGISTRY_IMPORT_MAX_MB })}
              </Typography.Paragraph>
              <Collapse
                size="small"
                items={[
                  {
                    key: 'columns',
                    label: t('registry.import.columnsTitle', {
                      kind: kindName,
                      count: REGISTRY_COLUMNS[kind].length,
                    }),
                    children: <ColumnGuide kind={kind} />,
                  },
                ]}
              />
              <Typography.Text type="secondary">{t('registry.import.excelHint')}</Typography.Text>
              <div>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    downloadTemplate(kind, t('registry.import.templateName', { kind: kindName }))
                  }
                  data-testid="registry-import-template"
                >
                  {t('registry.import.template')}
                </Button>
              </div>
              <label className="cc-reg-file">
                <FileAddOutlined className="cc-reg-file-icon" />
                <span className="cc-reg-file-text">
                  {file ? (
                    <>
                      <strong data-testid="registry-import-file-name">{file.name}</strong>{' '}
                      <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>
                    </>
                  ) : (
                    t('registry.import.choose')
                  )}
                  <Typography.Text type="secondary" className="cc-reg-file-hint">
                    {t('registry.import.chooseHint', { mb: REGISTRY_IMPORT_MAX_MB })}
                  </Typography.Text>
                </span>
                <input
                  ref={inputRef}
                  type="file"
                  accept={IMPORT_ACCEPT}
                  disabled={isBusy}
                  onChange={(event) => choose(event.target.files?.[0])}
                  data-testid="registry-import-file"
                />
              </label>
              {file && problem ? (
                <Alert
                  type="error"
                  showIcon
                  title={t(`registry.import.fileProblem.${problem}`, {
                    mb: REGISTRY_IMPORT_MAX_MB,
                  })}
                  data-testid="registry-import-file-problem"
                />
              ) : null}
              <Space wrap>
                <Button
                  type="primary"
                  icon={<UploadOutlined />}
                  disabled={!file || !!problem || isBusy}
                  loading={isBusy}
                  onClick={() => void submit()}
                  data-testid="registry-import-submit"
                >
                  {t('registry.import.submit', { kind: kindName })}
                </Button>
                {stage.kind === 'uploading' ? (
                  <Button onClick={() => uploadRef.current?.abort()}>{t('common.cancel')}</Button>
                ) : null}
              </Space>
              {stage.kind === 'uploading' ? (
                <div
                  className="cc-reg-import-progress"
                  data-testid="registry-import-progress"
                  data-status="uploading"
                  data-percent={Math.floor(stage.fraction * 100)}
                >
                  <Progress percent={Math.floor(stage.fraction * 100)} status="active" />
                  <Typography.Text type="secondary">
                    {t('registry.import.uploading')}
                  </Typography.Text>
                </div>
              ) : null}
              {stage.kind === 'refused' ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('registry.import.refused')}
                  description={stage.message}
                  data-testid="registry-import-refused"
                />
              ) : null}
              {stage.kind === 'tracking' ? (
                <div data-testid="registry-import-outcome" data-status={stage.run.status}>
                  <Descriptions
                    size="small"
                    column={{ xs: 1, sm: 3 }}
                    style={{ marginBottom: 8 }}
                    items={[
                      {
                        key: 'file',
                        label: t('registry.import.recent.file'),
                        children: stage.run.fileName,
                      },
                      {
                        key: 'kind',
                        label: t('registry.import.recent.kind'),
                        children: t(`registry.import.kind.${stage.run.kind}`),
                      },
                      {
                        key: 'started',
                        label: t('registry.import.recent.startedAt'),
                        children: formatDateTime(stage.run.startedAt, language),
                      },
                    ]}
                  />
                  <ImportOutcome run={stage.run} />
                </div>
              ) : null}
            </Space>
          </Card>
          <Card size="small" className="cc-reg-card" title={t('registry.import.recent.title')}>
            {recent.error && !recent.data ? (
              <LoadError error={recent.error} onRetry={recent.reload} isCompact />
            ) : (
              <Table
                size="small"
                rowKey="id"
                columns={recentColumns}
                dataSource={recent.data?.items ?? []}
                loading={recent.isLoading}
                pagination={false}
                scroll={{ x: 560 }}
                locale={{ emptyText: t('registry.import.recent.none') }}
                data-testid="registry-import-recent"
              />
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
