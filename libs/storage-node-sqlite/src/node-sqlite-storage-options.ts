import { ConfigurationError } from '@mutation-outbox/core';
import { validatePassphrase } from '@mutation-outbox/storage-sql';

/** A SQLCipher key: a passphrase (run through SQLCipher's key derivation) or 32 raw key bytes. */
export type SqlCipherKey = string | { readonly raw: Uint8Array | string };

/**
 * Options of `NodeSqliteStorage`. Take the key from the platform's secure storage (OS keychain,
 * a secrets manager, an environment injected at deploy time): never hard-code it in source.
 */
export interface NodeSqliteStorageOptions {
  /** The database file; created (encrypted) when missing. */
  readonly path: string;
  /**
   * A passphrase, or `{ raw }`: 32 bytes as a `Uint8Array` or as 64 hex digits. A raw key skips
   * the (deliberately slow) key derivation; use it when the secure store holds random key bytes.
   */
  readonly key: SqlCipherKey;
  /** `FULL` (default): a resolved enqueue survives power loss. `NORMAL`: faster, may lose the last commits on power loss (never on an app crash). */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another connection's write lock before `StorageLockedError`. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

/** The `PRAGMA key` (or `rekey`) statement for a validated key (quotes escaped; raw keys as `x'..'`). */
export function keyPragma(key: SqlCipherKey, pragma: 'key' | 'rekey' = 'key'): string {
  if (typeof key === 'string') return `${pragma} = '${key.replace(/'/g, "''")}'`;
  const hex = typeof key.raw === 'string' ? key.raw : Buffer.from(key.raw).toString('hex');
  return `${pragma} = "x'${hex}'"`;
}

/**
 * Throws `ConfigurationError` (naming `what`, never the key's value) unless `key` is a non-empty
 * passphrase without NUL characters (SQLite would cut it at the first NUL, and a passphrase
 * pasted with one is a mistake) or `{ raw }` of 32 bytes / 64 hex digits.
 */
export function validateSqlCipherKey(key: unknown, what: string): asserts key is SqlCipherKey {
  if (typeof key === 'string') {
    validatePassphrase(key, what);
  } else if (typeof key === 'object' && key !== null && 'raw' in key) {
    const raw = (key as { raw: unknown }).raw;
    const valid = typeof raw === 'string' ? /^[0-9a-fA-F]{64}$/.test(raw) : raw instanceof Uint8Array && raw.length === 32;
    if (!valid) throw new ConfigurationError(`${what}.raw must be 32 bytes (a Uint8Array, or 64 hex digits)`);
  } else {
    throw new ConfigurationError(`${what} must be a passphrase or { raw: 32 bytes }`);
  }
}

/** Throws `ConfigurationError` naming the first bad option; nothing is opened or written. */
export function validateNodeSqliteOptions(options: NodeSqliteStorageOptions): void {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('NodeSqliteStorage needs options { path, key }');
  if (typeof options.path !== 'string' || options.path.trim() === '' || options.path === ':memory:') {
    throw new ConfigurationError('NodeSqliteStorage: `path` must be the path of a database file');
  }
  validateSqlCipherKey(options.key, 'NodeSqliteStorage: `key`');
  if (options.synchronous !== undefined && options.synchronous !== 'FULL' && options.synchronous !== 'NORMAL') {
    throw new ConfigurationError("NodeSqliteStorage: `synchronous` must be 'FULL' or 'NORMAL'");
  }
  const timeout = options.busyTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0)) {
    throw new ConfigurationError('NodeSqliteStorage: `busyTimeoutMs` must be a whole number of milliseconds, 0 or more');
  }
}
