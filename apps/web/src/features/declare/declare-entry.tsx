import { FileAddOutlined, RightOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The resident home's way to 来访申报 (/r/declare): one tappable row. */
export function DeclareEntry() {
  const { t } = useTranslation();
  return (
    <Link
      to="/r/declare"
      data-testid="declare-entry"
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        minHeight: 56,
        padding: '8px 12px',
        marginBottom: 12,
        background: '#fff',
        borderRadius: 8,
        color: 'inherit',
      }}
    >
      <FileAddOutlined style={{ fontSize: 22, color: '#1456f0' }} />
      <span style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong style={{ display: 'block' }}>
          {t('declare.resident.entry')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('declare.resident.entryHelp')}
        </Typography.Text>
      </span>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}
