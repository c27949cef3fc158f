import { SqlOutboxStorage } from '@mutation-outbox/storage-sql';
import { BetterSqliteDriver } from './better-sqlite-driver';
import { changeSqlCipherKey } from './change-sqlcipher-key';
import type { ChangeKeyOptions, KeyChangeOutcome } from './change-sqlcipher-key';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { validateNodeSqliteOptions } from './node-sqlite-storage-options';
import type { NodeSqliteStorageOptions, SqlCipherKey } from './node-sqlite-storage-options';

/**
 * The embedded outbox storage on Node: the shared SQL outbox (`SqlOutboxStorage`: group commit,
 * O(1) counts, indexed due-entry reads) in a SQLCipher-encrypted SQLite file, via
 * better-sqlite3-multiple-ciphers. WAL, `synchronous=FULL` by default, so a resolved enqueue
 * survives power loss; every byte on disk (database and WAL) is encrypted, and temporary files
 * (large sorts) are kept in memory, never on disk in plaintext.
 * Bad options throw `ConfigurationError` at construction; `open()` throws `EncryptionKeyError`
 * for a wrong key, `StorageForeignFileError` for a file that is not a SQLCipher database and
 * `StorageCorruptError` for a damaged one, leaving the file untouched in every case.
 * Transaction handles are `SqlTransaction`s (run the app's own SQL on them).
 */
export class NodeSqliteStorage extends SqlOutboxStorage {
  private current: BetterSqliteDriver | null = null;
  private settings: NodeSqliteStorageOptions;

  constructor(options: NodeSqliteStorageOptions) {
    validateNodeSqliteOptions(options);
    super({
      capabilities: { persistent: true, encrypted: true },
      connect: async () => {
        this.current = new BetterSqliteDriver(openSqlCipherDatabase(this.settings), { synchronous: this.settings.synchronous ?? 'FULL' });
        return this.current;
      },
    });
    this.settings = options;
  }

  /** COMMIT statements run on the current connection (to observe group commit); 0 before open. */
  get driverCommitCount(): number {
    return this.current?.commitCount ?? 0;
  }

  /**
   * Re-encrypts the database from `oldKey` to `newKey` (passphrases or `{ raw }`) atomically and
   * crash-safely (see `changeSqlCipherKey`), and uses `newKey` from then on. On an open storage
   * the connection is closed for the change and opened again with the new key; calls made
   * meanwhile wait for it. Every other connection to the file (other instances, processes) must
   * be closed first, or it throws `StorageLockedError` and nothing changes. After a crash, call it
   * again with the same keys: it resolves `already-changed` when the change had committed.
   */
  async changeKey(oldKey: SqlCipherKey, newKey: SqlCipherKey, options: Pick<ChangeKeyOptions, 'onStep'> = {}): Promise<KeyChangeOutcome> {
    let outcome: KeyChangeOutcome = 'changed';
    await this.withConnectionClosed(async () => {
      const busyTimeoutMs = this.settings.busyTimeoutMs;
      outcome = changeSqlCipherKey(this.settings.path, oldKey, newKey, { ...options, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
      this.settings = { ...this.settings, key: newKey };
    });
    return outcome;
  }
}
