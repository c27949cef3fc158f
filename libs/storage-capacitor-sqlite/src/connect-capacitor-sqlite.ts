import { Capacitor } from '@capacitor/core';
import { ConfigurationError } from '@mutation-outbox/core';
import { classifyOpenFailure, validatePassphrase } from '@mutation-outbox/storage-sql';
import { CapacitorSqliteDriver } from './capacitor-sqlite-driver';
import type { CapacitorSqliteConnection } from './capacitor-sqlite-connection';
import { changeSecret } from './change-capacitor-secret';
import type { CapacitorSqliteManager, OpenableCapacitorSqliteConnection } from './capacitor-sqlite-manager';
import type { CapacitorSqliteOwnConnectionOptions, CapacitorSqliteSharedConnectionOptions, CapacitorSqliteStorageOptions } from './capacitor-sqlite-storage-options';

/**
 * What `planCapacitorSqlite` settled from the options, before anything is opened: `connect`
 * (opens the outbox's own connection, or prepares the app's) and, for an own encrypted
 * connection, `changeKey` (re-encrypts the closed database through the plugin).
 */
export interface CapacitorSqlitePlan {
  readonly encrypted: boolean;
  readonly connect: () => Promise<CapacitorSqliteDriver>;
  readonly changeKey?: (oldPassphrase: string, newPassphrase: string) => Promise<void>;
}

/**
 * Validates the options (throwing `ConfigurationError` synchronously) and plans the connection:
 * encrypted with the stored secret on iOS/Android/Electron, unencrypted on the web; on the web
 * with `persist: 'after-commit'`, `saveToStore` after each durable commit.
 */
export function planCapacitorSqlite(options: CapacitorSqliteStorageOptions): CapacitorSqlitePlan {
  const platform = options.platform ?? Capacitor.getPlatform();
  const web = platform === 'web';
  const persist = options.persist ?? 'after-commit';
  if (persist !== 'after-commit' && persist !== 'manual') throw new ConfigurationError(`persist must be 'after-commit' or 'manual', not "${String(persist)}"`);
  if (web && options.encrypted === true) {
    throw new ConfigurationError('The web platform (jeep-sqlite) cannot encrypt databases: leave `encrypted` unset or false there');
  }
  return 'connection' in options ? planShared(options, web, persist === 'after-commit') : planOwn(options, web, persist === 'after-commit');
}

function planShared(options: CapacitorSqliteSharedConnectionOptions, web: boolean, saveAfterCommit: boolean): CapacitorSqlitePlan {
  const { connection, sqlite } = options;
  if (web && saveAfterCommit && !sqlite) {
    throw new ConfigurationError("On the web, persist 'after-commit' needs `sqlite` (the SQLiteConnection) to call saveToStore");
  }
  const database = connection.getConnectionDBName();
  const afterCommit = web && saveAfterCommit && sqlite ? () => sqlite.saveToStore(database) : undefined;
  const driver = new CapacitorSqliteDriver(connection, afterCommit ? { afterCommit } : {});
  // No `close` on the driver: the storage never closes the app's connection.
  const connect = async (): Promise<CapacitorSqliteDriver> => {
    await keepTempFilesInMemory(connection);
    return driver;
  };
  return { encrypted: !web && options.encrypted === true, connect };
}

