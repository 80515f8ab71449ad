import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import type { ImportKind } from '@cc/contracts';
import { Button, Dropdown, Input, Modal, Radio, Space, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadUrl } from '../../lib/download';
import { exportUrl } from './registry-api';

type Format = 'csv' | 'xlsx';

/**
 * 导出: the area's whole list of one kind as CSV or XLSX, downloaded by the browser from the
 * server (a plain link with the session cookie). Committee staff may export the personal
 * fields in clear, giving a reason the server writes to the audit log.
 */
export function ExportMenu({
  kind,
  area,
  canReveal,
}: {
  kind: ImportKind;
  area: string;
  canReveal: boolean;
}) {
  const { t } = useTranslation();
  const [isAsking, setIsAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [format, setFormat] = useState<Format>('xlsx');

  const download = (f: Format, why?: string) =>
    // an empty name: the browser keeps the name the server gives
    downloadUrl(exportUrl({ kind, area, format: f, reason: why }), '');

  const items: MenuProps['items'] = [
    {
      key: 'csv',
      label: <span data-testid="registry-export-csv">{t('registry.export.csv')}</span>,
    },
    {
      key: 'xlsx',
      label: <span data-testid="registry-export-xlsx">{t('registry.export.xlsx')}</span>,
    },
    ...(canReveal && kind !== 'housing'
      ? [
          { type: 'divider' as const },
          {
            key: 'reveal',
            icon: <EyeOutlined />,
            label: <span data-testid="registry-export-reveal">{t('registry.export.reveal')}</span>,
          },
        ]
      : []),
  ];

  const close = () => {
    setIsAsking(false);
    setReason('');
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => {
            if (key === 'csv' || key === 'xlsx') download(key);
            else if (key === 'reveal') setIsAsking(true);
          },
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="registry-export">
          {t('registry.export.button')}
        </Button>
      </Dropdown>
      <Modal
        open={isAsking}
        title={t('registry.export.revealTitle')}
        onCancel={close}
        onOk={() => {
          download(format, reason.trim());
          close();
        }}
        okButtonProps={{
          disabled: reason.trim().length < 4,
          'data-testid': 'registry-export-reveal-confirm',
        }}
        okText={t('registry.export.button')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t('registry.export.revealHint')}
        </Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={format}
            onChange={(event) => setFormat(event.target.value as Format)}
            options={[
              { value: 'xlsx', label: 'XLSX' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <Input.TextArea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={200}
            autoSize={{ minRows: 2 }}
            placeholder={t('registry.reveal.reasonPlaceholder')}
            data-testid="registry-export-reason"
          />
        </Space>
      </Modal>
    </>
  );
}
