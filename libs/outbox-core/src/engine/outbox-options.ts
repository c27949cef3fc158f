import type { MutationDefinition } from '../model/mutation-definition';
import type { OutboxEntry } from '../model/entry';
import type { StorageTransaction } from '../ports/storage';
import type { ConflictResolver } from '../ports/conflict-resolver';

/** Exponential backoff with full jitter: wait = random(0, min(cap, base * factor^(attempt-1))). */
export interface BackoffOptions {
  /** First retry's upper bound in ms. Default 1,000. */
  readonly baseMs: number;
  /** Growth per attempt. Default 2. */
  readonly factor: number;
  /** Upper bound of any wait, including a server's Retry-After. Default 300,000 (5 minutes). */
  readonly capMs: number;
  /** Attempts before an entry is held as failed. Default 10. */
  readonly maxAttempts: number;
}

/** Size caps; over them `enqueue` throws and writes nothing. */
export interface LimitOptions {
  /** Most active entries. Default 100,000. */
  readonly maxEntries: number;
  /** Most bytes over active entries. Default 50 MiB. */
  readonly maxBytes: number;
  /** Most bytes for one entry (payload plus rollback data). Default 256 KiB. */
  readonly maxEntryBytes: number;
}

/**
 * How successes are recorded while the server keeps accepting quickly. The engine sends the next
 * entry as soon as the server accepted the previous one, and records the accepted entries (id
 * mapping, success handlers, removal) together in ONE transaction, at the first answer after
 * which `maxEntries` are waiting, or the first of them was accepted `maxDelayMs` ago, or that
 * answer itself took `maxDelayMs` or more (so on a slow network every success is recorded as soon
 * as it arrives); and always before any other outcome is recorded, before an entry that needs
 * their answer (a temporary id they map, a version they produce) is sent, and when the flush run
 * ends. Until then they show as in flight and `entry:succeeded` is not emitted.
 * A crash before that transaction commits sends them again with their idempotency keys, so the
 * server answers them from its record. A success handler that fails holds its entry as failed, as
 * always; entries sent after it meanwhile (the server had applied it already) are recorded as
 * usual. `maxEntries: 1` records every success before the next send.
 */
export interface SuccessCommitOptions {
  /** Most accepted entries recorded in one transaction. Default 64. */
  readonly maxEntries: number;
  /** Holding goes on only while answers take less than this (ms, by the outbox's clock) and the first held one is younger. Default 50. */
  readonly maxDelayMs: number;
}

/** Called inside the transaction that records a server id for a temporary id. */
export type IdMappedHook = (context: { tempId: string; serverId: string; entry: OutboxEntry; tx: StorageTransaction }) => void | Promise<void>;

/** Everything configurable about a `MutationOutbox`. Only `mutations` is required. */
export interface OutboxOptions {
  /** The mutation types the app may enqueue. */
  readonly mutations: readonly MutationDefinition[];
  /** `global` (default): strict enqueue order. `partition`: order kept per partition key. */
  readonly ordering?: 'global' | 'partition';
  readonly backoff?: Partial<BackoffOptions>;
  readonly limits?: Partial<LimitOptions>;
  /** Default resolver for conflicts (default: server wins). */
  readonly conflictResolver?: ConflictResolver;
  /** Resolver answers of `retry` allowed per entry before the conflict is held as failed. Default 3. */
  readonly maxConflictRetries?: number;
  /** Entries per `sendBatch` call when the transport supports it; 1 disables batching. Default 1. */
  readonly batchSize?: number;
  /** How accepted entries are recorded in groups (see `SuccessCommitOptions`). */
  readonly successCommit?: Partial<SuccessCommitOptions>;
  /** Prefix that marks ids from `tempId()`. Default `tmp_`. */
  readonly tempIdPrefix?: string;
  /** Lets the app rewrite its own rows when a temporary id gets its server id. */
  readonly onIdMapped?: IdMappedHook;
  /**
   * This instance's name in the flush lease (only the lease holder delivers, retries or discards).
   * Default: a random id per `MutationOutbox`. Two instances that may run at the same time on one
   * database must have different ids (with the same id both may deliver at once); a stable id is
   * safe only when at most one instance with it runs at a time, e.g. one app process per install.
   */
  readonly ownerId?: string;
  /**
   * How long the flush lease lasts unless renewed, in ms (at least 30). The holder renews it every
   * third of that while it delivers, however long a request takes, so this is how long a dead
   * instance (killed, crashed) keeps the others from delivering. Default 1,500 ms.
   */
  readonly leaseTtlMs?: number;
}
