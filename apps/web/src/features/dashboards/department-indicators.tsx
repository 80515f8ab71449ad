import type { Dashboard, IndicatorValue } from '@cc/contracts';
import { Badge, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentApps, useDepartmentApps } from '../../components/department-apps';
import { inLanguage } from '../../lib/format';
import { Panel } from './board-shell';
import { groupIndicators, IndicatorTile } from './dashboard-parts';

/**
 * The departments' indicators (部门指标) on the dashboards: ours have their groups, these theirs
 * (气象水文, 水电气 …), each group's indicators under the department that feeds them.
 */

export interface FedDepartment {
  code: string;
  /** its name as the sign-on's catalogue spells it: what its special apps are found by */
  name: string;
  label: string;
  indicators: IndicatorValue[];
}

export interface FedGroup {
  id: string;
  name: string;
  departments: FedDepartment[];
  /** indicators of the group at amber or red */
  alerts: number;
}

/** The departments' indicators by group, each group's by department in the order they come. */
export function fedGroups(
  dashboard: Pick<Dashboard, 'groups' | 'indicators'>,
  language: string,
  otherName: string,
): FedGroup[] {
  return groupIndicators(dashboard, language, otherName, 'department').map((group) => {
    const departments = new Map<string, FedDepartment>();
    for (const indicator of group.indicators) {
      const d = indicator.department;
      const code = d?.code ?? '';
      const department = departments.get(code) ?? {
        code,
        name: d?.name ?? '',
        label: d ? inLanguage(d.name, d.nameEn, language) : otherName,
        indicators: [],
      };
      department.indicators.push(indicator);
      departments.set(code, department);
    }
    return {
      id: group.id,
      name: group.name,
      departments: [...departments.values()],
      alerts: group.indicators.filter((i) => i.state === 'amber' || i.state === 'red').length,
    };
  });
}

/**
 * 部门指标 on the desktop: a tab per group (so the page keeps its length), in each the
 * departments with their indicators and the one-click way into their special apps; a click on an
 * indicator opens its history and comparison (`onOpen`). Nothing at a level no department feeds.
 */
export function DepartmentIndicators({
  dashboard,
  onOpen,
}: {
  dashboard: Dashboard;
  onOpen: (indicator: IndicatorValue) => void;
}) {
  const { t, i18n } = useTranslation();
  const groups = useMemo(
    () => fedGroups(dashboard, i18n.language, t('dashboards.otherGroup')),
    [dashboard, i18n.language, t],
  );
  const appsOf = useDepartmentApps(groups.length > 0);
  const [active, setActive] = useState<string | undefined>();
  if (groups.length === 0) return null;
  const count = groups.reduce(
    (n, g) => n + g.departments.reduce((m, d) => m + d.indicators.length, 0),
    0,
  );
  return (
    <Panel
      isScreen={false}
      testId="dashboard-fed"
      className="cc-fed"
      title={t('deptIndicators.title')}
      extra={<Typography.Text type="secondary">{count}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary" className="cc-fed-intro">
        {t('deptIndicators.intro')}
      </Typography.Paragraph>
      <Tabs
        size="small"
        activeKey={groups.some((g) => g.id === active) ? active : groups[0]?.id}
        onChange={setActive}
        items={groups.map((group) => ({
          key: group.id,
          label: (
            <span data-testid={`fed-tab-${group.id}`} data-alerts={group.alerts}>
              {group.name}
              {group.alerts > 0 ? (
                <Badge
                  count={group.alerts}
                  size="small"
                  className="cc-fed-alerts"
                  title={t('deptIndicators.alerts', { count: group.alerts })}
                />
              ) : null}
            </span>
          ),
          children: (
            <div data-testid={`fed-group-${group.id}`}>
              {group.departments.map((department) => (
                <section
                  key={department.code}
                  className="cc-fed-department"
                  data-testid="fed-department"
                  data-department={department.code}
                >
                  <div className="cc-fed-department-head">
                    <Typography.Text strong>{department.label}</Typography.Text>
                    <DepartmentApps
                      department={department.name}
                      systems={appsOf(department.name)}
                    />
                  </div>
                  <div className="cc-indicator-grid">
                    {department.indicators.map((indicator) => (
                      <IndicatorTile key={indicator.id} indicator={indicator} onOpen={onOpen} />
                    ))}
                  </div>
                </section>
              ))}
            </div>
          ),
        }))}
      />
    </Panel>
  );
}
