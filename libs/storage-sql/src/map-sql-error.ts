import { EncryptionKeyError, OutboxError, StorageCorruptError, StorageError, StorageLockedError } from '@mutation-outbox/core';

/** What the storage was doing when a driver error happened; it shapes the message. */
export type SqlErrorContext = 'open' | 'read' | 'write' | 'commit';

/** Options of `mapSqlError`. */
export interface MapSqlErrorOptions {
  /**
   * The database is opened with an encryption key: "file is not a database" then most likely
   * means a wrong key, so it maps to `EncryptionKeyError` instead of `StorageCorruptError`.
   */
  readonly encrypted?: boolean;
}

const PATTERNS: readonly [RegExp, string][] = [
  [/SQLITE_NOTADB|file is not a database|file is encrypted/i, 'SQLITE_NOTADB'],
  [/SQLITE_CORRUPT|malformed/i, 'SQLITE_CORRUPT'],
  [/SQLITE_FULL|database or disk is full/i, 'SQLITE_FULL'],
  [/SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked/i, 'SQLITE_BUSY'],
  [/SQLITE_IOERR|disk I\/O error/i, 'SQLITE_IOERR'],
  [/SQLITE_CANTOPEN|unable to open database/i, 'SQLITE_CANTOPEN'],
  [/SQLITE_READONLY|readonly database/i, 'SQLITE_READONLY'],
  [/SQLITE_CONSTRAINT|constraint failed/i, 'SQLITE_CONSTRAINT'],
];

/**
 * The SQLite result-code family of a driver error (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...), read
 * from its `code` property when it has one (better-sqlite3) or else from its message (plugins that
 * only pass the text on); null when it is not recognizably a SQLite error.
 */
export function sqliteErrorCode(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, family] of PATTERNS) if (pattern.test(code) || pattern.test(message)) return family;
  return code.startsWith('SQLITE_') ? code : null;
}

/**
 * Turns a driver error into the library's typed error; an `OutboxError` passes through unchanged.
 * SQLITE_NOTADB → `EncryptionKeyError` (encrypted databases) or `StorageCorruptError`;
 * SQLITE_CORRUPT → `StorageCorruptError`; SQLITE_BUSY/LOCKED → `StorageLockedError`;
 * anything else (SQLITE_FULL, SQLITE_IOERR, constraint violations...) → `StorageError`.
 * The original error is kept as `cause`.
 */
export function mapSqlError(error: unknown, context: SqlErrorContext, options: MapSqlErrorOptions = {}): OutboxError {
  if (error instanceof OutboxError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  switch (sqliteErrorCode(error)) {
    case 'SQLITE_NOTADB':
      return options.encrypted
        ? new EncryptionKeyError(`The encryption key does not open this database (wrong key, or not a SQLCipher database): ${detail}`, cause)
        : new StorageCorruptError(`The file is not a SQLite database: ${detail}`, cause);
    case 'SQLITE_CORRUPT':
      return new StorageCorruptError(`The database is damaged: ${detail}`, cause);
    case 'SQLITE_BUSY':
      return new StorageLockedError(`The database is locked by another connection (${context}): ${detail}`, cause);
    case 'SQLITE_FULL':
      return new StorageError(`The disk is full; nothing was written (${context}): ${detail}`, cause);
    default:
      return new StorageError(`Storage ${context} failed: ${detail}`, cause);
  }
}
