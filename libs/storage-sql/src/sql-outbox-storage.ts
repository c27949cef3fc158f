import { ConfigurationError, StorageClosedError, StorageError } from '@mutation-outbox/core';
import type {
  EntryPage,
  EntryPatch,
  EntryQuery,
  NewOutboxEntry,
  OutboxCounts,
  OutboxEntry,
  OutboxLimits,
  OutboxStorage,
  StorageCapabilities,
  StorageTransaction,
  WriteOptions,
} from '@mutation-outbox/core';
import { AppendGroup } from './append-group';
import type { PendingAppend } from './append-group';
import { AsyncMutex } from '@mutation-outbox/core';
import { appendInSavepoint, commitAppendGroup } from './group-append';
import { mapSqlError } from './map-sql-error';
import type { SqlErrorContext } from './map-sql-error';
import { migrateSchema } from './migrate-schema';
import { OutboxQueries } from './outbox-queries';
import { tallyOf } from './outbox-tally';
import { TalliedQueries } from './tallied-queries';
import type { SqlDriver } from './sql-driver';
import { SqlTransaction } from './sql-transaction';
import type { SqlErrorMapper, SqlExecutor } from './sql-transaction';

/** How `SqlOutboxStorage` reaches its database. Give exactly one of `connect` and `driver`. */
export interface SqlOutboxStorageOptions {
  /** Opens a connection on `open()`; the storage owns it and closes it on `close()`. */
  readonly connect?: () => Promise<SqlDriver>;
  /** An open connection the app owns (e.g. its own database); `close()` leaves it open. */
  readonly driver?: SqlDriver;
  /** What the adapter offers (persistent, encrypted). */
  readonly capabilities: StorageCapabilities;
  /** Driver error → typed error. Default: `mapSqlError` (NOTADB means a wrong key when `encrypted`). */
  readonly mapError?: SqlErrorMapper;
}

/**
 * The outbox storage over any SQLite connection (`SqlDriver`), on the one shared schema.
 * Promises, beyond the `OutboxStorage` contract:
 * - one writer at a time per instance: transactions, writes and reads without a handle are
 *   serialized in call order; calls given a `tx` run inside that transaction at once;
 * - group commit: `append` calls without a `tx` that arrive while the previous work is still
 *   queued or running (e.g. in the same tick) commit in ONE transaction; each promise resolves
 *   only after that commit; a call failing its limit check (or any other error) is rejected alone
 *   and the others still commit; a failed commit rejects every call of the group;
 * - `durable: false` asks the driver to skip the fsync for that commit (`setDurable(false)`);
 * - counts are kept in memory (per connection), so neither `counts()` nor the limit check of an
 *   `append` reads the entries; they are read from the database again on `open()` and whenever
 *   another connection committed (`PRAGMA data_version`), so several instances on one file stay
 *   consistent; a transaction that rolls back restores them;
 * - nothing else read from the database is cached.
 * Write the `outbox_*` tables only through this class (never with your own SQL): the kept counts
 * would not see such writes. Do not call `transaction()` from inside `work`: pass the `tx` handle
 * instead (it would wait for itself).
 */
export class SqlOutboxStorage implements OutboxStorage {
  readonly capabilities: StorageCapabilities;
  private readonly queries = new OutboxQueries();
  private readonly mutex = new AsyncMutex();
  private readonly group = new AppendGroup();
  private readonly mapError: SqlErrorMapper;
  private driver: SqlDriver | null = null;
  private counted: TalliedQueries | null = null;
  private commits = 0;

  constructor(private readonly options: SqlOutboxStorageOptions) {
    if (!options.connect === !options.driver) throw new ConfigurationError('SqlOutboxStorage needs exactly one of `connect` and `driver`');
    this.capabilities = options.capabilities;
    this.mapError = options.mapError ?? ((error, context) => mapSqlError(error, context, { encrypted: options.capabilities.encrypted }));
  }

  /** Transactions this instance committed so far (a group commit counts once). */
  get commitCount(): number {
    return this.commits;
  }

  /** Whether the storage is open. */
  get isOpen(): boolean {
    return this.driver !== null;
  }

