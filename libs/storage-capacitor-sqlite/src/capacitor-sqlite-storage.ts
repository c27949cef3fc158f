import { ConfigurationError } from '@mutation-outbox/core';
import { SqlOutboxStorage, validatePassphrase } from '@mutation-outbox/storage-sql';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import type { CapacitorSqliteStorageOptions } from './capacitor-sqlite-storage-options';
import { planCapacitorSqlite } from './connect-capacitor-sqlite';
import type { CapacitorSqlitePlan } from './connect-capacitor-sqlite';

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
  private readonly rotate: CapacitorSqlitePlan['changeKey'];

  constructor(options: CapacitorSqliteStorageOptions) {
    const plan = planCapacitorSqlite(options);
    super({ connect: plan.connect, capabilities: { persistent: true, encrypted: plan.encrypted } });
    this.rotate = plan.changeKey;
  }

  /**
   * Changes the database passphrase from `oldPassphrase` to `newPassphrase` through the plugin's
   * `changeEncryptionSecret` (own encrypted connection only): the outbox's connection is closed,
   * the plugin closes every other connection of the app, re-encrypts each encrypted database and
   * stores the new passphrase, and the outbox reopens with it; calls made meanwhile wait. The
   * passphrases are validated first (`ConfigurationError`); a wrong old one is
   * `EncryptionKeyError`. Crash safety is the plugin's: see the README.
   */
  async changeKey(oldPassphrase: string, newPassphrase: string): Promise<void> {
    const rotate = this.rotate;
    if (!rotate) throw new ConfigurationError('changeKey needs the storage’s own encrypted connection ({ sqlite, database, passphrase }); with a shared connection call the plugin’s changeEncryptionSecret yourself');
    validatePassphrase(oldPassphrase, 'changeKey: the old passphrase');
    validatePassphrase(newPassphrase, 'changeKey: the new passphrase');
    if (oldPassphrase === newPassphrase) throw new ConfigurationError('changeKey: the new passphrase must differ from the old one');
    await this.withConnectionClosed(() => rotate(oldPassphrase, newPassphrase));
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
