import { EncryptionKeyError, StorageCorruptError, StorageForeignFileError } from '@mutation-outbox/core';
import type { OutboxError } from '@mutation-outbox/core';
import { mapSqlError, sqliteErrorCode } from './map-sql-error';

/** Page size of SQLCipher 4 databases (`legacy = 4`): the main file is always whole pages of it. */
export const SQLCIPHER_PAGE_SIZE = 4096;

/** The plaintext header every unencrypted SQLite database starts with. */
const PLAINTEXT_HEADER = 'SQLite format 3\0';

/**
 * Below this many bits of entropy per byte, the first page cannot be SQLCipher output (a salt,
 * then AES ciphertext and an HMAC: about 7.95 bits per byte over 4 KiB); text is about 4-5.
 */
const MIN_ENCRYPTED_ENTROPY = 7.2;

/**
 * What an adapter could learn about a database file whose key check (the first read after
 * `PRAGMA key`) failed. Give what the platform allows: a Node adapter reads the file itself; the
 * Capacitor plugin only tells whether the file has the plaintext header (`isDatabaseEncrypted`).
 */
export interface DatabaseFileFacts {
  /** Size of the main database file in bytes, when it can be read. */
  readonly size?: number;
  /** The first bytes of the file (one page is enough), when they can be read. */
  readonly head?: Uint8Array;
  /** Whether the file starts with SQLite's plaintext header, when only that is known. */
  readonly plaintextHeader?: boolean;
  /** The first lines of `PRAGMA quick_check`, when the adapter could run it after the failure. */
  readonly integrity?: readonly string[];
}

/**
 * Decides why the key check of an encrypted database failed, from the driver's error and what is
 * known of the file, in this order (documented in the storages' READMEs):
 * 1. `SQLITE_CORRUPT`: page 1 decrypted (its HMAC matched, so the key is right) but a page it
 *    points to did not, or the file is shorter than its header says → `StorageCorruptError`;
 * 2. `SQLITE_NOTADB` and the file starts with `SQLite format 3\0` → `StorageForeignFileError`
 *    (`plaintext-database`);
 * 3. `SQLITE_NOTADB` and the first page is not random-looking → `StorageForeignFileError`
 *    (`not-encrypted-data`);
 * 4. `SQLITE_NOTADB` and the file is not whole 4,096-byte pages → `StorageCorruptError` (truncated);
 * 5. any other `SQLITE_NOTADB` → `EncryptionKeyError`: page 1 does not authenticate with this key.
 *    A wrong key, random bytes and a damaged first page all look exactly like this (SQLCipher's
 *    HMAC cannot say which), so the message names all three.
 * Anything else goes through `mapSqlError`. Messages name `database` and never the key.
 */
export function classifyOpenFailure(error: unknown, facts: DatabaseFileFacts, database: string): OutboxError {
  const cause = { cause: error };
  const family = sqliteErrorCode(error);
  if (family === 'SQLITE_CORRUPT') {
    const found = facts.integrity?.length ? ` (quick_check: ${facts.integrity.join('; ')})` : '';
    return new StorageCorruptError(`${database} is damaged: the key opens it, but ${detailOf(error)}${found}. The file was left untouched`, cause);
  }
  if (family !== 'SQLITE_NOTADB') return mapSqlError(error, 'open', { encrypted: true });
  if (facts.plaintextHeader ?? (facts.head !== undefined && startsWithPlaintextHeader(facts.head))) {
    return new StorageForeignFileError('plaintext-database', `${database} is a plain, unencrypted SQLite database, not a SQLCipher one; it was left untouched`, cause);
  }
  if (facts.head !== undefined && facts.head.length >= 1024 && entropyBitsPerByte(facts.head) < MIN_ENCRYPTED_ENTROPY) {
    return new StorageForeignFileError('not-encrypted-data', `${database} is not a database: its first page is not encrypted data. It was left untouched`, cause);
  }
  if (facts.size !== undefined && facts.size % SQLCIPHER_PAGE_SIZE !== 0) {
    return new StorageCorruptError(`${database} is truncated or damaged: ${facts.size} bytes is not a whole number of ${SQLCIPHER_PAGE_SIZE}-byte pages. It was left untouched`, cause);
  }
  return new EncryptionKeyError(
    `The encryption key does not open ${database}: the key is wrong, or the file's first page is damaged or random bytes (these cannot be told apart). The file was left untouched`,
    cause,
  );
}

function startsWithPlaintextHeader(head: Uint8Array): boolean {
  return PLAINTEXT_HEADER.split('').every((char, i) => head[i] === char.charCodeAt(0));
}

/** Shannon entropy of `bytes` in bits per byte (8 for uniformly random bytes). */
function entropyBitsPerByte(bytes: Uint8Array): number {
  const counts = new Array<number>(256).fill(0);
  for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / bytes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
