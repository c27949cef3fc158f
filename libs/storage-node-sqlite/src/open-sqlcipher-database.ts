import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { EncryptionKeyError, StorageCorruptError } from '@mutation-outbox/core';
import { mapSqlError, sqliteErrorCode } from '@mutation-outbox/storage-sql';
import type { BetterSqliteConnection } from './better-sqlite-driver';
import { keyPragma } from './node-sqlite-storage-options';
import type { NodeSqliteStorageOptions } from './node-sqlite-storage-options';

const PLAIN_HEADER = 'SQLite format 3\0';

/** First bytes and size of the file, or null when it cannot be read. */
function inspect(path: string): { size: number; header: string } | null {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(16);
      const read = readSync(fd, buffer, 0, 16, 0);
      return { size, header: buffer.subarray(0, read).toString('latin1') };
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Why SQLCipher said "file is not a database", as precisely as the file allows. */
function notADatabase(path: string, cause: unknown): Error {
  const file = inspect(path);
  if (file && file.header === PLAIN_HEADER) {
    return new EncryptionKeyError(`${path} is a plain, unencrypted SQLite database; NodeSqliteStorage opens only SQLCipher-encrypted databases`, { cause });
  }
  // SQLite files are whole pages (512 bytes at least); anything else is truncated or foreign.
  if (file && (file.size < 512 || file.size % 512 !== 0)) {
    return new StorageCorruptError(`${path} is not a database (or is truncated: ${file.size} bytes); it was left untouched`, { cause });
  }
  return new EncryptionKeyError(
    `The encryption key does not open ${path}: the key is wrong, or the file is not a SQLCipher database or is damaged. The file was left untouched`,
    { cause },
  );
}

/**
 * Opens the SQLCipher database at `options.path` (creating it when missing), in the sequence that
 * is file-compatible with the Capacitor SQLite Electron build: cipher sqlcipher, legacy 4, key,
 * then a real read that validates the key, and only then WAL and `synchronous`. Nothing is
 * written before the key is proven right, so a wrong key or a foreign file leaves it untouched.
 * Throws `EncryptionKeyError`, `StorageCorruptError`, `StorageLockedError` or `StorageError`.
 */
export function openSqlCipherDatabase(options: NodeSqliteStorageOptions): BetterSqliteConnection {
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (error) {
    throw mapSqlError(error, 'open', { encrypted: true });
  }
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(keyPragma(options.key));
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw sqliteErrorCode(error) === 'SQLITE_NOTADB' ? notADatabase(options.path, error) : error;
    }
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`Could not switch ${options.path} to WAL (journal_mode is ${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    return db;
  } catch (error) {
    db.close();
    throw mapSqlError(error, 'open', { encrypted: true });
  }
}
