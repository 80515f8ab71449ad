import { UploadOutlined } from '@ant-design/icons';
import {
  HOTLINE_COLUMNS,
  HOTLINE_FILE_MAX_BYTES,
  HOTLINE_MEDIA_TYPES,
  HOTLINE_REQUIRED_COLUMNS,
  type HotlineImport,
} from '@cc/contracts';
import { Alert, Button, Card, Descriptions, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, describeError } from '../../lib/api';
import { uploadOrders } from './hotline-api';
import { heldBack } from './hotline-format';

const MB = HOTLINE_FILE_MAX_BYTES / 1024 / 1024;

/**
 * 工单接入: how the hotline's system sends its work orders — the endpoint, the department key, the
 * two formats and their columns — and, for the city's administrators (`canUpload`), a file
 * uploaded by hand: `onImported` with its report, `onRefused` with the file's name when it was
 * refused (the refusal is stored as a report too).
 */
export function IntakeCard({
  canUpload,
  onImported,
  onRefused,
}: {
  canUpload: boolean;
  onImported: (report: HotlineImport) => void;
  onRefused: (fileName: string) => void;
}) {
  const { t } = useTranslation();
  const [isUploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  const upload = async (file: File) => {
    setUploading(true);
    setOutcome(undefined);
    try {
      const r = await uploadOrders(file);
      setOutcome({
        ok: true,
        text: t('hotline.intake.imported', {
          created: r.created,
          duplicates: r.duplicates,
          held: heldBack(r),
        }),
      });
      onImported(r);
    } catch (e) {
      setOutcome({ ok: false, text: describeError(e, t) });
      // a file refused for its rows is kept with its problems; a wrong type or size is not
      if (e instanceof ApiError && e.body.rule === 'rows') onRefused(file.name);
    } finally {
      setUploading(false);
    }
  };

  return (
    <Card size="small" title={t('hotline.intake.title')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('hotline.intake.intro')}</Typography.Paragraph>
      <pre className="cc-json cc-code-block" data-testid="hotline-endpoint">
        {[
          'POST /api/hotline/orders',
          `Authorization: Bearer <${t('hotline.intake.key')}>`,
          `Content-Type: ${HOTLINE_MEDIA_TYPES.csv} | ${HOTLINE_MEDIA_TYPES.jsonl}`,
        ].join('\n')}
      </pre>
      <Typography.Paragraph type="secondary">
        {t('hotline.intake.keyFrom')}{' '}
        {canUpload ? <Link to="/departments">{t('hotline.intake.departments')}</Link> : null}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, lg: 2, xxl: 3 }}
        title={t('hotline.intake.columns')}
        data-testid="hotline-columns"
        items={HOTLINE_COLUMNS.map((c) => ({
          key: c,
          label: (
            <span>
              <Typography.Text code>{c}</Typography.Text>
              {HOTLINE_REQUIRED_COLUMNS.includes(c) ? (
                <Tag color="red" style={{ marginInlineStart: 6 }}>
                  {t('hotline.intake.required')}
                </Tag>
              ) : null}
            </span>
          ),
          children: t(`hotline.intake.column.${c}`),
        }))}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('hotline.intake.rules', { mb: MB })}
      </Typography.Paragraph>
      {canUpload ? (
        <>
          <Upload
            accept=".csv,.jsonl,.ndjson"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={isUploading} data-testid="hotline-upload">
              {isUploading ? t('hotline.intake.uploading') : t('hotline.intake.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {t('hotline.intake.uploadHelp')}
          </Typography.Text>
          {outcome ? (
            <Alert
              style={{ marginTop: 12 }}
              type={outcome.ok ? 'success' : 'error'}
              showIcon
              title={outcome.text}
              data-testid="hotline-upload-outcome"
            />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
