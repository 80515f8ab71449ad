import { REGISTRY_IMPORT_MAX_MB, ROLES, type Role } from '@cc/contracts';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { baseMapSettings, type BaseMapSettings } from './base-map.js';
import { StartupError } from './db/database.js';
import type { HttpGatewayConfig } from './sms.js';

/** Everything the server reads from its environment and command line, parsed once. */
export interface Config {
  port: number;
  /**
   * HOST / --host: the interface listened on. In development 127.0.0.1 unless told (HOST=0.0.0.0
   * for phones on the local network); in production 0.0.0.0 (all interfaces), as before.
   */
  host: string;
  /**
   * TLS_CERT_FILE and TLS_KEY_FILE (PEM): the server speaks https itself (a phone's position and
   * camera need a secure context). Read and checked at start; a missing or unreadable file, or a
   * key that does not fit the certificate, stops the start naming the file.
   */
  tls: TlsFiles | null;
  dataDir: string;
  databaseUrl: string | null;
  /**
   * DATABASE_READ_URL: a streaming replica of DATABASE_URL's database; the heavy reads go there
   * (dashboards, 交叉比对, registry lists and one screens, exports, Open311 reads).
   */
  databaseReadUrl: string | null;
  production: boolean;
  allowPgliteInProduction: boolean;
  /** Create the demo city and sample accounts on an empty database (never in production). */
  demo: boolean;
  /** With the demo: its Open311 client, dispatch rules, points and a few hundred cases. */
  demoCases: boolean;
  /**
   * A TLS-terminating proxy is configured (`trustedProxies` is not empty): HSTS is sent.
   * Derived from TRUST_PROXY; which hops are believed is `trustedProxies`'s business.
   */
  trustProxy: boolean;
  /**
   * TRUST_PROXY: the addresses (IPs or CIDRs, comma-separated) of the proxies in front of the
   * server. X-Forwarded-For and -Proto are believed only from these; a client that is not one
   * cannot pick its own address or claim TLS. Fastify's `trustProxy` takes this list as it is.
   */
  trustedProxies: string[];
  /** 32-byte key (hex or base64) for personal data; when absent a key file in dataDir is used. */
  dataKey: string | null;
  webDist: string;
  logLevel: string;
  /** Sign-in attempts per minute from one address (per account the lockout applies). */
  loginsPerMinutePerIp: number;
  /**
   * Failed sign-ins from one address, over any accounts, before the address is locked out
   * for a while (counted in the database, so across app processes).
   */
  loginFailuresPerAddress: number;
  /** How often the job runner looks for due jobs when nothing kicked it. */
  jobPollMs: number;
  /** Live streams (server-sent events) one session may hold open at once. */
  streamsPerSession: number;
  /** Live streams one app process holds open at once, everyone's together. */
  maxStreams: number;
  /** How often an open live stream checks that its session and role still hold. */
  streamRecheckMs: number;
  smsProvider: 'outbox' | 'http';
  smsGateway: HttpGatewayConfig | null;
  /**
   * CASE_WEBHOOK_URL: at start, a webhook subscriber "CASE_WEBHOOK_URL" to every case event is
   * made for it when no subscriber has that URL (decision 023), signing with CASE_WEBHOOK_SECRET
   * (`whsec_…`, or any text used as the key as it is; a fresh secret when unset).
   */
  webhookUrl: string | null;
  webhookSecret: string | null;
  /**
   * Webhook retries: the first retry after WEBHOOK_RETRY_BASE_MS (5 s), each later one three
   * times the last (jittered), at most WEBHOOK_RETRY_MAX_MS (1 h) apart; a delivery is given up
   * after WEBHOOK_MAX_ATTEMPTS attempts (8: about 1.5 h).
   */
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  webhookMaxAttempts: number;
  /**
   * A subscriber is disabled (administrators told) after WEBHOOK_DISABLE_AFTER_FAILURES
   * deliveries given up in a row (20), or when it has failed every attempt for
   * WEBHOOK_DISABLE_AFTER_HOURS (24).
   */
  webhookDisableAfterFailures: number;
  webhookDisableAfterHours: number;
  /** How long one webhook POST may take: WEBHOOK_TIMEOUT_MS, 15 s (at most 60 s). */
  webhookTimeoutMs: number;
  /**
   * 32-byte key (hex or base64) that keys the audit chain and signs its anchors; required in
   * production. When absent, a key file `<dataDir>/keys/audit.key` is used (made once).
   */
  auditKey: string | null;
  /** Where the signed audit anchors are appended; null: `<dataDir>/audit-anchors.jsonl`. */
  auditAnchorFile: string | null;
  /** Each audit anchor is also POSTed here (JSON) when set: an external log. */
  auditAnchorUrl: string | null;
  /** How often the audit chain's head is anchored, in minutes. */
  auditAnchorMinutes: number;
  /**
   * Exact registry lookups (by document, phone or full name) an account may make per hour:
   * REGISTRY_LOOKUPS_PER_HOUR, 30 by default (a desk's busy hour; a guessing run needs thousands).
   */
  registryLookupsPerHour: number;
  /**
   * The largest registry import file, in bytes: IMPORT_MAX_MB, 10 by default (a committee's
   * file with ten times room; data/registry/README.md has the figures).
   */
  importMaxBytes: number;
  /**
   * Per signed-in account (per address for anyone else), so that one account cannot flood:
   * case reports per minute (CASE_REPORTS_PER_MINUTE, 120 by default: a hotline desk's busiest
   * minute is a few dozen), photo uploads per minute (PHOTO_UPLOADS_PER_MINUTE, 240: up to nine
   * a report) and export downloads per hour (EXPORTS_PER_HOUR, 60).
   */
  caseReportsPerMinute: number;
  /** proposals a resident posts per hour (PROPOSALS_PER_HOUR, 10 by default) */
  proposalsPerHour: number;
  photoUploadsPerMinute: number;
  exportsPerHour: number;
  /**
   * 32-byte Ed25519 seed (hex or base64) that signs certificates; required in production. When
   * absent, a key file `<dataDir>/keys/certificate-signing.key` is used (made once).
   */
  certSigningKey: string | null;
  /**
   * CERT_RETIRED_PUBLIC_KEYS: public keys of earlier signing keys (PEM blocks, a JWK or a JSON
   * list of them, or the path of a file holding that), still accepted to verify the
   * certificates they signed, by key id (decision 015).
   */
  certRetiredPublicKeys: string | null;
  /**
   * PUBLIC_URL: the address people reach the web app at (`https://cloud.example.gov.cn`), for
   * links printed on paper (a certificate's QR code); required in production; elsewhere null
   * means the request's own origin.
   */
  publicUrl: string | null;
  /** Certificate checks (`/api/verify/:code`) per minute from one address: CERTIFICATE_CHECKS_PER_MINUTE, 30. */
  certificateChecksPerMinute: number;
  /**
   * EPIDEMIC_RETENTION_DAYS (180): declarations and home observations are purged this many days
   * after their end (a declaration's arrival + stay, an observation's last day).
   */
  epidemicRetentionDays: number;
  /** Public declarations (`POST /api/declare/:token`) per hour from one address: DECLARATIONS_PER_HOUR, 30. */
  declarationsPerHour: number;
  /**
   * TOTP_REQUIRED_ROLES: roles whose holders sign in with a second factor (TOTP), comma-separated
   * staff roles (`street_operator,district_operator`; not `resident`); none by default. In
   * production the identity module adds `administrator` and `committee_staff` whatever this
   * says: the setting adds roles, never removes those.
   */
  totpRequiredRoles: Role[];
  /** MAP_STYLE_URL / MAP_TILES_URL and friends: the base map under the maps (platform/base-map.ts) */
  baseMap: BaseMapSettings['baseMap'];
  /** the origins of the base map's tiles, allowed in the page's CSP */
  baseMapHosts: string[];
}

