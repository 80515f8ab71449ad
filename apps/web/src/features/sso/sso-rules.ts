import {
  SSO_CLAIMS,
  type CreateSsoClientBody,
  type Role,
  type SsoClaim,
  type SsoClient,
  type SsoSystem,
} from '@cc/contracts';
import type { FieldPath } from '../../lib/form-errors';

/** The rules of the one-sign-on pages that need no React: tested in sso-rules.test.ts. */

// calm, distinct colours for the departments' initials (antd's palette, dark enough for white)
const DEPARTMENT_COLORS = [
  '#1456f0',
  '#13a8a8',
  '#389e0d',
  '#d46b08',
  '#cf1322',
  '#531dab',
  '#c41d7f',
  '#0958d9',
  '#7cb305',
  '#d48806',
  '#08979c',
  '#1d39c4',
] as const;

/** The same department, the same colour, on every page and every visit. */
export function departmentColor(department: string): string {
  let hash = 0;
  for (const char of department) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return DEPARTMENT_COLORS[hash % DEPARTMENT_COLORS.length] ?? DEPARTMENT_COLORS[0];
}

/** The claims in the contracts' order, whatever order they came in. */
export const sortClaims = (claims: readonly SsoClaim[]): SsoClaim[] =>
  SSO_CLAIMS.filter((claim) => claims.includes(claim));

/** 专业系统 by department, departments and systems in the order the server lists them. */
export function groupByDepartment(systems: readonly SsoSystem[]): [string, SsoSystem[]][] {
  const groups = new Map<string, SsoSystem[]>();
  for (const system of systems) {
    const group = groups.get(system.department);
    if (group) group.push(system);
    else groups.set(system.department, [system]);
  }
  return [...groups];
}

/** The search box: a piece of the system's name or of its department, any case. */
export function matchesSystem(system: SsoSystem, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return (
    system.name.toLowerCase().includes(needle) || system.department.toLowerCase().includes(needle)
  );
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * An address a system registers (where codes go, where logins start, logout addresses), by the
 * server's rule: absolute, https — or http on this machine — with no fragment and no user.
 */
export function isClientUri(value: string): boolean {
  const text = value.trim();
  const url = parseUrl(text);
  if (!url || url.hash || text.includes('#') || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
}

/** A logo: a path on this site (`/logos/…`), or an address as a system registers one. */
export function isLogoUrl(value: string): boolean {
  const text = value.trim();
  return (text.startsWith('/') && !text.startsWith('//')) || isClientUri(text);
}

/** The form of the drawer: the contract's fields, the optional ones as the inputs hold them. */
export interface ClientValues {
  name: string;
  department: string;
  logoUrl?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: (string | undefined)[];
  initiateLoginUri: string;
  backchannelLogoutUri?: string;
  allowedRoles: Role[];
  allowedClaims?: SsoClaim[];
}

export const CLIENT_FIELDS = [
  'name',
  'department',
  'logoUrl',
  'redirectUris',
  'postLogoutRedirectUris',
  'initiateLoginUri',
  'backchannelLogoutUri',
  'allowedRoles',
  'allowedClaims',
] as const;
const LIST_FIELDS: readonly string[] = ['redirectUris', 'postLogoutRedirectUris'];

/**
 * Where a refusal of the server is shown: `redirectUris.0` beside that address of the list,
 * `allowedRoles.2` (one choice of a select) on the select itself.
 */
export const clientFieldName = (path: FieldPath): FieldPath | string =>
  LIST_FIELDS.includes(String(path[0])) && path.length >= 2 ? path.slice(0, 2) : String(path[0]);

const blankToNull = (value: string | undefined) => value?.trim() || null;

/**
 * What is sent, for a registration as for an edit (every field: an emptied logo or back-channel
 * address is null, so the edit clears it); claims in the contracts' order.
 */
export function toClientBody(values: ClientValues): CreateSsoClientBody {
  return {
    name: values.name.trim(),
    department: values.department.trim(),
    logoUrl: blankToNull(values.logoUrl),
    redirectUris: values.redirectUris.map((uri) => uri.trim()),
    postLogoutRedirectUris: (values.postLogoutRedirectUris ?? [])
      .map((uri) => uri?.trim())
      .filter((uri): uri is string => !!uri),
    initiateLoginUri: values.initiateLoginUri.trim(),
    backchannelLogoutUri: blankToNull(values.backchannelLogoutUri),
    allowedRoles: values.allowedRoles,
    allowedClaims: sortClaims(values.allowedClaims ?? []),
  };
}

/** The drawer's first values: a new system's (one empty address, name and roles given), or the system's. */
export function clientFormValues(client: SsoClient | undefined): Partial<ClientValues> {
  if (!client) {
    return {
      redirectUris: [''],
      postLogoutRedirectUris: [],
      allowedRoles: [],
      allowedClaims: ['name', 'roles'],
    };
  }
  return {
    name: client.name,
    department: client.department,
    logoUrl: client.logoUrl ?? undefined,
    redirectUris: client.redirectUris.length > 0 ? client.redirectUris : [''],
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    initiateLoginUri: client.initiateLoginUri,
    backchannelLogoutUri: client.backchannelLogoutUri ?? undefined,
    allowedRoles: client.allowedRoles,
    allowedClaims: client.allowedClaims,
  };
}
