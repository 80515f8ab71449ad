import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app.js';
import { publishedDemoAccounts } from './demo/published-accounts.js';
import { seedDemoCity, type DemoSummary } from './demo/seed-demo.js';
import type { Config } from './platform/config.js';
import type { AppDeps } from './platform/context.js';
import { createDataCipher, loadDataKey } from './platform/crypto.js';
import {
  openDatabase,
  StartupError,
  type Database,
  type QueryListener,
} from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { MODULES } from './modules.js';
import { enabledAccountsWithPassword } from './modules/identity/index.js';
import { EventBus } from './platform/events.js';
import { JobRunner, type JobHandler } from './platform/jobs.js';
import { pendingKeyFile } from './platform/key-rotation.js';
import { databaseHitCounter, memoryHitCounter } from './platform/hit-counter.js';
import { LiveHub } from './platform/live.js';
import { ReadReplica } from './platform/db/read-replica.js';
import { SILENT, type StartProgress } from './platform/progress.js';
import { createSmsProvider } from './platform/sms.js';
import { checkDataKey } from './rotate-key.js';

export interface Platform {
  app: FastifyInstance;
  database: Database;
  deps: AppDeps;
  /** Set when this start created the demo city. */
  demo: DemoSummary | null;
  migrations: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  /** PGlite in memory (tests). */
  inMemory?: boolean;
  logger?: AppOptions['logger'];
  /** how requests are logged (app.ts); Fastify's two JSON lines each by default */
  requestLog?: AppOptions['requestLog'];
  /** told each step of the start (`npm start` prints them); silent by default */
  progress?: StartProgress;
  /** told the text of every statement run through Kysely (the sharding check); none by default */
  onQuery?: QueryListener;
}

/** Every module's job handlers, by job kind (a kind claimed twice is a programming error). */
function registerJobHandlers(deps: AppDeps, handlers: Map<string, JobHandler>): void {
  for (const module of MODULES) {
    for (const [kind, handler] of module.jobs?.(deps) ?? []) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} is claimed twice (${module.name})`);
      handlers.set(kind, handler);
    }
  }
}

/**
 * A database seeded in development and then started in production would carry the demo's
 * accounts, one an administrator, all with the passwords published in demo/*.json: refuse to
 * start while any of them is enabled with that password.
 */
async function refuseDemoAccounts(db: Database['db']): Promise<void> {
  const left: string[] = [];
  for (const group of publishedDemoAccounts())
    left.push(...(await enabledAccountsWithPassword(db, group.usernames, group.password)));
  if (left.length > 0) {
    throw new StartupError(
      `This database has the demo accounts ${left.join(', ')} enabled with the demo password ` +
        '(demo/*.json), which anyone can read. Disable them with ' +
        '`NODE_ENV=production npm run cli -- disable-demo-accounts` (or give each a new ' +
        'password), then start again.',
    );
  }
}

/**
 * Open the database, migrate, run every module's start-up work (the city's areas load on first
 * start), create the demo city when asked, build the app.
 */
export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  if (config.production && !config.dataKey) {
    throw new StartupError(
      'NODE_ENV=production needs DATA_KEY (32 bytes, hex or base64) for personal data.',
    );
  }
  const progress = opts.progress ?? SILENT;
  progress({
    zh: config.databaseUrl ? '连接数据库' : '打开数据库',
    en: config.databaseUrl ? 'connecting to PostgreSQL' : `opening PGlite in ${config.dataDir}`,
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    production: config.production,
    allowPgliteInProduction: config.allowPgliteInProduction,
    inMemory: opts.inMemory ?? false,
    onQuery: opts.onQuery,
  });
  try {
    const { db } = database;
    progress({ zh: '检查数据库结构', en: 'migrating the database' });
    const migrations = await migrate(db);
    if (!config.dataKey && fs.existsSync(pendingKeyFile(config.dataDir)))
      throw new StartupError(
        `A data-key rotation did not finish (${pendingKeyFile(config.dataDir)} exists): ` +
          'run `npm run cli -- rotate-data-key --resume` before starting.',
      );
    const handlers = new Map<string, JobHandler>();
    const deps: AppDeps = {
      db,
      config,
      cipher: createDataCipher(loadDataKey(config.dataKey, config.dataDir)),
      jobs: new JobRunner(db, handlers, config.jobPollMs),
      sms: createSmsProvider(config),
      live: new LiveHub(database.kind === 'postgres' ? config.databaseUrl : null),
      hits: database.kind === 'postgres' ? databaseHitCounter(db) : memoryHitCounter(),
      replica:
        database.kind === 'postgres' && config.databaseReadUrl
          ? await ReadReplica.open(config.databaseReadUrl, db)
          : null,
      events: new EventBus(),
    };
    await checkDataKey(db, deps.cipher);
    if (config.production) await refuseDemoAccounts(db);
    registerJobHandlers(deps, handlers);
    for (const module of MODULES) {
      for (const s of module.subscriptions?.(deps) ?? []) deps.events.subscribe(s);
    }
    // the areas module loads Shanghai's area tree on the first start
    progress({
      zh: '启动各模块（首次启动载入上海区划）',
      en: "starting the modules (the first start loads Shanghai's areas)",
    });
    for (const module of MODULES) await module.start?.(deps);
    await deps.live.start();
    const demo = config.demo ? await seedDemoCity(deps, progress) : null;
    const app = await buildApp(deps, {
      logger: opts.logger ?? false,
      requestLog: opts.requestLog ?? 'fastify',
    });
    deps.jobs.start();
    return {
      app,
      database,
      deps,
      demo,
      migrations,
      async close() {
        await deps.jobs.stop();
        await app.close();
        for (const module of [...MODULES].reverse()) await module.stop?.(deps);
        await deps.live.stop();
        await deps.replica?.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