/** The certificate and key the server serves https with (TLS_CERT_FILE, TLS_KEY_FILE). */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

/**
 * Whether people reach this server over https: it serves TLS itself, or a TLS-terminating
 * proxy is configured (TRUST_PROXY), or in production unless PUBLIC_URL says plain http. Only
 * then do pages ask browsers to upgrade insecure requests and send HSTS: over plain http (a
 * phone at http://<LAN address>:3000) an upgrade would ask for every asset over https, and get
 * nothing.
 */
export function servedOverHttps(
  config: Pick<Config, 'tls' | 'trustProxy' | 'production' | 'publicUrl'>,
): boolean {
  if (config.tls || config.trustProxy) return true;
  return config.production && !config.publicUrl?.startsWith('http:');
}

/** TLS_CERT_FILE / TLS_KEY_FILE read and checked, or null when neither is set. */
function tlsFiles(certText: string | undefined, keyText: string | undefined): TlsFiles | null {
  if (!certText && !keyText) return null;
  if (!certText || !keyText) {
    throw new StartupError(
      `https needs both TLS_CERT_FILE and TLS_KEY_FILE (PEM files); only ${certText ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'} is set`,
    );
  }
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(path.resolve(file));
    } catch (e) {
      throw new StartupError(
        `${name}: cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of a PEM file`,
      );
    }
  };
  const files = {
    certFile: path.resolve(certText),
    keyFile: path.resolve(keyText),
    cert: read('TLS_CERT_FILE', certText),
    key: read('TLS_KEY_FILE', keyText),
  };
  try {
    tls.createSecureContext({ cert: files.cert, key: files.key });
  } catch (e) {
    throw new StartupError(
      `TLS_CERT_FILE "${certText}" and TLS_KEY_FILE "${keyText}" are not a PEM certificate and its key: ${(e as Error).message}`,
    );
  }
  return files;
}

