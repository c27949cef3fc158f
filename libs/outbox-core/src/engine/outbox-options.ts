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
  /** Prefix that marks ids from `tempId()`. Default `tmp_`. */
  readonly tempIdPrefix?: string;
  /** Lets the app rewrite its own rows when a temporary id gets its server id. */
  readonly onIdMapped?: IdMappedHook;
  /** Identifies this instance in the flush lease. Default: a random id. */
  readonly ownerId?: string;
  /** How long a flush lease lasts before another instance may take over. Default 30,000 ms. */
  readonly leaseTtlMs?: number;
}
