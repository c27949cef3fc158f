import { Capacitor } from '@capacitor/core';
import { ConfigurationError, EncryptionKeyError, StorageCorruptError, StorageError } from '@mutation-outbox/core';
import { CapacitorSqliteDriver } from './capacitor-sqlite-driver';
import type { CapacitorSqliteManager, OpenableCapacitorSqliteConnection } from './capacitor-sqlite-manager';
import type { CapacitorSqliteOwnConnectionOptions, CapacitorSqliteSharedConnectionOptions, CapacitorSqliteStorageOptions } from './capacitor-sqlite-storage-options';

/**
 * What `planCapacitorSqlite` settled from the options, before anything is opened: either
 * `connect` (the outbox opens and owns its connection) or `driver` (over the app's connection).
 */
export type CapacitorSqlitePlan =
  | { readonly encrypted: boolean; readonly connect: () => Promise<CapacitorSqliteDriver>; readonly driver?: undefined }
  | { readonly encrypted: boolean; readonly driver: CapacitorSqliteDriver; readonly connect?: undefined };

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
  return { encrypted: !web && options.encrypted === true, driver: new CapacitorSqliteDriver(connection, afterCommit ? { afterCommit } : {}) };
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
      throw openError(database, error);
    }
    return new CapacitorSqliteDriver(connection, {
      close: () => sqlite.closeConnection(database, false),
      ...(web && saveAfterCommit ? { afterCommit: () => sqlite.saveToStore(database) } : {}),
    });
  };
  return { encrypted, connect };
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
  if (!passphrase) throw new ConfigurationError('`passphrase()` returned an empty passphrase');
  await sqlite.setEncryptionSecret(passphrase);
}

/** Maps a failed `open()` to the library's typed errors. */
function openError(database: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/file is not a database|SQLITE_NOTADB|file is encrypted|HMAC check failed/i.test(message)) {
    return new EncryptionKeyError(undefined, { cause: error });
  }
  if (/malformed|SQLITE_CORRUPT/i.test(message)) return new StorageCorruptError(`The database "${database}" is damaged: ${message}`, { cause: error });
  return new StorageError(`Could not open the database "${database}": ${message}`, { cause: error });
}
