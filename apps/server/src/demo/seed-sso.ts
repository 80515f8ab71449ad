/**
 * The department systems of the demo city (专业系统, issue 25): data/sso/department-systems.json
 * registered as clients of one sign-on through the sso module's use case — 22 placeholder
 * systems of 13 departments (not reachable) and the demo department system apps/dept-demo on
 * this server's port + 1, with its fixed demo secret. Each is skipped when its client_id is
 * registered already.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Role, SsoClaim } from '@cc/contracts';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps } from '../platform/context.js';
import { seedClients, type SeededClient } from '../modules/sso/index.js';

export const DEPARTMENT_SYSTEMS_FILE = path.join(REPO_ROOT, 'data/sso/department-systems.json');

interface DepartmentSystem {
  clientId: string;
  name: string;
  department: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  initiateLoginUri: string;
  backchannelLogoutUri?: string;
  allowedRoles: Role[];
  allowedClaims: SsoClaim[];
  clientSecret: string | null;
}

/** The file's systems, `{PORT+1}` replaced with the port after `port`. */
export function readDepartmentSystems(port: number): SeededClient[] {
  const file = JSON.parse(fs.readFileSync(DEPARTMENT_SYSTEMS_FILE, 'utf8')) as {
    portPlaceholder: string;
    systems: DepartmentSystem[];
  };
  const at = (uri: string) => uri.replaceAll(file.portPlaceholder, String(port + 1));
  return file.systems.map((s) => ({
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    name: s.name,
    department: s.department,
    logoUrl: null,
    redirectUris: s.redirectUris.map(at),
    postLogoutRedirectUris: (s.postLogoutRedirectUris ?? []).map(at),
    initiateLoginUri: at(s.initiateLoginUri),
    backchannelLogoutUri: s.backchannelLogoutUri ? at(s.backchannelLogoutUri) : null,
    allowedRoles: s.allowedRoles,
    allowedClaims: s.allowedClaims,
  }));
}

/** Register the demo city's department systems not registered yet; true when any was added. */
export async function seedSso(deps: AppDeps): Promise<boolean> {
  return (await seedClients(deps, readDepartmentSystems(deps.config.port))) > 0;
}
