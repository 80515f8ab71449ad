import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadBlob } from '../../lib/download';
import { formatDateTime } from '../../lib/format';

/**
 * The recovery codes, shown this once (the server keeps only keyed hashes): copy or download
 * them, then say 我已保存 to go on.
 */
export function RecoveryCodesView({
  codes,
  username,
  onSaved,
}: {
  codes: readonly string[];
  username: string;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      void message.success(t('secondFactor.codes.copied'));
    } catch {
      void message.error(t('secondFactor.codes.copyFailed'));
    }
  };

  const download = () => {
    const text = [
      t('secondFactor.codes.fileTitle'),
      t('secondFactor.codes.fileAccount', { username }),
      t('secondFactor.codes.fileMade', {
        at: formatDateTime(new Date().toISOString(), i18n.language),
      }),
      t('secondFactor.codes.fileRule'),
      '',
      ...codes,
      '',
    ].join('\r\n');
    downloadBlob(
      new Blob([text], { type: 'text/plain;charset=utf-8' }),
      `community-cloud-recovery-codes-${username}.txt`,
    );
  };

  return (
    <div data-testid="recovery-codes-step">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('secondFactor.codes.title')}
      </Typography.Title>
      <Alert
        type="warning"
        showIcon
        title={t('secondFactor.codes.intro')}
        style={{ marginBottom: 12 }}
      />
      <ol
        data-testid="recovery-codes"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
          gap: '4px 24px',
          paddingInlineStart: 28,
          margin: '0 0 12px',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 15,
        }}
      >
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ol>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<CopyOutlined />}
          onClick={() => void copy()}
          data-testid="recovery-codes-copy"
        >
          {t('secondFactor.codes.copy')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={download}
          data-testid="recovery-codes-download"
        >
          {t('secondFactor.codes.download')}
        </Button>
      </Space>
      <Button type="primary" block onClick={onSaved} data-testid="recovery-codes-saved">
        {t('secondFactor.codes.saved')}
      </Button>
    </div>
  );
}
