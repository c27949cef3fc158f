import type { Mutation } from '@mutation-outbox/core';
import type { SqlExecutor } from '../db/sql-executor';

/** What a write can do inside its transaction: the app's own SQL and enqueueing mutations. */
export interface WriteContext {
  readonly sql: SqlExecutor;
  /** Appends a mutation to the outbox in this same transaction. */
  enqueue(mutation: Mutation): Promise<void>;
  /** A new temporary id for an entity created offline. */
  tempId(): string;
}

/**
 * What the demo's services need from the outbox: atomic writes (local change plus enqueue) and a
 * signal that local data may have changed. Screens read the outbox itself through
 * `@mutation-outbox/react`'s hooks.
 */
export interface AppOutbox {
  /** Runs `work` (local optimistic writes plus enqueues) in one storage transaction. */
  write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` whenever the outbox may have changed the app's tables (a write, a success,
   * a rollback, an id mapping); returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
}
