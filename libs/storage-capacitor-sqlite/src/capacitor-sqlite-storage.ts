import { SqlOutboxStorage } from '@mutation-outbox/storage-sql';
import type { SqlOutboxStorageOptions, SqlTransaction } from '@mutation-outbox/storage-sql';
import type { CapacitorSqliteStorageOptions } from './capacitor-sqlite-storage-options';
import { planCapacitorSqlite } from './connect-capacitor-sqlite';

/**
 * The outbox storage on `@capacitor-community/sqlite`: the shared SQL outbox (same schema and
 * migrations as every SQL adapter) over a `SQLiteDBConnection`.
 *
 * - Own connection (`{ sqlite, database, passphrase }`): `open()` creates and opens it, `close()`
 *   closes it. On iOS/Android/Electron it is a SQLCipher-encrypted database opened in `secret`
 *   mode with the passphrase the plugin keeps in the platform's secure store (set once from
 *   `passphrase()`); a wrong secret throws `EncryptionKeyError`.
 * - Shared connection (`{ connection }`): the app's open connection; the transaction handle
 *   (`SqlTransaction`, with `run`/`all`) lets the app's optimistic writes commit or roll back
 *   together with `enqueue`. `close()` leaves the connection open.
 * - Web (jeep-sqlite): NOT encrypted (`capabilities.encrypted` is false); with
 *   `persist: 'after-commit'` (the default) each durable commit is saved to IndexedDB before it
 *   resolves.
 *
 * Constructing it validates the options (`ConfigurationError`); nothing is opened until `open()`.
 */
export class CapacitorSqliteStorage extends SqlOutboxStorage {
  constructor(options: CapacitorSqliteStorageOptions) {
    super(toSqlOutboxStorageOptions(options));
  }

  /**
   * Runs `work` in one transaction, as `OutboxStorage.transaction` promises, typing the handle as
   * the `SqlTransaction` it is: the app's own statements go through `tx.run` / `tx.all` and commit
   * or roll back together with the outbox writes given `{ tx }`.
   */
  override transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => work(tx as SqlTransaction));
  }
}

function toSqlOutboxStorageOptions(options: CapacitorSqliteStorageOptions): SqlOutboxStorageOptions {
  const plan = planCapacitorSqlite(options);
  const capabilities = { persistent: true, encrypted: plan.encrypted };
  return plan.connect ? { connect: plan.connect, capabilities } : { driver: plan.driver, capabilities };
}
