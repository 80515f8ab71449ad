import type { Role } from '@cc/contracts';
import type { Config } from './config.js';
import type { DataCipher } from './crypto.js';
import type { Db } from './db/database.js';
import type { ReadReplica } from './db/read-replica.js';
import type { EventBus } from './events.js';
import type { HitCounter } from './hit-counter.js';
import type { JobRunner } from './jobs.js';
import type { LiveHub } from './live.js';
import type { SmsProvider } from './sms.js';

/** A role held at an area: it reaches the area and everything below it. */
export interface Binding {
  id: string;
  role: Role;
  areaCode: string;
  areaPath: string;
  areaName: string;
  areaLevel: string;
}

/** The signed-in person a use case acts for. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  bindings: Binding[];
}

/** What the composition root builds once and hands to every module. */
export interface AppDeps {
  db: Db;
  cipher: DataCipher;
  config: Config;
  jobs: JobRunner;
  sms: SmsProvider;
  live: LiveHub;
  /** the rate limits' counts, shared by every app node on PostgreSQL */
  hits: HitCounter;
  /** the streaming replica the heavy reads go to (DATABASE_READ_URL), or null */
  replica: ReadReplica | null;
  /** domain events between modules, inside the publisher's transaction */
  events: EventBus;
}

/** Per request: the dependencies, who acts, and from where (for the audit log). */
export interface Ctx extends AppDeps {
  actor: Actor | null;
  ip: string | null;
  /** where this request's heavy reads go (the replica, when it has the reader's writes) */
  readDb?: Db;
}

/** The database for a heavy read (a dashboard, a list, an export): the replica when it may. */
export const readerOf = (ctx: Ctx): Db => ctx.readDb ?? ctx.db;
