import { ConfigurationError } from '@mutation-outbox/core';
import type { WebSqliteVfs, WorkerKey } from './worker/worker-protocol';

/** A SQLCipher key: a passphrase (run through SQLCipher's key derivation) or 32 raw key bytes. */
export type WebSqliteKey = string | { readonly raw: Uint8Array | string };

/**
 * Options of `WebSqliteStorage`. The key comes from the app (e.g. derived from the user's login,
 * or unwrapped with WebCrypto); the library never stores it anywhere.
 */
export interface WebSqliteStorageOptions {
  /** The database's file name in the origin's storage (OPFS, or IndexedDB on the fallback). */
  readonly name: string;
  /** A passphrase, or `{ raw }`: 32 bytes as a `Uint8Array` or as 64 hex digits. */
  readonly key: WebSqliteKey;
  /**
   * `auto` (default): OPFS sync access handles (`OPFSCoopSyncVFS`) where the browser has them,
   * else IndexedDB (`IDBBatchAtomicVFS`). `opfs` / `idb` force one; `diagnostics.vfs` says which is active.
   */
  readonly vfs?: WebSqliteVfs | 'auto';
  /** How long `open()` waits for another tab holding the database before `StorageLockedError`. Default 10,000 ms. */
  readonly lockTimeoutMs?: number;
  /** Ask the browser to keep the origin's storage under pressure (`navigator.storage.persist()`). Default true. */
  readonly requestPersistence?: boolean;
  /**
   * What `open()` does when the database is gone although this origin had opened it before (the
   * marker in `localStorage` says so): `throw` (default) a `StorageMissingError`; `start-empty`
   * creates a new, empty database (only after the app told the user their queued changes are lost).
   */
  readonly onMissingDatabase?: 'throw' | 'start-empty';
  /** Creates the database worker. Default: the worker bundled with this package. */
  readonly createWorker?: () => Worker;
}

/** The key as the worker takes it. */
export function toWorkerKey(key: WebSqliteKey): WorkerKey {
  if (typeof key === 'string') return { passphrase: key };
  const raw = typeof key.raw === 'string' ? key.raw : Array.from(key.raw, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return { raw: raw.toLowerCase() };
}

/** Throws `ConfigurationError` naming the first bad option; nothing is opened or written. */
export function validateWebSqliteOptions(options: WebSqliteStorageOptions): void {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('WebSqliteStorage needs options { name, key }');
  if (typeof options.name !== 'string' || !/^[\w.-]{1,100}$/.test(options.name)) {
    throw new ConfigurationError('WebSqliteStorage: `name` must be a file name of letters, digits, ".", "_" or "-"');
  }
  const { key } = options;
  if (typeof key === 'string') {
    if (key.length === 0) throw new ConfigurationError('WebSqliteStorage: `key` must not be empty');
  } else if (typeof key === 'object' && key !== null && 'raw' in key) {
    const raw = key.raw;
    const valid = typeof raw === 'string' ? /^[0-9a-fA-F]{64}$/.test(raw) : raw instanceof Uint8Array && raw.length === 32;
    if (!valid) throw new ConfigurationError('WebSqliteStorage: `key.raw` must be 32 bytes (a Uint8Array, or 64 hex digits)');
  } else {
    throw new ConfigurationError('WebSqliteStorage: `key` must be a passphrase or { raw: 32 bytes }');
  }
  if (options.vfs !== undefined && !['auto', 'opfs', 'idb'].includes(options.vfs)) {
    throw new ConfigurationError("WebSqliteStorage: `vfs` must be 'auto', 'opfs' or 'idb'");
  }
  const timeout = options.lockTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0)) {
    throw new ConfigurationError('WebSqliteStorage: `lockTimeoutMs` must be a whole number of milliseconds, 0 or more');
  }
  if (options.onMissingDatabase !== undefined && options.onMissingDatabase !== 'throw' && options.onMissingDatabase !== 'start-empty') {
    throw new ConfigurationError("WebSqliteStorage: `onMissingDatabase` must be 'throw' or 'start-empty'");
  }
}
