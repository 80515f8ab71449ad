import { AREA_LEVELS, DASHBOARD_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole, scopeRoots } from '../../lib/session';

/** Who may open the operation-centre dashboards (城运中心大屏); the server checks every call. */
export const canOpenDashboards = (me: Me) => hasAnyRole(me, DASHBOARD_ROLES);

/** The dashboard a person opens first: the highest area among their dashboard roles' bindings. */
export function dashboardRoot(me: Me): string | undefined {
  const depth = (level: string | undefined) => {
    const index = AREA_LEVELS.findIndex((l) => l === level);
    return index < 0 ? AREA_LEVELS.length : index;
  };
  const roots = scopeRoots(me, DASHBOARD_ROLES);
  // stable sort: among areas of one level, the first binding wins
  return [...roots].sort((a, b) => depth(a.level) - depth(b.level))[0]?.code;
}
