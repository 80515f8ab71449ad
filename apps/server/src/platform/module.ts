import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from './context.js';
import type { Subscription } from './events.js';
import type { JobHandler } from './jobs.js';
import type { Rekeyer } from './key-rotation.js';

/**
 * What a domain module adds to the platform, exported by its `index.ts` as `manifest`. The
 * composition root (`modules.ts`) lists the manifests once; `app.ts`, `bootstrap.ts` and
 * `rotate-key.ts` iterate that list, so a new module is one line there and nothing else.
 * The tables a module owns are declared in its `<module>.tables.ts` (docs/ARCHITECTURE.md).
 */
export interface PlatformModule {
  /** the folder's name under `modules/` */
  name: string;
  /** its HTTP routes, mounted in list order */
  routes?: FastifyPluginAsync;
  /** its job kinds and their handlers (see `defineJob` in jobs.ts) */
  jobs?: (deps: AppDeps) => Iterable<readonly [string, JobHandler]>;
  /**
   * Tables of this module that other modules may read (never write) in their own queries, and
   * which modules: '*' for every one. Everything else another module asks for through a
   * function this module's index.ts exports. Keep it short: a shared table is a published
   * read model whose columns others depend on.
   */
  sharedReads?: Readonly<Record<string, readonly string[] | '*'>>;
  /** what it does when another module publishes an event (`event.on(handler)`, platform/events.ts) */
  subscriptions?: (deps: AppDeps) => Iterable<Subscription>;
  /** the tables holding personal data under the data key, and how each is rewritten */
  rekeyers?: Record<string, Rekeyer>;
  /** work before the server serves (after migrations, before the demo city) */
  start?: (deps: AppDeps) => Promise<void>;
  /** work when the server closes */
  stop?: (deps: AppDeps) => Promise<void>;
}
