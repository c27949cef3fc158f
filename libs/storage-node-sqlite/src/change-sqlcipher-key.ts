import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { ConfigurationError, EncryptionKeyError, StorageLockedError } from '@mutation-outbox/core';
import { mapSqlError } from '@mutation-outbox/storage-sql';
import { keyAndVerify, openConnection } from './open-sqlcipher-database';
import { keyPragma, validateSqlCipherKey } from './node-sqlite-storage-options';
import type { SqlCipherKey } from './node-sqlite-storage-options';

/**
 * The steps of a key change, in order: `opened` (the old key proved right), `checkpointed` (the
 * WAL copied into the database and emptied), `rollback-journal` (journal mode DELETE, exclusive
 * lock held), `rekeyed` (every page rewritten under the new key and committed), `wal-restored`.
 */
export type KeyChangeStep = 'opened' | 'checkpointed' | 'rollback-journal' | 'rekeyed' | 'wal-restored';

/** Options of `changeSqlCipherKey`. */
export interface ChangeKeyOptions {
  /** How long to wait for other connections' locks before `StorageLockedError`. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
  /** Called after each step (for progress reporting; the crash tests kill the process here). */
  readonly onStep?: (step: KeyChangeStep) => void;
}

/** What `changeSqlCipherKey` found: it changed the key, or a previous call already had. */
export type KeyChangeOutcome = 'changed' | 'already-changed';

/**
 * Re-encrypts the closed SQLCipher database at `path` from `oldKey` to `newKey` (each a passphrase
 * or `{ raw }`), atomically: SQLite3MultipleCiphers refuses `PRAGMA rekey` in WAL mode, so the WAL
 * is checkpointed into the file first, the journal switched to DELETE under an exclusive lock, all
 * pages are rewritten in ONE transaction (a kill mid-way leaves a hot journal that the next open
 * rolls back: the file then opens with the old key, unchanged), and WAL mode is restored.
 * A file the old key does not open but the new key does counts as `already-changed` (a previous
 * call was killed after its commit), so calling again after a crash finishes the job.
 * Throws `ConfigurationError` for bad keys or a missing file, `EncryptionKeyError` when neither key
 * opens it, `StorageLockedError` while another connection has it open; the file is then unchanged.
 */
export function changeSqlCipherKey(path: string, oldKey: SqlCipherKey, newKey: SqlCipherKey, options: ChangeKeyOptions = {}): KeyChangeOutcome {
  validateSqlCipherKey(oldKey, 'changeKey: the old key');
  validateSqlCipherKey(newKey, 'changeKey: the new key');
  if (keyPragma(oldKey) === keyPragma(newKey)) throw new ConfigurationError('changeKey: the new key must differ from the old one');
  if (!existsSync(path)) throw new ConfigurationError(`changeKey: there is no database at ${path}`);
  const db = openConnection(path, options.busyTimeoutMs);
  try {
    if (!opensWith(db, path, oldKey)) {
      db.close();
      return alreadyChanged(path, newKey, options.busyTimeoutMs);
    }
    options.onStep?.('opened');
    rekey(db, path, newKey, options.onStep);
    return 'changed';
  } catch (error) {
    throw mapSqlError(error, 'write', { encrypted: true });
  } finally {
    if (db.open) db.close();
  }
}

function rekey(db: Database.Database, path: string, newKey: SqlCipherKey, onStep: ChangeKeyOptions['onStep']): void {
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (checkpoint && checkpoint.busy !== 0) throw othersOpen(path);
  onStep?.('checkpointed');
  db.pragma('locking_mode = EXCLUSIVE');
  const mode = String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
  if (mode !== 'delete') throw othersOpen(path);
  onStep?.('rollback-journal');
  db.pragma(keyPragma(newKey, 'rekey'));
  onStep?.('rekeyed');
  db.pragma('journal_mode = WAL');
  onStep?.('wal-restored');
}

/** Whether `key` opens the database on `db`; false only for `EncryptionKeyError`. */
function opensWith(db: Database.Database, path: string, key: SqlCipherKey): boolean {
  try {
    keyAndVerify(db, path, key);
    return true;
  } catch (error) {
    if (error instanceof EncryptionKeyError) return false;
    throw error;
  }
}

function alreadyChanged(path: string, newKey: SqlCipherKey, busyTimeoutMs: number | undefined): KeyChangeOutcome {
  const db = openConnection(path, busyTimeoutMs);
  try {
    if (opensWith(db, path, newKey)) return 'already-changed';
  } finally {
    db.close();
  }
  throw new EncryptionKeyError(`changeKey: neither the old nor the new key opens ${path}; it was left untouched`);
}

function othersOpen(path: string): StorageLockedError {
  return new StorageLockedError(`changeKey: another connection has ${path} open; close every other connection (and process) using it first. Nothing was changed`);
}
