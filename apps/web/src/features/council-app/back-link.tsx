import { LeftOutlined } from '@ant-design/icons';
import { Link } from 'react-router';

/** "‹ 返回…" at the top of a council page. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className="cc-council-back">
      <LeftOutlined /> {label}
    </Link>
  );
}
