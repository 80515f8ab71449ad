import { RightOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One tappable row on the residents' home page that leads to a feature (an icon, a title, a hint). */
export function EntryRow(props: {
  to: string;
  testId: string;
  icon: ReactNode;
  title: string;
  help: string;
}) {
  return (
    <Link
      to={props.to}
      data-testid={props.testId}
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
      {props.icon}
      <span style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong style={{ display: 'block' }}>
          {props.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {props.help}
        </Typography.Text>
      </span>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}
