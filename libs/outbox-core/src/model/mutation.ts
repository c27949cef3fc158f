import type { JsonValue } from './json';

/**
 * What the app asks the outbox to deliver: one write against one entity.
 * Validated by `MutationOutbox.enqueue` before anything is written.
 */
export interface Mutation {
  /** A mutation type registered with the outbox, e.g. `contact.update`. */
  readonly type: string;
  /** The entity this mutation writes (a server id, or a temporary id from `outbox.tempId()`). */
  readonly entityId: string;
  /** The body sent to the server; must be JSON-serializable. */
  readonly payload: JsonValue;
  /** Ordering key for `ordering: 'partition'`; defaults to `entityId`. */
  readonly partitionKey?: string;
  /** The entity version the app last saw; sent so the server can detect conflicts. */
  readonly expectedVersion?: number;
  /** Whatever the rollback handler needs to undo the local optimistic change (JSON). */
  readonly rollbackData?: JsonValue;
  /**
   * Other entity ids (typically temporary ids) this mutation refers to. They are rewritten to
   * server ids before sending, and they make this entry depend on the entries that create them.
   * Merged with the ids returned by the mutation type's `references(payload)`.
   */
  readonly references?: readonly string[];
}
