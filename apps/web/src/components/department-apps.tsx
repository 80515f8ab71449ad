import { ExportOutlined } from '@ant-design/icons';
import type { SsoSystem } from '@cc/contracts';
import { Button, Space, Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listSsoSystems, useRequest } from '../lib/api';

const NO_SYSTEMS: readonly SsoSystem[] = [];

/**
 * The reader's special apps (专业系统, the one sign-on's catalogue) by the department that runs
 * them: read once for the page; `appsOf(name)` gives a department's, matched on its name as the
 * catalogue spells it (市气象局), none while the catalogue loads or when it fails.
 */
export function useDepartmentApps(isEnabled = true) {
  const { data } = useRequest((signal) => listSsoSystems(signal), [], isEnabled);
  return useMemo(() => {
    const byDepartment = new Map<string, SsoSystem[]>();
    for (const system of data?.items ?? []) {
      const list = byDepartment.get(system.department) ?? [];
      list.push(system);
      byDepartment.set(system.department, list);
    }
    return (department: string): readonly SsoSystem[] => byDepartment.get(department) ?? NO_SYSTEMS;
  }, [data]);
}

/**
 * One click into a department's special apps: a button per system, opening its sign-on link in
 * a new window (the board stays up). Nothing when the department runs none the reader may use.
 * Test ids: `department-app` with `data-department` and `data-client`.
 */
export function DepartmentApps({
  department,
  systems,
  size = 'small',
}: {
  /** the department's name as the catalogue spells it */
  department: string;
  systems: readonly SsoSystem[];
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  if (systems.length === 0) return null;
  return (
    <Space size={4} wrap className="cc-department-apps" data-testid="department-apps">
      {systems.map((system) => (
        <Tooltip key={system.id} title={t('deptIndicators.apps.open', { name: system.name })}>
          <Button
            size={size}
            href={system.launchUrl}
            target="_blank"
            rel="noopener noreferrer"
            icon={<ExportOutlined />}
            data-testid="department-app"
            data-department={department}
            data-client={system.id}
          >
            {/* the system's registered name: data, in the language it was registered in */}
            <span data-user-text>{system.name}</span>
          </Button>
        </Tooltip>
      ))}
    </Space>
  );
}
