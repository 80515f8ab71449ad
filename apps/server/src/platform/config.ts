import path from 'node:path';
import type { HttpGatewayConfig } from './sms.js';

/** Everything the server reads from its environment and command line, parsed once. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  production: boolean;
  allowPgliteInProduction: boolean;
  /** Create the demo city and sample accounts on an empty database (never in production). */
  demo: boolean;
  /** With the demo: its Open311 client, dispatch rules, points and a few hundred cases. */
  demoCases: boolean;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* and always mark cookies Secure. */
  trustProxy: boolean;
  /** 32-byte key (hex or base64) for personal data; when absent a key file in dataDir is used. */
  dataKey: string | null;
  webDist: string;
  logLevel: string;
  /** Sign-in attempts per minute from one address (per account the lockout applies). */
  loginsPerMinutePerIp: number;
  /** How often the job runner looks for due jobs when nothing kicked it. */
  jobPollMs: number;
  smsProvider: 'outbox' | 'http';
  smsGateway: HttpGatewayConfig | null;
  /** Case events are POSTed here (JSON, HMAC-signed with webhookSecret) when set. */
  webhookUrl: string | null;
  webhookSecret: string | null;
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

function bool(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
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
    host: flag(argv, 'host') ?? env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(flag(argv, 'data-dir') ?? env.DATA_DIR ?? path.join(ROOT, 'data')),
    databaseUrl: flag(argv, 'database-url') ?? env.DATABASE_URL ?? null,
    production,
    allowPgliteInProduction:
      bool(flag(argv, 'allow-pglite-in-production')) || bool(env.ALLOW_PGLITE_IN_PRODUCTION),
    demo: production ? false : demoFlag === undefined ? true : bool(demoFlag),
    demoCases: env.DEMO_CASES === undefined ? true : bool(env.DEMO_CASES),
    trustProxy: bool(env.TRUST_PROXY),
    dataKey: env.DATA_KEY ?? null,
    webDist: path.join(ROOT, 'apps/web/dist'),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    loginsPerMinutePerIp: Number(env.LOGINS_PER_MINUTE_PER_IP ?? 20),
    jobPollMs: Number(env.JOB_POLL_MS ?? 1000),
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
  };
}