  async open(): Promise<void> {
    if (this.driver) return;
    await this.mutex.run(() => this.connectLocked());
  }

  /**
   * For adapters: closes the connection the storage owns, awaits `between` (e.g. a key change on
   * the closed file) and connects again, all under the storage's lock, so calls made meanwhile
   * wait and then run on the new connection. On a closed storage it only runs `between`. When
   * `between` throws, the storage connects again as before and rethrows that error.
   */
  protected async withConnectionClosed(between: () => Promise<void>): Promise<void> {
    if (!this.options.connect) throw new ConfigurationError('The app owns this connection: close and reopen it yourself');
    await this.mutex.run(async () => {
      const driver = this.driver;
      if (!driver) return between();
      this.driver = null;
      this.counted = null;
      await driver.close().catch((error: unknown) => {
        throw this.mapError(error, 'write');
      });
      try {
        await between();
      } finally {
        await this.connectLocked();
      }
    });
  }

  /** Connects (or takes the app's driver) and migrates; the caller holds the mutex. */
  private async connectLocked(): Promise<void> {
    if (this.driver) return;
    const owned = this.options.connect;
    let driver: SqlDriver;
    try {
      driver = owned ? await owned() : (this.options.driver as SqlDriver);
    } catch (error) {
      throw this.mapError(error, 'open');
    }
    try {
      await migrateSchema(driver);
    } catch (error) {
      if (owned) await driver.close().catch(() => undefined);
      throw this.mapError(error, 'open');
    }
    const tally = tallyOf(driver);
    tally.forget();
    this.counted = new TalliedQueries(this.queries, tally);
    this.driver = driver;
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      const driver = this.driver;
      this.driver = null;
      this.counted = null;
      if (driver && this.options.connect) {
        try {
          await driver.close();
        } catch (error) {
          throw this.mapError(error, 'write');
        }
      }
    });
  }

  transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    return this.mutex.run(() => this.runTransaction(true, work));
  }

  async append(entries: readonly NewOutboxEntry[], limits: OutboxLimits, options: WriteOptions = {}): Promise<OutboxEntry[]> {
    if (options.tx) return this.appendWithin(this.own(options.tx), entries, limits);
    // Joins the open group synchronously, so every call of this tick lands in one commit.
    return new Promise<OutboxEntry[]>((resolve, reject) => {
      const group = this.group.add({ entries, limits, durable: options.durable !== false, resolve, reject });
      if (group) void this.mutex.run(() => this.commitGroup(group));
    });
  }

  get(id: string, tx?: StorageTransaction): Promise<OutboxEntry | null> {
    return this.read(tx, (x) => this.queries.get(x, id));
  }

  latestActiveForEntity(entityId: string, tx?: StorageTransaction): Promise<OutboxEntry | null> {
    return this.read(tx, (x) => this.queries.latestActiveForEntity(x, entityId));
  }

  listActiveForEntity(entityId: string, afterSeq: number, tx?: StorageTransaction): Promise<OutboxEntry[]> {
    return this.read(tx, (x) => this.queries.listActiveForEntity(x, entityId, afterSeq));
  }

  list(query: EntryQuery, tx?: StorageTransaction): Promise<EntryPage> {
    return this.read(tx, (x) => this.queries.list(x, query));
  }

  update(id: string, patch: EntryPatch, options: WriteOptions = {}): Promise<void> {
    return this.write(options, (x) => this.requireCounted().update(x, id, patch));
  }

  remove(id: string, options: WriteOptions = {}): Promise<void> {
    return this.write(options, (x) => this.requireCounted().remove(x, id));
  }

  counts(tx?: StorageTransaction): Promise<OutboxCounts> {
    return this.read(tx, (x) => this.requireCounted().counts(x));
  }

  recoverInFlight(now: number): Promise<number> {
    return this.write({}, (x) => this.requireCounted().recoverInFlight(x, now));
  }

  getServerId(tempId: string, tx?: StorageTransaction): Promise<string | null> {
    return this.read(tx, (x) => this.queries.getServerId(x, tempId));
  }

  putServerId(tempId: string, serverId: string, options: WriteOptions = {}): Promise<void> {
    return this.write(options, (x) => this.queries.putServerId(x, tempId, serverId));
  }

  // Lease writes skip the fsync: after a power loss no process holds anything anyway.
  acquireLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.write({ durable: false }, (x) => this.queries.acquireLease(x, owner, now, ttlMs));
  }

  renewLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.write({ durable: false }, (x) => this.queries.renewLease(x, owner, now, ttlMs));
  }

  releaseLease(owner: string): Promise<void> {
    return this.write({ durable: false }, (x) => this.queries.releaseLease(x, owner));
  }

  schemaVersion(): Promise<number> {
    return this.read(undefined, (x) => this.queries.schemaVersion(x));
  }

  /** Commits a group of appends (see `commitAppendGroup`); the caller holds the mutex. */
  private async commitGroup(group: PendingAppend[]): Promise<void> {
    this.group.seal(group);
    const durable = group.some((request) => request.durable);
    const counted = this.counted;
    if (!counted) {
      const closed = new StorageClosedError();
      for (const request of group) request.reject(closed);
      return;
    }
    await commitAppendGroup(group, counted, (work) => this.runTransaction(durable, work));
  }

  /**
   * An append inside the caller's transaction, all-or-nothing even if the caller catches its
   * error and commits: several entries go through a savepoint (one INSERT is atomic by itself).
   */
  private async appendWithin(tx: SqlTransaction, entries: readonly NewOutboxEntry[], limits: OutboxLimits): Promise<OutboxEntry[]> {
    const counted = this.requireCounted();
    if (entries.length <= 1) return counted.append(tx, entries, limits);
    const outcome = await appendInSavepoint(tx, entries, limits, counted);
    if ('ok' in outcome) return outcome.ok;
    throw outcome.error;
  }

  /** Runs `work` in a transaction of its own; the caller holds the mutex. */
  private async runTransaction<T>(durable: boolean, work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const driver = this.requireOpen();
    const counted = this.requireCounted();
    const saved = counted.saveTally();
    if (!durable) await this.call('write', () => driver.setDurable?.(false));
    try {
      await this.call('write', () => driver.begin());
      const tx = new SqlTransaction(this, driver, this.mapError);
      try {
        const result = await work(tx);
        tx.end();
        await this.call('commit', () => driver.commit());
        this.commits++;
        return result;
      } catch (error) {
        tx.end();
        await driver.rollback().catch(() => undefined);
        counted.restoreTally(saved);
        throw error;
      }
    } finally {
      if (!durable) await driver.setDurable?.(true).catch(() => undefined);
    }
  }

  private async write<T>(options: WriteOptions, work: (x: SqlExecutor) => Promise<T>): Promise<T> {
    if (options.tx) return work(this.own(options.tx));
    return this.mutex.run(() => this.runTransaction(options.durable !== false, work));
  }

  /** Reads inside `tx`, or once every earlier call finished (never another's uncommitted writes). */
  private async read<T>(tx: StorageTransaction | undefined, work: (x: SqlExecutor) => Promise<T>): Promise<T> {
    if (tx) return work(this.own(tx));
    return this.mutex.run(async () => {
      const driver = this.requireOpen();
      return work({
        run: (sql, params) => this.call('write', () => driver.run(sql, params)),
        all: (sql, params) => this.call('read', () => driver.all(sql, params)),
      });
    });
  }

  private own(tx: StorageTransaction): SqlTransaction {
    if (!(tx instanceof SqlTransaction) || tx.storage !== this) throw new StorageError('The transaction handle belongs to another storage');
    this.requireOpen();
    tx.assertActive();
    return tx;
  }

  private requireOpen(): SqlDriver {
    if (!this.driver) throw new StorageClosedError();
    return this.driver;
  }

  private requireCounted(): TalliedQueries {
    if (!this.counted) throw new StorageClosedError();
    return this.counted;
  }

  private async call<T>(context: SqlErrorContext, fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.mapError(error, context);
    }
  }
}
