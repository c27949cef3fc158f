import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { classifyOpenFailure, mapSqlError, SQLCIPHER_PAGE_SIZE, sqliteErrorCode } from '@mutation-outbox/storage-sql';
import type { DatabaseFileFacts } from '@mutation-outbox/storage-sql';
import type { BetterSqliteConnection } from './better-sqlite-driver';
import { keyPragma } from './node-sqlite-storage-options';
import type { NodeSqliteStorageOptions, SqlCipherKey } from './node-sqlite-storage-options';

/** Size and first page of the file, for `classifyOpenFailure`; nothing when it cannot be read. */
function readFacts(path: string): DatabaseFileFacts {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(SQLCIPHER_PAGE_SIZE);
      const read = readSync(fd, head, 0, head.length, 0);
      return { size, head: head.subarray(0, read) };
    } finally {
      closeSync(fd);
    }
  } catch {
    return {};
  }
}

/** The first lines `PRAGMA quick_check` reports, or none when it cannot run. */
function quickCheck(db: Database.Database): string[] {
  try {
    return (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check).filter((line) => line !== 'ok');
  } catch {
    return [];
  }
}

/**
 * Keys a fresh connection (cipher sqlcipher, legacy 4, key) and proves the key with a real read;
 * a failed read becomes the typed error `classifyOpenFailure` decides. Temporary files (sorts,
 * temp indexes) are kept in memory: SQLCipher does not encrypt them. Nothing is written.
 */
export function keyAndVerify(db: Database.Database, path: string, key: SqlCipherKey): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(keyPragma(key));
  db.pragma('temp_store = MEMORY');
  if (db.pragma('temp_store', { simple: true }) !== 2) throw new Error('Could not keep temporary files in memory (temp_store)');
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    const family = sqliteErrorCode(error);
    if (family !== 'SQLITE_NOTADB' && family !== 'SQLITE_CORRUPT') throw error;
    const integrity = family === 'SQLITE_CORRUPT' ? quickCheck(db) : [];
    throw classifyOpenFailure(error, { ...readFacts(path), integrity }, path);
  }
}

/** Opens a connection to `path` (creating the file when missing) without keying it. */
export function openConnection(path: string, busyTimeoutMs = 5_000): Database.Database {
  try {
    return new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw mapSqlError(error, 'open', { encrypted: true });
  }
}

/**
 * Opens the SQLCipher database at `options.path` (creating it when missing), in the sequence that
 * is file-compatible with the Capacitor SQLite Electron build: cipher sqlcipher, legacy 4, key,
 * `temp_store = MEMORY`, then a real read that validates the key, and only then WAL and
 * `synchronous`. Nothing is written before the key is proven right, so a wrong key or a foreign
 * file leaves it untouched. Throws `EncryptionKeyError`, `StorageForeignFileError`,
 * `StorageCorruptError`, `StorageLockedError` or `StorageError` (see `classifyOpenFailure`).
 */
export function openSqlCipherDatabase(options: NodeSqliteStorageOptions): BetterSqliteConnection {
  const db = openConnection(options.path, options.busyTimeoutMs);
  try {
    keyAndVerify(db, options.path, options.key);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`Could not switch ${options.path} to WAL (journal_mode is ${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    return db;
  } catch (error) {
    db.close();
    throw mapSqlError(error, 'open', { encrypted: true });
  }
}
