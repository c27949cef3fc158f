import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { ConfigurationError, EncryptionKeyError, StorageLockedError } from '@mutation-outbox/core';
import { mapSqlError } from '@mutation-outbox/storage-sql';
import { keyAndVerify, openConnection } from './open-sqlcipher-database';
import { keyPragma, validateSqlCipherKey } from './node-sqlite-storage-options';
import type { SqlCipherKey } from './node-sqlite-storage-options';

/**
 * The steps of a key change, in order: `opened` (the old key proved right), `locked` (WAL
 * checkpointed into the file, rollback journal, exclusive lock held), `copied` (a copy of the
 * database written next to it, still under the old key), `copy-rekeyed` (the copy re-encrypted
 * under the new key and flushed to disk), `replaced` (the copy renamed over the database).
 */
export type KeyChangeStep = 'opened' | 'locked' | 'copied' | 'copy-rekeyed' | 'replaced';

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
 * or `{ raw }`), atomically and crash-safely. SQLite3MultipleCiphers' in-place `PRAGMA rekey` is
 * neither (it is refused in WAL mode, and a kill mid-way can leave a file no key opens: the
 * crash test saw it), so the key is changed on a copy: under an exclusive lock, the WAL is
 * checkpointed, `VACUUM INTO` writes a copy (`<path>.rekey`), the copy is rekeyed and flushed, and
 * renamed over the database, which is the one atomic step. Killed before the rename, the file is
 * unchanged (old key); after it, the file has the new key. WAL mode comes back on the next open.
 * A file the old key does not open but the new key does counts as `already-changed`, so calling
 * again after a crash finishes the job. Needs free disk space for one copy of the database.
 * Throws `ConfigurationError` for bad keys or a missing file, `EncryptionKeyError` when neither key
 * opens it, `StorageLockedError` while another connection has it open; the file is then unchanged.
 */
export function changeSqlCipherKey(path: string, oldKey: SqlCipherKey, newKey: SqlCipherKey, options: ChangeKeyOptions = {}): KeyChangeOutcome {
  validateSqlCipherKey(oldKey, 'changeKey: the old key');
  validateSqlCipherKey(newKey, 'changeKey: the new key');
  if (keyPragma(oldKey) === keyPragma(newKey)) throw new ConfigurationError('changeKey: the new key must differ from the old one');
  if (!existsSync(path)) throw new ConfigurationError(`changeKey: there is no database at ${path}`);
  const copy = `${path}.rekey`;
  rmSync(copy, { force: true }); // left by a change killed before its rename: never the live file
  const db = openConnection(path, options.busyTimeoutMs);
  try {
    if (!opensWith(db, path, oldKey)) {
      db.close();
      return alreadyChanged(path, newKey, options.busyTimeoutMs);
    }
    options.onStep?.('opened');
    lockExclusively(db, path);
    options.onStep?.('locked');
    db.prepare('VACUUM INTO ?').run(copy);
    options.onStep?.('copied');
    rekeyCopy(copy, oldKey, newKey);
    options.onStep?.('copy-rekeyed');
    renameSync(copy, path);
    fsyncPath(dirname(path));
    options.onStep?.('replaced');
    return 'changed';
  } catch (error) {
    rmSync(copy, { force: true });
    throw mapSqlError(error, 'write', { encrypted: true });
  } finally {
    if (db.open) db.close();
  }
}

/** Checkpoints the WAL, leaves WAL mode and holds the exclusive lock until `db` closes. */
function lockExclusively(db: Database.Database, path: string): void {
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (checkpoint && checkpoint.busy !== 0) throw othersOpen(path);
  db.pragma('locking_mode = EXCLUSIVE');
  const mode = String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
  if (mode !== 'delete') throw othersOpen(path);
  // In exclusive locking mode the lock taken here is kept until the connection closes.
  db.exec('BEGIN EXCLUSIVE; COMMIT');
}

/** Re-encrypts the copy in place (it is disposable until renamed) and flushes it to disk. */
function rekeyCopy(copy: string, oldKey: SqlCipherKey, newKey: SqlCipherKey): void {
  const db = openConnection(copy);
  try {
    keyAndVerify(db, copy, oldKey);
    db.pragma(keyPragma(newKey, 'rekey'));
  } finally {
    db.close();
  }
  fsyncPath(copy);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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
