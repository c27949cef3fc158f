import type { CapacitorSqliteConnection } from './capacitor-sqlite-connection';
import type { CapacitorSqliteManager } from './capacitor-sqlite-manager';

/**
 * When the web platform (jeep-sqlite, an in-memory sql.js database) copies the database to
 * IndexedDB: `after-commit` saves after every durable commit, so `enqueue` resolves only once the
 * entry is in IndexedDB; `manual` leaves it to the app (`saveToStore`) and to closing the
 * connection, and an entry can be lost if the tab dies first. Ignored on iOS/Android/Electron,
 * where every commit is on disk already.
 */
export type WebPersistence = 'after-commit' | 'manual';

/** Settings shared by both ways of constructing `CapacitorSqliteStorage`. */
export interface CapacitorSqliteCommonOptions {
  /** `Capacitor.getPlatform()` by default: `ios`, `android`, `electron` or `web`. */
  readonly platform?: string;
  /** Web only; default `after-commit`. */
  readonly persist?: WebPersistence;
}

/**
 * The outbox opens (and closes) a connection of its own from the app's `SQLiteConnection`.
 * On iOS/Android/Electron the database is encrypted with SQLCipher unless `encrypted: false`; on
 * the web it is never encrypted (jeep-sqlite cannot), and asking for `encrypted: true` there is a
 * `ConfigurationError`.
 */
export interface CapacitorSqliteOwnConnectionOptions extends CapacitorSqliteCommonOptions {
  /** The app's `new SQLiteConnection(CapacitorSQLite)`. */
  readonly sqlite: CapacitorSqliteManager;
  /** Database name (the plugin stores it as `<database>SQLite.db`). */
  readonly database: string;
  /** The plugin's database version (`PRAGMA user_version`); default 1. */
  readonly version?: number;
  /** Encrypt at rest; default true except on the web. */
  readonly encrypted?: boolean;
  /**
   * Returns the passphrase, read from (or generated into) the app's secure storage. Called only
   * when the plugin has no secret stored yet; the plugin then keeps it in the Keychain / Keystore
   * (`setEncryptionSecret`). Never hard-code it. Required when encrypting.
   */
  readonly passphrase?: () => Promise<string>;
}

/**
 * The outbox shares a connection the app already opened, so the app's optimistic writes (made
 * through the transaction handle) and enqueues commit in one transaction. The outbox never opens
 * or closes it.
 */
export interface CapacitorSqliteSharedConnectionOptions extends CapacitorSqliteCommonOptions {
  /** The app's open `SQLiteDBConnection`. */
  readonly connection: CapacitorSqliteConnection;
  /** Whether the app opened it encrypted (reported as `capabilities.encrypted`); default false. */
  readonly encrypted?: boolean;
  /** The `SQLiteConnection` that created `connection`; required on the web with `after-commit`. */
  readonly sqlite?: Pick<CapacitorSqliteManager, 'saveToStore'>;
}

/** How to construct `CapacitorSqliteStorage`: its own connection, or the app's. */
export type CapacitorSqliteStorageOptions = CapacitorSqliteOwnConnectionOptions | CapacitorSqliteSharedConnectionOptions;
