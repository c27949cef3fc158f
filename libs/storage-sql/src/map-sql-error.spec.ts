import { describe, expect, it } from 'vitest';
import { EncryptionKeyError, EntryNotFoundError, StorageCorruptError, StorageError, StorageLockedError } from '@mutation-outbox/core';
import { mapSqlError, sqliteErrorCode } from './map-sql-error';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('mapSqlError', () => {
  it('maps SQLITE_NOTADB to EncryptionKeyError for encrypted databases and StorageCorruptError otherwise', () => {
    const error = sqliteError('SQLITE_NOTADB', 'file is not a database');
    expect(mapSqlError(error, 'open', { encrypted: true })).toBeInstanceOf(EncryptionKeyError);
    expect(mapSqlError(error, 'open')).toBeInstanceOf(StorageCorruptError);
  });

  it('maps corruption, lock, full-disk and I/O errors to their typed errors, keeping the cause', () => {
    const corrupt = sqliteError('SQLITE_CORRUPT', 'database disk image is malformed');
    expect(mapSqlError(corrupt, 'read')).toBeInstanceOf(StorageCorruptError);
    expect(mapSqlError(corrupt, 'read').cause).toBe(corrupt);
    expect(mapSqlError(sqliteError('SQLITE_BUSY', 'database is locked'), 'write')).toBeInstanceOf(StorageLockedError);
    const full = mapSqlError(sqliteError('SQLITE_FULL', 'database or disk is full'), 'commit');
    expect(full).toBeInstanceOf(StorageError);
    expect(full.message).toMatch(/disk is full/);
    expect(mapSqlError(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'commit')).toBeInstanceOf(StorageError);
  });

  it('recognizes errors that carry only a message (plugins that pass text on)', () => {
    expect(mapSqlError(new Error('Run: file is not a database'), 'open', { encrypted: true })).toBeInstanceOf(EncryptionKeyError);
    expect(mapSqlError('query failed: database is locked', 'read')).toBeInstanceOf(StorageLockedError);
    expect(sqliteErrorCode(new Error('UNIQUE constraint failed: outbox_entries.id'))).toBe('SQLITE_CONSTRAINT');
    expect(sqliteErrorCode(new Error('something else'))).toBeNull();
  });

  it('passes OutboxErrors through unchanged and wraps anything else in StorageError', () => {
    const own = new EntryNotFoundError('x');
    expect(mapSqlError(own, 'write')).toBe(own);
    const other = mapSqlError(new TypeError('boom'), 'write');
    expect(other).toBeInstanceOf(StorageError);
    expect(other.code).toBe('STORAGE_FAILURE');
  });
});
