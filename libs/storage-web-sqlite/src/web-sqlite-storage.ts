import { StorageLockedError } from '@mutation-outbox/core';
import { mapSqlError, SqlOutboxStorage } from '@mutation-outbox/storage-sql';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { WebSqliteConnector } from './web-sqlite-connector';
import { validateWebSqliteOptions } from './web-sqlite-storage-options';
import type { WebSqliteStorageOptions } from './web-sqlite-storage-options';
import { WorkerSqlError } from './worker-sql-driver';
import type { WebSqliteVfs } from './worker/worker-protocol';

/** What `WebSqliteStorage.diagnostics` reports once open. */
export interface WebSqliteDiagnostics {
  /** The VFS holding the database: `opfs` (OPFSCoopSyncVFS) or `idb` (IDBBatchAtomicVFS); null until open. */
  readonly vfs: WebSqliteVfs | null;
  /** The browser's answer to `navigator.storage.persist()`; null when not asked (or not answered yet). */
  readonly persisted: boolean | null;
}

/**
 * The outbox storage for the web/PWA: the shared SQL outbox (same schema and migrations as every
 * SQL adapter) on wa-sqlite's SQLite3MultipleCiphers build, in a dedicated Worker.
 * - Encrypted with SQLCipher 4 settings (`cipher = 'sqlcipher'`, `legacy = 4`, random salt per
 *   database): the file opens with SQLCipher / better-sqlite3-multiple-ciphers and the same key.
 *   A wrong key throws `EncryptionKeyError`; the key is passed to the worker and never stored.
 * - Durable: a commit (and so `enqueue`) resolves only once the VFS flushed it (OPFS access handle
 *   `flush()`, or an IndexedDB transaction that completed), with `synchronous = FULL`.
 * - One holder: the worker holds the database's Web Lock while open; another tab's `open()` waits
 *   for it (up to `lockTimeoutMs`, then `StorageLockedError`) and gets it when the holder closes.
 * - No silent reset: once a database was opened in this origin, finding it missing throws
 *   `StorageMissingError` instead of starting empty (unless `onMissingDatabase: 'start-empty'`).
 * Constructing it validates the options (`ConfigurationError`); nothing is opened until `open()`.
 */
export class WebSqliteStorage extends SqlOutboxStorage {
  private persisted: boolean | null = null;
  private readonly connector: WebSqliteConnector;
  private readonly askPersistence: boolean;

  constructor(options: WebSqliteStorageOptions) {
    validateWebSqliteOptions(options);
    const connector = new WebSqliteConnector(options);
    super({
      connect: () => connector.connect(),
      capabilities: { persistent: true, encrypted: true },
      mapError: (error, context) =>
        error instanceof WorkerSqlError && error.kind === 'locked'
          ? new StorageLockedError(`${error.message}: close the other tab, or wait`, { cause: error })
          : mapSqlError(error, context, { encrypted: true }),
    });
    this.connector = connector;
    this.askPersistence = options.requestPersistence !== false;
  }

  /** Which VFS is active and whether the browser granted persistent storage. */
  get diagnostics(): WebSqliteDiagnostics {
    return { vfs: this.connector.vfs, persisted: this.persisted };
  }

  /**
   * Opens the database (see the class comment); also asks for persistent storage once
   * (`requestPersistence`) and records, outside the database, that it exists.
   */
  override async open(): Promise<void> {
    if (this.isOpen) return;
    const asked = this.requestPersistence();
    await super.open();
    this.connector.marker.set();
    await asked;
  }

  /**
   * Runs `work` in one transaction, typing the handle as the `SqlTransaction` it is: the app's own
   * statements go through `tx.run` / `tx.all` and commit or roll back with the outbox writes.
   */
  override transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => work(tx as SqlTransaction));
  }

  /**
   * Stops the database worker at once, committing and closing nothing (what a crashed tab does);
   * its Web Lock is released and the storage is unusable afterwards (`StorageClosedError`).
   */
  terminate(): void {
    this.connector.current?.terminate();
  }

  private async requestPersistence(): Promise<void> {
    if (!this.askPersistence || typeof navigator === 'undefined' || !navigator.storage?.persist) return;
    try {
      this.persisted = await navigator.storage.persist();
    } catch {
      this.persisted = false;
    }
  }
}
