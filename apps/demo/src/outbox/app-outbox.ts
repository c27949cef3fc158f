import type { Mutation, OutboxEntry, OutboxStatus, RollbackReason, EntryError } from '@mutation-outbox/core';
import type { SqlExecutor } from '../db/sql-executor';

/** What a write can do inside its transaction: the app's own SQL and enqueueing mutations. */
export interface WriteContext {
  readonly sql: SqlExecutor;
  /** Appends a mutation to the outbox in this same transaction. */
  enqueue(mutation: Mutation): Promise<void>;
  /** A new temporary id for an entity created offline. */
  tempId(): string;
}

/** A change the outbox undid, told to the user. */
export interface RollbackNotice {
  readonly entry: OutboxEntry;
  readonly reason: RollbackReason;
  readonly error: EntryError | null;
}

/** What the app listens to. */
export interface AppOutboxEvents {
  /** A new status snapshot (counts, connectivity, progress, next retry). */
  status: OutboxStatus;
  /** Entries or local data changed (enqueue, success, rollback, id mapping...): re-read. */
  changed: void;
  /** A local change was rolled back. */
  'rolled-back': RollbackNotice;
  /** The server reported a conflict and the configured resolver chose `action`. */
  conflict: { readonly entry: OutboxEntry; readonly action: 'rollback' | 'retry' | 'hold' };
  /** An entity created offline got its server id (screens showing the temporary id follow it). */
  'id-mapped': { readonly tempId: string; readonly serverId: string };
}

/**
 * The slice of the outbox the demo's screens and services use. The composition root provides it
 * over the real `MutationOutbox` and Capacitor SQLite storage.
 */
export interface AppOutbox {
  /** The last status snapshot. */
  status(): OutboxStatus;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof AppOutboxEvents>(event: K, listener: (payload: AppOutboxEvents[K]) => void): () => void;
  /** Runs `work` (local optimistic writes plus enqueues) in one storage transaction. */
  write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T>;
  /** Pending, in-flight and failed entries, oldest first. */
  listEntries(): Promise<OutboxEntry[]>;
  /** Attempts a failed or waiting entry now. */
  retryEntry(id: string): Promise<void>;
  /** Gives up on an entry: its local change is rolled back (and its dependants'). */
  discardEntry(id: string): Promise<void>;
  /** Starts sending what is due, if online. */
  flush(): Promise<void>;
}
