import type { EntryPatch, EntryStatus, NewOutboxEntry, OutboxEntry } from '../model/entry';

/**
 * A unit of work opened by `OutboxStorage.transaction`. Adapters extend it with a handle for the
 * app's own writes (a SQL executor, a map...), so that an optimistic local write and `enqueue`
 * commit or roll back together.
 */
export interface StorageTransaction {
  /** The storage that opened this transaction. */
  readonly storage: OutboxStorage;
}

/** Write options shared by every mutating storage method. */
export interface WriteOptions {
  /** Run inside this transaction instead of a transaction of its own. */
  readonly tx?: StorageTransaction;
  /**
   * `false` allows the adapter to skip the fsync for this write (the write is still atomic and
   * ordered before every later write). The engine passes `false` only where a lost write is
   * recovered anyway, e.g. marking an entry in flight. Default `true`.
   */
  readonly durable?: boolean;
}

/** Caps enforced by `append`, inside the same transaction as the insert. */
export interface OutboxLimits {
  /** Most active (pending, in flight, failed) entries. */
  readonly maxEntries: number;
  /** Most bytes (sum of `sizeBytes`) over active entries. */
  readonly maxBytes: number;
}

/** Entry counts by status; maintained so that reading them does not depend on queue depth. */
export interface OutboxCounts {
  readonly pending: number;
  readonly inFlight: number;
  readonly failed: number;
  readonly rolledBack: number;
  /** Sum of `sizeBytes` over pending, in-flight and failed entries. */
  readonly activeBytes: number;
}

/** A page query over entries in `seq` order. */
export interface EntryQuery {
  /** Only entries in these statuses (default: all stored entries). */
  readonly statuses?: readonly EntryStatus[];
  /** Only entries with `seq` greater than this (keyset paging). */
  readonly afterSeq?: number;
  /** Page size, at least 1. */
  readonly limit: number;
}

/** One page of entries; `nextAfterSeq` is null on the last page. */
export interface EntryPage {
  readonly entries: OutboxEntry[];
  readonly nextAfterSeq: number | null;
}

/** What an adapter can do; contract tests skip what an adapter declares it lacks. */
export interface StorageCapabilities {
  /** Entries survive closing and reopening (false for a purely in-memory store). */
  readonly persistent: boolean;
  /** Data is encrypted at rest. */
  readonly encrypted: boolean;
}

/**
 * The outbox's durable state: entries, the temporary-id map, metadata and the flush lease.
 *
 * MUST rules (each one is a named test in `describeStorageContract`):
 * - `append` assigns strictly increasing `seq` values in call order and resolves only after the
 *   entries are committed (durably, unless inside a caller's transaction, which commits them).
 * - `append` is all-or-nothing and enforces `OutboxLimits` inside its own transaction: over a limit
 *   it throws `OutboxFullError` and writes nothing.
 * - `transaction(work)` commits every write made through its handle (the app's and the outbox's)
 *   together, or none of them if `work` throws; the error is rethrown unchanged.
 * - Status, attempts, next attempt time, last error and the id map survive close and reopen; an
 *   entry left in flight by a crash is still stored as in flight until `recoverInFlight`.
 * - `counts()`, reading the first due entries and `latestActiveForEntity` do not get slower as the
 *   queue grows.
 * - Migrations run once on `open()`; the schema version is recorded.
 * - Only one owner holds the flush lease at a time, until it releases it or the lease expires; a
 *   lease expiring further ahead than its holder's `ttlMs` counts as expired (clock moved back);
 *   `renewLease` succeeds only while the stored lease is still the caller's.
 * Failures are thrown as `OutboxError` subclasses (`StorageError`, `EncryptionKeyError`, ...).
 */
export interface OutboxStorage {
  readonly capabilities: StorageCapabilities;
  /** Opens the database and runs pending migrations. Idempotent. */
  open(): Promise<void>;
  /** Closes the database; later calls throw `StorageClosedError` until `open()`. */
  close(): Promise<void>;
  /** Runs `work` in one atomic transaction; rethrows its error after rolling back. */
  transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /** Appends entries in order, assigning `seq`; throws `OutboxFullError` over `limits`. */
  append(entries: readonly NewOutboxEntry[], limits: OutboxLimits, options?: WriteOptions): Promise<OutboxEntry[]>;
  /** The entry with this id, or null. */
  get(id: string, tx?: StorageTransaction): Promise<OutboxEntry | null>;
  /** Entries in `seq` order matching the query. */
  list(query: EntryQuery, tx?: StorageTransaction): Promise<EntryPage>;
  /**
   * The newest active (pending, in flight or failed) entry of `entityId`, or null; independent of
   * queue depth (used to coalesce a new mutation into the entity's last unsent one).
   */
  latestActiveForEntity(entityId: string, tx?: StorageTransaction): Promise<OutboxEntry | null>;
  /** The active entries of `entityId` enqueued after `afterSeq`, in seq order (through an index by entity). */
  listActiveForEntity(entityId: string, afterSeq: number, tx?: StorageTransaction): Promise<OutboxEntry[]>;
  /** Applies the patch; throws `EntryNotFoundError` when the entry does not exist. */
  update(id: string, patch: EntryPatch, options?: WriteOptions): Promise<void>;
  /** Deletes the entry (used once it succeeded); a missing id is not an error. */
  remove(id: string, options?: WriteOptions): Promise<void>;
  /** Current counts by status. */
  counts(tx?: StorageTransaction): Promise<OutboxCounts>;
  /** Moves every in-flight entry back to pending (keeping attempts and key); returns how many. */
  recoverInFlight(now: number): Promise<number>;
  /** The server id recorded for a temporary id, or null. */
  getServerId(tempId: string, tx?: StorageTransaction): Promise<string | null>;
  /** Records the server id of a temporary id (overwrites). */
  putServerId(tempId: string, serverId: string, options?: WriteOptions): Promise<void>;
  /**
   * Takes or renews the flush lease for `owner` until `now + ttlMs` (wall clock). Returns false,
   * changing nothing, while another owner holds an unexpired lease — except one expiring further
   * ahead than its holder's own ttl, which was set before the wall clock moved back and is taken over.
   */
  acquireLease(owner: string, now: number, ttlMs: number): Promise<boolean>;
  /**
   * Extends the lease `owner` holds to `now + ttlMs`. Returns false, changing nothing, unless the
   * stored lease is still `owner`'s (expired or not): once another owner took it, even if that
   * one released it since, the renewal fails, so a stalled holder learns it lost the lease.
   */
  renewLease(owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(owner: string): Promise<void>;
  /** The schema version the database is at. */
  schemaVersion(): Promise<number>;
}
