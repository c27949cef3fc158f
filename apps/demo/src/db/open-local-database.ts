import { Capacitor } from '@capacitor/core';
import { CapacitorSQLite, SQLiteConnection } from '@capacitor-community/sqlite';
import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { APP_SCHEMA } from './app-schema';
import { startJeepSqlite } from './start-jeep-sqlite';

/** The opened local database and what the UI must say about it. */
export interface LocalDatabase {
  readonly sqlite: SQLiteConnection;
  readonly db: SQLiteDBConnection;
  readonly name: string;
  readonly platform: string;
  /** False on the web: jeep-sqlite (sql.js in IndexedDB) cannot encrypt. */
  readonly encrypted: boolean;
}

/** The database file name of the demo. */
export const DATABASE_NAME = 'mutation_outbox_demo';

/**
 * Opens (creating on first run) the app's SQLite database with its own tables: encrypted with
 * SQLCipher on iOS/Android (a random passphrase kept by the plugin in the Keychain/Keystore),
 * unencrypted in IndexedDB on the web, where the plugin has no encryption.
 */
export async function openLocalDatabase(name = DATABASE_NAME): Promise<LocalDatabase> {
  const platform = Capacitor.getPlatform();
  const sqlite = new SQLiteConnection(CapacitorSQLite);
  let encrypted = false;
  if (platform === 'web') {
    await startJeepSqlite();
    await sqlite.initWebStore();
  } else {
    const stored = await sqlite.isSecretStored();
    if (!stored.result) await sqlite.setEncryptionSecret(randomPassphrase());
    encrypted = true;
  }
  const consistent = (await sqlite.checkConnectionsConsistency()).result;
  const exists = (await sqlite.isConnection(name, false)).result;
  const db = consistent && exists
    ? await sqlite.retrieveConnection(name, false)
    : await sqlite.createConnection(name, encrypted, encrypted ? 'secret' : 'no-encryption', 1, false);
  await db.open();
  await db.execute(APP_SCHEMA, true);
  if (platform === 'web') await sqlite.saveToStore(name);
  return { sqlite, db, name, platform, encrypted };
}

function randomPassphrase(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
