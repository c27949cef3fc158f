import { AsyncMutex, StorageError } from '@mutation-outbox/core';
import type { EntryStatus } from '@mutation-outbox/core';

/** An entry as the memory database holds it: serialized, like a row, plus what counts need. */
export interface StoredEntry {
  readonly seq: number;
  readonly id: string;
  readonly entityId: string;
  readonly status: EntryStatus;
  readonly sizeBytes: number;
  /** `JSON.stringify` of the whole `StoredEntry`. */
  readonly json: string;
}

/** The flush lease as stored: who holds it, until when (epoch ms) and the ttl it was taken with. */
export interface MemoryLease {
  readonly owner: string;
  readonly expiresAt: number;
  readonly ttlMs: number;
}

type Undo = () => void;

/** Mutable counterpart of `OutboxCounts`, maintained on every write. */
interface MutableCounts {
  pending: number;
  inFlight: number;
  failed: number;
  rolledBack: number;
  activeBytes: number;
}

const COUNT_FIELD: Partial<Record<EntryStatus, keyof MutableCounts>> = {
  pending: 'pending',
  in_flight: 'inFlight',
  failed: 'failed',
  rolled_back: 'rolledBack',
};

/**
 * A `Map<string, string>` whose writes are undone when the enclosing memory transaction rolls
 * back. Handed to the app as `MemoryTransaction.appData`.
 */
class JournaledMap extends Map<string, string> {
  journal: ((undo: Undo) => void) | undefined;

  override set(key: string, value: string): this {
    this.remember(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.remember(key);
    return super.delete(key);
  }

  override clear(): void {
    for (const key of [...this.keys()]) this.remember(key);
    super.clear();
  }

  private remember(key: string): void {
    if (!this.journal) return;
    const had = super.has(key);
    const old = super.get(key);
    this.journal(() => (had ? super.set(key, old as string) : super.delete(key)));
  }
}

/**
 * The state behind one or more `MemoryStorage` instances: what a database file is to SQLite.
 * Share one `MemoryDatabase` between successive `MemoryStorage` instances to simulate a reopen or
 * a crash-and-reopen within one process. Writers are serialized across every instance sharing it
 * (like SQLite's write lock); a rolled-back transaction leaves no trace.
 */
export class MemoryDatabase {
  /** Entries by seq, in seq order. @internal */
  readonly entries = new Map<number, StoredEntry>();
  /** seq of each stored entry id. @internal */
  readonly seqById = new Map<string, number>();
  /** Every seq ever appended, ascending; removed ones are skipped when read. @internal */
  seqs: number[] = [];
  /** @internal */
  lastSeq = 0;
  /** @internal */
  readonly idMap = new Map<string, string>();
  /** @internal */
  lease: MemoryLease | null = null;
  /** @internal */
  version = 0;
  /** @internal */
  readonly counts: MutableCounts = { pending: 0, inFlight: 0, failed: 0, rolledBack: 0, activeBytes: 0 };
  /** The app's own key/value data, written through `MemoryTransaction.appData`. */
  readonly appData: Map<string, string> = new JournaledMap();

  /** How many times a migration ran on this database (once per schema version, ever). */
  migrationRuns = 0;
  /** How many transactions committed. */
  commits = 0;

  private undo: Undo[] | null = null;
  private readonly mutex = new AsyncMutex();
  private fault: Error | null = null;

  /**
   * Makes the next commit fail with `error` (default: a `StorageError` as for a full disk): the
   * transaction is rolled back and its caller receives the error. One shot.
   */
  failNextCommit(error: Error = new StorageError('Simulated commit failure: disk full')): void {
    this.fault = error;
  }

  /** Runs `fn` once every earlier `exclusive` call has finished. @internal */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(fn);
  }

  /** Starts recording undo steps. @internal */
  begin(): void {
    this.undo = [];
    const saved = { ...this.counts };
    const savedLastSeq = this.lastSeq;
    const savedSeqLength = this.seqs.length;
    const savedLease = this.lease;
    this.undo.push(() => {
      Object.assign(this.counts, saved);
      this.lastSeq = savedLastSeq;
      this.seqs.length = savedSeqLength;
      this.lease = savedLease;
    });
    (this.appData as JournaledMap).journal = (undo) => this.undo?.push(undo);
  }

  /** Commits, or rolls back and throws the injected fault. @internal */
  commit(): void {
    if (this.fault) {
      const fault = this.fault;
      this.fault = null;
      this.rollback();
      throw fault;
    }
    this.end();
    this.commits++;
    if (this.seqs.length > 1024 && this.seqs.length > 2 * this.entries.size) {
      this.seqs = this.seqs.filter((seq) => this.entries.has(seq));
    }
  }

  /** Undoes every write since `begin`; harmless when nothing is open. @internal */
  rollback(): void {
    const steps = this.undo;
    this.end();
    if (steps) for (let i = steps.length - 1; i >= 0; i--) steps[i]?.();
  }

  /** Stores or replaces an entry and keeps counts right. @internal */
  putEntry(entry: StoredEntry): void {
    const old = this.entries.get(entry.seq);
    if (old) this.count(old, -1);
    this.entries.set(entry.seq, entry);
    this.seqById.set(entry.id, entry.seq);
    if (!old) this.seqs.push(entry.seq);
    this.count(entry, 1);
    this.undo?.push(() => {
      if (old) this.entries.set(old.seq, old);
      else {
        this.entries.delete(entry.seq);
        this.seqById.delete(entry.id);
      }
    });
  }

  /** Deletes an entry and keeps counts right. @internal */
  deleteEntry(entry: StoredEntry): void {
    this.entries.delete(entry.seq);
    this.seqById.delete(entry.id);
    this.count(entry, -1);
    this.undo?.push(() => {
      this.entries.set(entry.seq, entry);
      this.seqById.set(entry.id, entry.seq);
    });
  }

  /** Records a server id for a temporary id. @internal */
  putServerId(tempId: string, serverId: string): void {
    const old = this.idMap.get(tempId);
    this.idMap.set(tempId, serverId);
    this.undo?.push(() => (old === undefined ? this.idMap.delete(tempId) : this.idMap.set(tempId, old)));
  }

  /** Sets the schema version. @internal */
  setVersion(version: number): void {
    const old = this.version;
    this.version = version;
    this.undo?.push(() => (this.version = old));
  }

  private end(): void {
    this.undo = null;
    (this.appData as JournaledMap).journal = undefined;
  }

  private count(entry: StoredEntry, sign: 1 | -1): void {
    const field = COUNT_FIELD[entry.status];
    if (field) this.counts[field] += sign;
    if (field && field !== 'rolledBack') this.counts.activeBytes += sign * entry.sizeBytes;
  }
}
