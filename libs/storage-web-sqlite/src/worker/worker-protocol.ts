import type { SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';

/** Which virtual file system holds the database: OPFS sync access handles, or IndexedDB. */
export type WebSqliteVfs = 'opfs' | 'idb';

/** The key as the worker receives it: 64 hex digits of raw key, or a passphrase. Never stored. */
export type WorkerKey = { readonly raw: string } | { readonly passphrase: string };

/** What the worker needs to open the database. */
export interface WorkerOpenRequest {
  readonly name: string;
  readonly key: WorkerKey;
  readonly vfs: WebSqliteVfs | 'auto';
  /** How long to wait for another tab to let go of the database (ms). */
  readonly lockTimeoutMs: number;
}

/** What the worker reports once the database is open. */
export interface WorkerOpened {
  readonly vfs: WebSqliteVfs;
  /** The database had no schema at all before this open (a new, empty file). */
  readonly empty: boolean;
}

/** One call from the page to the worker; `id` pairs it with its reply. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'open'; readonly open: WorkerOpenRequest }
  | { readonly id: number; readonly op: 'run' | 'all'; readonly sql: string; readonly params: readonly SqlValue[] }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string }
  | { readonly id: number; readonly op: 'begin' | 'commit' | 'rollback' | 'close' }
  | { readonly id: number; readonly op: 'setDurable'; readonly durable: boolean };

/** A driver error carried across the worker boundary (SQLite's message and result-code name). */
export interface WorkerError {
  readonly message: string;
  readonly code?: string;
  readonly kind?: 'locked' | 'config';
}

/** The worker's answer to one request. */
export type WorkerReply =
  | { readonly id: number; readonly ok: WorkerOpened | SqlRunResult | SqlRow[] | null }
  | { readonly id: number; readonly error: WorkerError };