function planOwn(options: CapacitorSqliteOwnConnectionOptions, web: boolean, saveAfterCommit: boolean): CapacitorSqlitePlan {
  const { sqlite, database } = options;
  const version = options.version ?? 1;
  const encrypted = !web && options.encrypted !== false;
  if (!database) throw new ConfigurationError('`database` must be a non-empty name');
  if (!Number.isInteger(version) || version < 1) throw new ConfigurationError('`version` must be an integer of at least 1');
  if (encrypted && !options.passphrase) {
    throw new ConfigurationError('Encryption needs `passphrase`: a function reading the secret from the app’s secure storage (or pass encrypted: false)');
  }
  const connect = async (): Promise<CapacitorSqliteDriver> => {
    if (encrypted) await ensureSecret(options);
    if ((await sqlite.isConnection(database, false)).result) {
      throw new ConfigurationError(`The app already has a connection to "${database}": pass it as \`connection\` to share it`);
    }
    const connection = await createConnection(sqlite, database, encrypted, version);
    try {
      await connection.open();
    } catch (error) {
      await sqlite.closeConnection(database, false).catch(() => undefined);
      throw await openError(sqlite, database, error);
    }
    try {
      await keepTempFilesInMemory(connection);
    } catch (error) {
      await sqlite.closeConnection(database, false).catch(() => undefined);
      throw error;
    }
    return new CapacitorSqliteDriver(connection, {
      close: () => sqlite.closeConnection(database, false),
      ...(web && saveAfterCommit ? { afterCommit: () => sqlite.saveToStore(database) } : {}),
    });
  };
  return { encrypted, connect, ...(encrypted ? { changeKey: (oldPassphrase: string, newPassphrase: string) => changeSecret(sqlite, oldPassphrase, newPassphrase) } : {}) };
}

/**
 * SQLCipher does not encrypt SQLite's temporary files (large sorts, temp indexes), and the
 * plugin's builds keep them on disk by default: this keeps them in memory on the connection.
 */
async function keepTempFilesInMemory(connection: CapacitorSqliteConnection): Promise<void> {
  await connection.query('PRAGMA temp_store = MEMORY', []);
  const [row] = (await connection.query('PRAGMA temp_store', [])).values ?? [];
  if (Number((row as { temp_store?: unknown } | undefined)?.temp_store) !== 2) {
    throw new ConfigurationError('The SQLite connection refused temp_store = MEMORY: temporary files would be written unencrypted');
  }
}

/**
 * Creates the connection. After a web-view reload the native side still holds the previous run's
 * connection while the JS side forgot it ("already exists"): that stale one is closed and the
 * creation retried. (`checkConnectionsConsistency` would do it too, but it closes every native
 * connection the given `SQLiteConnection` does not know, including other databases of the app.)
 */
async function createConnection(sqlite: CapacitorSqliteManager, database: string, encrypted: boolean, version: number): Promise<OpenableCapacitorSqliteConnection> {
  const create = () => sqlite.createConnection(database, encrypted, encrypted ? 'secret' : 'no-encryption', version, false);
  try {
    return await create();
  } catch (error) {
    if (!/already exists/i.test(error instanceof Error ? error.message : String(error))) throw error;
    await sqlite.closeConnection(database, false);
    return create();
  }
}

async function ensureSecret(options: CapacitorSqliteOwnConnectionOptions): Promise<void> {
  const { sqlite } = options;
  if ((await sqlite.isInConfigEncryption()).result !== true) {
    throw new ConfigurationError('Encryption is off in capacitor.config: set plugins.CapacitorSQLite.iosIsEncryption / androidIsEncryption / electronIsEncryption to true');
  }
  if ((await sqlite.isSecretStored()).result === true) return;
  const passphrase = await options.passphrase?.();
  validatePassphrase(passphrase, 'The passphrase returned by `passphrase()`');
  await sqlite.setEncryptionSecret(passphrase);
}

/**
 * Maps a failed `open()` to the library's typed errors (`classifyOpenFailure`). The plugin gives
 * no access to the file's bytes, so the only fact about the file is its plaintext header
 * (`isDatabaseEncrypted`); size and entropy checks are not available here.
 */
async function openError(sqlite: CapacitorSqliteManager, database: string, error: unknown): Promise<Error> {
  const encrypted = await sqlite.isDatabaseEncrypted(database).then(
    (answer) => answer.result,
    () => undefined,
  );
  return classifyOpenFailure(error, encrypted === undefined ? {} : { plaintextHeader: !encrypted }, `The database "${database}"`);
}
