import { Avatar } from 'antd';
import { useState } from 'react';
import { departmentColor } from './sso-rules';

/**
 * A system's logo, or its first character on its department's colour when it has none or the
 * logo does not load (the page's image policy allows this site's images only).
 */
export function SystemLogo({
  name,
  department,
  logoUrl,
  size = 40,
}: {
  name: string;
  department: string;
  logoUrl: string | null;
  size?: number;
}) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (logoUrl && failedUrl !== logoUrl) {
    return (
      <Avatar
        shape="square"
        size={size}
        src={logoUrl}
        alt=""
        onError={() => {
          setFailedUrl(logoUrl);
          return false;
        }}
        style={{ flex: 'none', background: '#fff' }}
      />
    );
  }
  return (
    <Avatar
      shape="square"
      size={size}
      aria-hidden
      style={{
        flex: 'none',
        background: departmentColor(department),
        fontSize: size * 0.45,
        fontWeight: 600,
      }}
    >
      {Array.from(name)[0] ?? '?'}
    </Avatar>
  );
}