const ROOT = path.resolve(import.meta.dirname, '../../../..');
export const REPO_ROOT = ROOT;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
  const next = argv[i + 1];
  return next && !next.startsWith('--') ? next : 'true';
}

function positiveNumber(text: string, name: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`${name} must be a number above 0, got "${text}"`);
  return n;
}

/**
 * TRUST_PROXY as a list of addresses and CIDRs. The old switch (`1`, `true`) is refused: it
 * believed any client's X-Forwarded-For, so anyone could pick the address that sign-in limits
 * count.
 */
function trustedProxies(text: string | undefined): string[] {
  const v = (text ?? '').trim();
  if (['', '0', 'false', 'no', 'off'].includes(v.toLowerCase())) return [];
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) {
    throw new StartupError(
      `TRUST_PROXY takes the addresses of your proxies, comma-separated IPs or CIDRs ` +
        `(e.g. TRUST_PROXY=10.0.0.5,10.0.1.0/24), no longer a switch: "${v}" would believe ` +
        `any client's X-Forwarded-For.`,
    );
  }
  return v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address, prefix, ...rest] = entry.split('/');
      const family = net.isIP(address ?? '');
      const max = family === 6 ? 128 : 32;
      const isPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
      if (!family || !isPrefix || rest.length > 0) {
        throw new StartupError(
          `TRUST_PROXY: "${entry}" is not an IP address or a CIDR (10.0.0.5, 10.0.1.0/24, fd00::/8)`,
        );
      }
      return entry;
    });
}

/** A comma-separated list of role names (TOTP_REQUIRED_ROLES); an unknown name stops the start. */
function roleList(text: string | undefined, name: string): Role[] {
  const names = (text ?? '')
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new StartupError(
      `${name}: ${unknown.map((r) => `"${r}"`).join(', ')} is no role; the roles are ${ROLES.join(', ')}`,
    );
  }
  if (names.includes('resident')) {
    throw new StartupError(
      `${name}: residents sign in by SMS code; the second factor is for staff roles, not "resident"`,
    );
  }
  return [...new Set(names as Role[])];
}

