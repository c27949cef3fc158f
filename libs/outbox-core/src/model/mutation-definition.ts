import type { OutboxEntry } from './entry';
import type { JsonValue } from './json';
import type { OkOutcome } from './results';
import type { RollbackReason } from './events';
import type { EntryError } from './entry';
import type { StorageTransaction } from '../ports/storage';
import type { ConflictResolver } from '../ports/conflict-resolver';

/**
 * What a rollback handler is given; it runs inside the storage transaction that marks the entry.
 * Temporary ids that already have a server id appear as server ids in `entry` (the app renamed its
 * own rows in `onIdMapped`).
 */
export interface RollbackContext {
  readonly entry: OutboxEntry;
  readonly tx: StorageTransaction;
  readonly reason: RollbackReason;
  readonly error: EntryError | null;
  /**
   * The server's state of the entity when the device knows it from a conflict: the one being lost
   * now (server wins), or the one this change was sent again after (client wins, field merge)
   * before it was rejected or undone. Restore it rather than `rollbackData`: it is newer.
   */
  readonly serverState?: JsonValue;
  /**
   * The server id of `id` when it is a temporary id the server has already mapped, else `id`
   * itself; read in `tx`. For ids kept inside `rollbackData` (say the activities a delete took
   * along), which the outbox does not rewrite: the app renamed those rows in `onIdMapped`.
   */
  resolveId(id: string): Promise<string>;
}

/** What a success handler is given; it runs inside the transaction that settles the entry, with server ids in `entry`. */
export interface SuccessContext {
  readonly entry: OutboxEntry;
  readonly outcome: OkOutcome;
  readonly tx: StorageTransaction;
}

/**
 * How the outbox treats one mutation type. Only registered types can be enqueued.
 * `kind` drives dependencies and coalescing: a `create` introduces its `entityId`; a `delete` ends it.
 */
export interface MutationDefinition {
  readonly type: string;
  readonly kind?: 'create' | 'update' | 'delete' | 'other';
  /** Throws or returns an error message when the payload is invalid for this type. */
  validate?(payload: JsonValue): string | void;
  /** Ids inside the payload that may be temporary (they are rewritten to server ids before sending). */
  references?(payload: JsonValue): readonly string[];
  /** Undoes the local optimistic change; throwing holds the entry as failed with this error. */
  rollback?(context: RollbackContext): void | Promise<void>;
  /**
   * Applies the server's answer locally (new version, server fields) in the settling transaction
   * (`context.tx`; a batch's accepted entries share one). Write only through `tx`: when that
   * transaction rolls back (e.g. another entry's handler failed) the handler runs again; throwing
   * holds this entry as failed with `SUCCESS_HANDLER_FAILED`.
   */
  onSucceeded?(context: SuccessContext): void | Promise<void>;
  /** Resolver for conflicts on this type (default: the outbox's resolver, itself server-wins). */
  readonly conflictResolver?: ConflictResolver;
  /** Merge with earlier not-yet-sent entries of the same entity (see the README's coalescing rules). */
  readonly coalesce?: boolean;
}
