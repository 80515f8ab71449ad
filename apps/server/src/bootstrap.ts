import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { seedDemoCity, type DemoSummary } from './demo/seed-demo.js';
import type { Config } from './platform/config.js';
import type { AppDeps } from './platform/context.js';
import { createDataCipher, loadDataKey } from './platform/crypto.js';
import { openDatabase, StartupError, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { MODULES } from './modules.js';
import { JobRunner, type JobHandler } from './platform/jobs.js';
import { pendingKeyFile } from './platform/key-rotation.js';
import { LiveHub } from './platform/live.js';
import { createSmsProvider } from './platform/sms.js';

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
  logger?: boolean | { level: string };
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
 * Open the database, migrate, run every module's start-up work (the city's areas load on first
 * start), create the demo city when asked, build the app.
 */
export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  if (config.production && !config.dataKey) {
    throw new StartupError(
      'NODE_ENV=production needs DATA_KEY (32 bytes, hex or base64) for personal data.',
    );
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    production: config.production,
    allowPgliteInProduction: config.allowPgliteInProduction,
    inMemory: opts.inMemory ?? false,
  });
  try {
    const { db } = database;
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
    };
    registerJobHandlers(deps, handlers);
    for (const module of MODULES) await module.start?.(deps);
    await deps.live.start();
    const demo = config.demo ? await seedDemoCity(deps) : null;
    const app = await buildApp(deps, { logger: opts.logger ?? false });
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
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
