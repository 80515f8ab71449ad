import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';

/**
 * Domain events inside a transaction: one module tells the others that something happened to
 * its data (a resident moved out, an account was verified) without importing them. The
 * publisher owns the event (it exports the `DomainEvent` from its index.ts); a subscriber
 * lists its handlers in its manifest (`subscriptions`). Handlers run in the publisher's
 * transaction, so what they write commits or rolls back with it: keep them to a few writes,
 * and hand anything long to a durable job.
 */
export interface DomainEvent<T> {
  readonly name: string;
  /** a subscription to list in a module's manifest */
  on(handler: EventHandler<T>): Subscription;
  /** only carries the payload's type */
  readonly _payload?: T;
}

export type EventHandler<T> = (trx: Kysely<DB>, payload: T) => Promise<void>;

export interface Subscription {
  readonly event: string;
  readonly handler: EventHandler<never>;
}

export function defineEvent<T>(name: string): DomainEvent<T> {
  return {
    name,
    on: (handler) => ({ event: name, handler: handler as EventHandler<never> }),
  };
}

/** The subscriptions of every module, by event name (built once at start-up). */
export class EventBus {
  private readonly handlers = new Map<string, EventHandler<never>[]>();

  subscribe(subscription: Subscription): void {
    const list = this.handlers.get(subscription.event) ?? [];
    list.push(subscription.handler);
    this.handlers.set(subscription.event, list);
  }

  /** Run every subscriber's handler in `trx`, in module order; the first error aborts. */
  async publish<T>(trx: Kysely<DB>, event: DomainEvent<T>, payload: T): Promise<void> {
    for (const handler of this.handlers.get(event.name) ?? []) {
      await (handler as EventHandler<T>)(trx, payload);
    }
  }
}
