import type { CapacitorSqliteConnection } from './capacitor-sqlite-connection';

/** A connection the outbox can open itself: the `SQLiteDBConnection` slice plus `open`. */
export interface OpenableCapacitorSqliteConnection extends CapacitorSqliteConnection {
  /** Opens the database (decrypting it with the stored secret in `secret` mode). */
  open(): Promise<void>;
}

/**
 * The slice of `SQLiteConnection` (from `@capacitor-community/sqlite`) the outbox uses to open its
 * own connection, set the encryption secret once and, on the web, save to IndexedDB. The real
 * class satisfies it structurally.
 */
export interface CapacitorSqliteManager {
  /** Whether the plugin already holds a passphrase in the platform's secure store. */
  isSecretStored(): Promise<{ result?: boolean }>;
  /** Stores the passphrase in the platform's secure store (once per install). */
  setEncryptionSecret(passphrase: string): Promise<void>;
  /**
   * Re-encrypts every encrypted database of the app from `oldpassphrase` to `passphrase` and
   * stores the new one (closing every connection first).
   */
  changeEncryptionSecret(passphrase: string, oldpassphrase: string): Promise<void>;
  /** Whether the file of `database` lacks SQLite's plaintext header (true for SQLCipher files). */
  isDatabaseEncrypted(database: string): Promise<{ result?: boolean }>;
  /** Whether capacitor.config enables encryption (`iosIsEncryption` / `androidIsEncryption`...). */
  isInConfigEncryption(): Promise<{ result?: boolean }>;
  /** Whether a connection to `database` exists. */
  isConnection(database: string, readonly: boolean): Promise<{ result?: boolean }>;
  /** Creates a connection; `mode: 'secret'` uses the stored passphrase. */
  createConnection(database: string, encrypted: boolean, mode: string, version: number, readonly: boolean): Promise<OpenableCapacitorSqliteConnection>;
  /** Closes the database and forgets the connection. */
  closeConnection(database: string, readonly: boolean): Promise<void>;
  /** Web only: copies the in-memory database to jeep-sqlite's IndexedDB store. */
  saveToStore(database: string): Promise<void>;
}
