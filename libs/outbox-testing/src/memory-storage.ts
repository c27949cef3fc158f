import { EntryNotFoundError, OutboxFullError, StorageClosedError, StorageError } from '@mutation-outbox/core';
import type {
  EntryPage,
  EntryPatch,
  EntryQuery,
  EntryStatus,
  NewOutboxEntry,
  OutboxCounts,
  OutboxEntry,
  OutboxLimits,
  OutboxStorage,
  StorageCapabilities,
  StorageTransaction,
  WriteOptions,
} from '@mutation-outbox/core';
import { MemoryDatabase } from './memory-database';
import type { StoredEntry } from './memory-database';

/** The schema version an in-memory database is migrated to. */
export const MEMORY_SCHEMA_VERSION = 1;

const STATUSES: ReadonlySet<string> = new Set<EntryStatus>(['pending', 'in_flight', 'succeeded', 'failed', 'rolled_back']);
const ACTIVE: ReadonlySet<string> = new Set<EntryStatus>(['pending', 'in_flight', 'failed']);

/**
 * A transaction of `MemoryStorage`. `appData` is the app's own key/value data: writes to it commit
 * or roll back together with the outbox writes made with this handle. Usable only until the
 * transaction ends.
 */
export class MemoryTransaction implements StorageTransaction {
  private active = true;

  constructor(
    readonly storage: MemoryStorage,
    private readonly database: MemoryDatabase,
  ) {}

  /** The app's key/value data, inside this transaction. */
  get appData(): Map<string, string> {
    this.assertActive();
    return this.database.appData;
  }

  /** Whether the transaction is still open. */
  get isActive(): boolean {
    return this.active;
  }

  /** Ends the handle's life. @internal */
  finish(): void {
    this.active = false;
  }

  /** Throws `StorageError` when the transaction already ended. @internal */
  assertActive(): void {
    if (!this.active) throw new StorageError('This transaction has already committed or rolled back');
  }
}

/**
 * An `OutboxStorage` held in memory, for fast tests. It passes the same contract suite as the
 * SQLite adapters; `capabilities.persistent` is false, but several instances sharing one
 * `MemoryDatabase` see each other's committed writes (a "reopen" within one process). Writes are
 * serialized across those instances, and a failed transaction leaves no trace.
 */
export class MemoryStorage implements OutboxStorage {
  readonly capabilities: StorageCapabilities = { persistent: false, encrypted: false };
  private opened = false;

  /** @param database the shared state; pass the same one to a later instance to "reopen". */
  constructor(readonly database: MemoryDatabase = new MemoryDatabase()) {}

  /** Shortcut for `database.failNextCommit(error)`: the next commit fails and rolls back. */
  failNextCommit(error?: Error): void {
    this.database.failNextCommit(error);
  }

  async open(): Promise<void> {
    if (this.opened) return;
    await this.database.exclusive(async () => {
      if (this.database.version >= MEMORY_SCHEMA_VERSION) return;
      this.database.begin();
      this.database.setVersion(MEMORY_SCHEMA_VERSION);
      this.database.commit();
      this.database.migrationRuns++;
    });
    this.opened = true;
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    // Let transactions already queued finish first, as a clean close does.
    await this.database.exclusive(async () => {
      this.opened = false;
    });
  }

  transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    return this.write(undefined, work);
  }

  append(entries: readonly NewOutboxEntry[], limits: OutboxLimits, options?: WriteOptions): Promise<OutboxEntry[]> {
    return this.write(options?.tx, async () => {
      const db = this.database;
      const ids = new Set<string>();
      let addedActive = 0;
      let addedBytes = 0;
      for (const entry of entries) {
        if (!STATUSES.has(entry.status)) throw new StorageError(`Invalid entry status "${String(entry.status)}"`);
        if (ids.has(entry.id) || db.seqById.has(entry.id)) throw new StorageError(`An outbox entry with id "${entry.id}" already exists`);
        ids.add(entry.id);
        if (ACTIVE.has(entry.status)) {
          addedActive++;
          addedBytes += entry.sizeBytes;
        }
      }
      const active = db.counts.pending + db.counts.inFlight + db.counts.failed;
      if (addedActive > 0 && active + addedActive > limits.maxEntries) throw new OutboxFullError('entries', active, limits.maxEntries);
      if (addedActive > 0 && db.counts.activeBytes + addedBytes > limits.maxBytes) {
        throw new OutboxFullError('bytes', db.counts.activeBytes, limits.maxBytes);
      }
      return entries.map((entry) => {
        const stored = toStored({ ...entry, seq: ++db.lastSeq });
        db.putEntry(stored);
        return fromStored(stored);
      });
    });
  }

  get(id: string, tx?: StorageTransaction): Promise<OutboxEntry | null> {
    return this.read(tx, () => {
      const stored = this.find(id);
      return stored ? fromStored(stored) : null;
    });
  }

  latestActiveForEntity(entityId: string, tx?: StorageTransaction): Promise<OutboxEntry | null> {
    return this.read(tx, () => {
      const db = this.database;
      for (let i = db.seqs.length - 1; i >= 0; i--) {
        const entry = db.entries.get(db.seqs[i] as number);
        if (entry && entry.entityId === entityId && ACTIVE.has(entry.status)) return fromStored(entry);
      }
      return null;
    });
  }

  listActiveForEntity(entityId: string, afterSeq: number, tx?: StorageTransaction): Promise<OutboxEntry[]> {
    return this.read(tx, () => {
      const db = this.database;
      const found: OutboxEntry[] = [];
      for (let i = firstIndexAfter(db.seqs, afterSeq); i < db.seqs.length; i++) {
        const entry = db.entries.get(db.seqs[i] as number);
        if (entry && entry.entityId === entityId && ACTIVE.has(entry.status)) found.push(fromStored(entry));
      }
      return found;
    });
  }

  list(query: EntryQuery, tx?: StorageTransaction): Promise<EntryPage> {
    return this.read(tx, () => {
      if (!Number.isInteger(query.limit) || query.limit < 1) throw new StorageError(`Invalid query: limit must be an integer of at least 1, got ${query.limit}`);
      const statuses = query.statuses ? new Set<string>(query.statuses) : null;
      const db = this.database;
      const entries: OutboxEntry[] = [];
      let hasMore = false;
      for (let i = firstIndexAfter(db.seqs, query.afterSeq ?? 0); i < db.seqs.length; i++) {
        const entry = db.entries.get(db.seqs[i] as number);
        if (!entry || (statuses && !statuses.has(entry.status))) continue;
        if (entries.length === query.limit) {
          hasMore = true;
          break;
        }
        entries.push(fromStored(entry));
      }
      const last = entries[entries.length - 1];
      return { entries, nextAfterSeq: hasMore && last ? last.seq : null };
    });
  }

  update(id: string, patch: EntryPatch, options?: WriteOptions): Promise<void> {
    return this.write(options?.tx, async () => {
      const stored = this.find(id);
      if (!stored) throw new EntryNotFoundError(id);
      if (patch.status !== undefined && !STATUSES.has(patch.status)) throw new StorageError(`Invalid entry status "${String(patch.status)}"`);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      this.database.putEntry(toStored({ ...fromStored(stored), ...defined, id: stored.id, seq: stored.seq }));
    });
  }

  remove(id: string, options?: WriteOptions): Promise<void> {
    return this.write(options?.tx, async () => {
      const entry = this.find(id);
      if (entry) this.database.deleteEntry(entry);
    });
  }

  counts(tx?: StorageTransaction): Promise<OutboxCounts> {
    return this.read(tx, () => ({ ...this.database.counts }));
  }

  recoverInFlight(now: number): Promise<number> {
    return this.write(undefined, async () => {
      const stuck = [...this.database.entries.values()].filter((entry) => entry.status === 'in_flight');
      for (const stored of stuck) this.database.putEntry(toStored({ ...fromStored(stored), status: 'pending', nextAttemptAt: null, updatedAt: now }));
      return stuck.length;
    });
  }

  getServerId(tempId: string, tx?: StorageTransaction): Promise<string | null> {
    return this.read(tx, () => this.database.idMap.get(tempId) ?? null);
  }

  putServerId(tempId: string, serverId: string, options?: WriteOptions): Promise<void> {
    return this.write(options?.tx, async () => this.database.putServerId(tempId, serverId));
  }

  acquireLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.write(undefined, async () => {
      const lease = this.database.lease;
      // A lease expiring further ahead than its holder's ttl was set before the wall clock moved back: free.
      if (lease && lease.owner !== owner && lease.expiresAt > now && lease.expiresAt <= now + lease.ttlMs) return false;
      this.database.lease = { owner, expiresAt: now + ttlMs, ttlMs };
      return true;
    });
  }

  renewLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.write(undefined, async () => {
      if (this.database.lease?.owner !== owner) return false;
      this.database.lease = { owner, expiresAt: now + ttlMs, ttlMs };
      return true;
    });
  }

  releaseLease(owner: string): Promise<void> {
    return this.write(undefined, async () => {
      if (this.database.lease?.owner === owner) this.database.lease = null;
    });
  }

  schemaVersion(): Promise<number> {
    return this.read(undefined, () => this.database.version);
  }

  private find(id: string): StoredEntry | undefined {
    const seq = this.database.seqById.get(id);
    return seq === undefined ? undefined : this.database.entries.get(seq);
  }

  /** Runs `work` in the caller's transaction, or in a new serialized one. */
  private async write<T>(tx: StorageTransaction | undefined, work: (tx: MemoryTransaction) => Promise<T>): Promise<T> {
    if (tx) return work(this.own(tx));
    return this.database.exclusive(async () => {
      this.assertOpen();
      const own = new MemoryTransaction(this, this.database);
      this.database.begin();
      try {
        const result = await work(own);
        this.database.commit();
        return result;
      } catch (error) {
        this.database.rollback();
        throw error;
      } finally {
        own.finish();
      }
    });
  }

  /** Reads inside the caller's transaction, or after every queued transaction (committed state). */
  private async read<T>(tx: StorageTransaction | undefined, work: () => T): Promise<T> {
    if (tx) {
      this.own(tx);
      return work();
    }
    return this.database.exclusive(async () => {
      this.assertOpen();
      return work();
    });
  }

  private own(tx: StorageTransaction): MemoryTransaction {
    if (!(tx instanceof MemoryTransaction) || tx.storage !== this) {
      throw new StorageError('The transaction handle belongs to another storage');
    }
    this.assertOpen();
    tx.assertActive();
    return tx;
  }

  private assertOpen(): void {
    if (!this.opened) throw new StorageClosedError();
  }
}

/** Serializes an entry, as a SQL adapter's JSON columns would. */
function toStored(entry: OutboxEntry): StoredEntry {
  return { seq: entry.seq, id: entry.id, entityId: entry.entityId, status: entry.status, sizeBytes: entry.sizeBytes, json: JSON.stringify(entry) };
}

/** A fresh copy of a stored entry: callers never share objects with the database. */
function fromStored(stored: StoredEntry): OutboxEntry {
  return JSON.parse(stored.json) as OutboxEntry;
}

/** Index of the first element of the ascending `seqs` greater than `afterSeq`. */
function firstIndexAfter(seqs: readonly number[], afterSeq: number): number {
  let low = 0;
  let high = seqs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((seqs[mid] as number) <= afterSeq) low = mid + 1;
    else high = mid;
  }
  return low;
}
