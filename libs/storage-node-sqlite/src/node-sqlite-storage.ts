import { SqlOutboxStorage } from '@mutation-outbox/storage-sql';
import { BetterSqliteDriver } from './better-sqlite-driver';
import { openSqlCipherDatabase } from './open-sqlcipher-database';
import { validateNodeSqliteOptions } from './node-sqlite-storage-options';
import type { NodeSqliteStorageOptions } from './node-sqlite-storage-options';

/**
 * The embedded outbox storage on Node: the shared SQL outbox (`SqlOutboxStorage`: group commit,
 * O(1) counts, indexed due-entry reads) in a SQLCipher-encrypted SQLite file, via
 * better-sqlite3-multiple-ciphers. WAL, `synchronous=FULL` by default, so a resolved enqueue
 * survives power loss; every byte on disk (database and WAL) is encrypted.
 * Bad options throw `ConfigurationError` at construction; `open()` throws `EncryptionKeyError`
 * for a wrong key and `StorageCorruptError` for a file that is not a database, leaving the file
 * untouched in both cases. Transaction handles are `SqlTransaction`s (run the app's own SQL on them).
 */
export class NodeSqliteStorage extends SqlOutboxStorage {
  private current: BetterSqliteDriver | null = null;

  constructor(options: NodeSqliteStorageOptions) {
    validateNodeSqliteOptions(options);
    super({
      capabilities: { persistent: true, encrypted: true },
      connect: async () => {
        this.current = new BetterSqliteDriver(openSqlCipherDatabase(options), { synchronous: options.synchronous ?? 'FULL' });
        return this.current;
      },
    });
  }

  /** COMMIT statements run on the current connection (to observe group commit); 0 before open. */
  get driverCommitCount(): number {
    return this.current?.commitCount ?? 0;
  }
}
