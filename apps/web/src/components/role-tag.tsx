import type { Role } from '@cc/contracts';
import { Tag } from 'antd';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const ROLE_COLORS: Record<Role, string> = {
  administrator: 'red',
  city_operator: 'volcano',
  district_operator: 'orange',
  street_operator: 'gold',
  committee_staff: 'green',
  grid_leader: 'cyan',
  patrol_inspector: 'blue',
  handler: 'geekblue',
  hotline_operator: 'purple',
  community_planner: 'lime',
  resident: 'default',
};

interface Props {
  role: Role;
  /** Shown after the role name, e.g. the area of the binding. */
  suffix?: ReactNode;
  onClose?: (event: MouseEvent<HTMLElement>) => void;
  isClosable?: boolean;
  testId?: string;
}

export function RoleTag({ role, suffix, onClose, isClosable = false, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tag
      color={ROLE_COLORS[role]}
      closable={isClosable}
      onClose={onClose}
      data-testid={testId}
      style={{ marginBlock: 2, whiteSpace: 'normal' }}
    >
      {t(`role.${role}`)}
      {suffix ? <> · {suffix}</> : null}
    </Tag>
  );
}