function bool(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

/** PUBLIC_URL as an origin without a trailing slash, or null; anything but http(s) is refused. */
function publicUrl(text: string | undefined): string | null {
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StartupError(`PUBLIC_URL must be an http(s) address (https://…), got "${text}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  const portText = flag(argv, 'port') ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT / --port must be an integer 0–65535, got "${portText}"`);
  }
  const production = env.NODE_ENV === 'production';
  const demoFlag = flag(argv, 'demo') ?? env.DEMO;
  return {
    port,
    host: flag(argv, 'host') ?? env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    tls: tlsFiles(env.TLS_CERT_FILE, env.TLS_KEY_FILE),
    dataDir: path.resolve(flag(argv, 'data-dir') ?? env.DATA_DIR ?? path.join(ROOT, 'data')),
    databaseUrl: flag(argv, 'database-url') ?? env.DATABASE_URL ?? null,
    databaseReadUrl: env.DATABASE_READ_URL || null,
    production,
    allowPgliteInProduction:
      bool(flag(argv, 'allow-pglite-in-production')) || bool(env.ALLOW_PGLITE_IN_PRODUCTION),
    demo: production ? false : demoFlag === undefined ? true : bool(demoFlag),
    demoCases: env.DEMO_CASES === undefined ? true : bool(env.DEMO_CASES),
    trustProxy: trustedProxies(env.TRUST_PROXY).length > 0,
    trustedProxies: trustedProxies(env.TRUST_PROXY),
    dataKey: env.DATA_KEY ?? null,
    webDist: path.join(ROOT, 'apps/web/dist'),
    // development: warnings and errors only, so that the start's banner stays in view
    // (LOG_LEVEL=info: one line a request); production: info, as JSON
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : production ? 'info' : 'warn'),
    loginsPerMinutePerIp: Number(env.LOGINS_PER_MINUTE_PER_IP ?? 20),
    loginFailuresPerAddress: Number(env.LOGIN_FAILURES_PER_ADDRESS ?? 30),
    jobPollMs: Number(env.JOB_POLL_MS ?? 1000),
    streamsPerSession: Number(env.STREAMS_PER_SESSION ?? 4),
    maxStreams: Number(env.MAX_STREAMS ?? 1000),
    streamRecheckMs: Number(env.STREAM_RECHECK_MS ?? 30_000),
    smsProvider: env.SMS_PROVIDER === 'http' ? 'http' : 'outbox',
    smsGateway: env.SMS_GATEWAY_URL
      ? {
          url: env.SMS_GATEWAY_URL,
          token: env.SMS_GATEWAY_TOKEN ?? null,
          templateId: env.SMS_TEMPLATE_ID ?? null,
          signName: env.SMS_SIGN_NAME ?? null,
        }
      : null,
    webhookUrl: env.CASE_WEBHOOK_URL ?? null,
    webhookSecret: env.CASE_WEBHOOK_SECRET ?? null,
    webhookRetryBaseMs: positiveNumber(
      env.WEBHOOK_RETRY_BASE_MS ?? '5000',
      'WEBHOOK_RETRY_BASE_MS',
    ),
    webhookRetryMaxMs: positiveNumber(
      env.WEBHOOK_RETRY_MAX_MS ?? '3600000',
      'WEBHOOK_RETRY_MAX_MS',
    ),
    webhookMaxAttempts: positiveNumber(env.WEBHOOK_MAX_ATTEMPTS ?? '8', 'WEBHOOK_MAX_ATTEMPTS'),
    webhookDisableAfterFailures: positiveNumber(
      env.WEBHOOK_DISABLE_AFTER_FAILURES ?? '20',
      'WEBHOOK_DISABLE_AFTER_FAILURES',
    ),
    webhookDisableAfterHours: positiveNumber(
      env.WEBHOOK_DISABLE_AFTER_HOURS ?? '24',
      'WEBHOOK_DISABLE_AFTER_HOURS',
    ),
    webhookTimeoutMs: Math.min(
      60_000,
      positiveNumber(env.WEBHOOK_TIMEOUT_MS ?? '15000', 'WEBHOOK_TIMEOUT_MS'),
    ),
    auditKey: env.AUDIT_KEY ?? null,
    auditAnchorFile: env.AUDIT_ANCHOR_FILE ? path.resolve(env.AUDIT_ANCHOR_FILE) : null,
    auditAnchorUrl: env.AUDIT_ANCHOR_URL ?? null,
    auditAnchorMinutes: positiveNumber(env.AUDIT_ANCHOR_MINUTES ?? '60', 'AUDIT_ANCHOR_MINUTES'),
    registryLookupsPerHour: positiveNumber(
      env.REGISTRY_LOOKUPS_PER_HOUR ?? '30',
      'REGISTRY_LOOKUPS_PER_HOUR',
    ),
    importMaxBytes:
      positiveNumber(env.IMPORT_MAX_MB ?? String(REGISTRY_IMPORT_MAX_MB), 'IMPORT_MAX_MB') *
      1024 *
      1024,
    caseReportsPerMinute: positiveNumber(
      env.CASE_REPORTS_PER_MINUTE ?? '120',
      'CASE_REPORTS_PER_MINUTE',
    ),
    proposalsPerHour: positiveNumber(env.PROPOSALS_PER_HOUR ?? '10', 'PROPOSALS_PER_HOUR'),
    photoUploadsPerMinute: positiveNumber(
      env.PHOTO_UPLOADS_PER_MINUTE ?? '240',
      'PHOTO_UPLOADS_PER_MINUTE',
    ),
    exportsPerHour: positiveNumber(env.EXPORTS_PER_HOUR ?? '60', 'EXPORTS_PER_HOUR'),
    certSigningKey: env.CERT_SIGNING_KEY ?? null,
    certRetiredPublicKeys: env.CERT_RETIRED_PUBLIC_KEYS ?? null,
    publicUrl: publicUrl(env.PUBLIC_URL),
    certificateChecksPerMinute: positiveNumber(
      env.CERTIFICATE_CHECKS_PER_MINUTE ?? '30',
      'CERTIFICATE_CHECKS_PER_MINUTE',
    ),
    epidemicRetentionDays: positiveNumber(
      env.EPIDEMIC_RETENTION_DAYS ?? '180',
      'EPIDEMIC_RETENTION_DAYS',
    ),
    declarationsPerHour: positiveNumber(env.DECLARATIONS_PER_HOUR ?? '30', 'DECLARATIONS_PER_HOUR'),
    totpRequiredRoles: roleList(env.TOTP_REQUIRED_ROLES, 'TOTP_REQUIRED_ROLES'),
    ...baseMapSettings(env),
  };
}
