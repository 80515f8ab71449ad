// The server as a child process lives with the test support; benchmarks use it from here.
import { startPlatform } from '../apps/server/src/bootstrap.js';
import { loadConfig } from '../apps/server/src/platform/config.js';

export * from '../apps/server/src/platform/server-process.js';

/**
 * A migrated database with the Shanghai areas and the demo accounts, as the server makes it,
 * without the demo's cases and registry: a generator fills every committee itself.
 */
export async function prepareDatabase(databaseUrl: string | null, dataDir: string): Promise<void> {
  const platform = await startPlatform({
    ...loadConfig({ NODE_ENV: 'development' }, []),
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo: true,
    demoCases: false,
  });
  await platform.close();
}
