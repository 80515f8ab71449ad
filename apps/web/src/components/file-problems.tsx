import type { FileLineProblem } from '@cc/contracts';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../lib/api';
import { rowData } from './page-parts';

/**
 * Why a file was refused, by line and column (an address file, the hotline's work orders): the
 * server's words in the person's language; `isMore` when only the first problems were kept.
 */
export function FileProblemsTable({
  problems,
  isMore,
  testId,
}: {
  problems: FileLineProblem[];
  isMore: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {isMore ? (
        <Typography.Text type="secondary">
          {t('fileProblems.more', { count: problems.length })}
        </Typography.Text>
      ) : null}
      <Table<FileLineProblem>
        size="small"
        rowKey={(p) => `${p.line}-${p.column}-${p.rule}`}
        dataSource={problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid={testId}
        onRow={(p) => rowData(`${testId}-row`, { 'data-line': p.line, 'data-column': p.column })}
        columns={[
          { title: t('fileProblems.line'), dataIndex: 'line', width: 80 },
          { title: t('fileProblems.column'), dataIndex: 'column', width: 120 },
          {
            title: t('fileProblems.message'),
            dataIndex: 'message',
            // the server's message carries both languages: "English / 中文"
            render: (m: string) => pickLanguage(m),
          },
        ]}
      />
    </>
  );
}
