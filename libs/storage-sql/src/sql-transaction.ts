import { StorageError } from '@mutation-outbox/core';
import type { OutboxError, StorageTransaction } from '@mutation-outbox/core';
import type { SqlErrorContext } from './map-sql-error';
import type { SqlDriver, SqlRow, SqlRunResult, SqlValue } from './sql-driver';
import type { SqlOutboxStorage } from './sql-outbox-storage';

/** Runs statements; driver errors come out as typed `OutboxError`s. */
export interface SqlExecutor {
  /** Runs one statement with positional `?` parameters. */
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>;
  /** Runs a query with positional `?` parameters; returns every row. */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
}

/** How the storage turns a driver error into a typed one. */
export type SqlErrorMapper = (error: unknown, context: SqlErrorContext) => OutboxError;

/**
 * A transaction of `SqlOutboxStorage`, handed to `transaction(work)`. Run the app's own
 * statements with `run`/`all` on it: they commit or roll back together with every outbox write
 * made with this handle (`append(..., { tx })`, `update(..., { tx })`...). Usable only until
 * `work` settles; afterwards every call throws `StorageError`. Driver errors are thrown as typed
 * `OutboxError`s (e.g. `StorageError`, `StorageLockedError`) with the driver's error as `cause`.
 */
export class SqlTransaction implements StorageTransaction, SqlExecutor {
  private active = true;

  /** @internal Created by `SqlOutboxStorage` only. */
  constructor(
    readonly storage: SqlOutboxStorage,
    private readonly driver: SqlDriver,
    private readonly mapError: SqlErrorMapper,
  ) {}

  /** Whether the transaction is still open. */
  get isActive(): boolean {
    return this.active;
  }

  /** Runs one statement inside this transaction. */
  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    this.assertActive();
    try {
      return await this.driver.run(sql, params);
    } catch (error) {
      throw this.mapError(error, 'write');
    }
  }

  /** Runs a query inside this transaction (it sees the transaction's own uncommitted writes). */
  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    this.assertActive();
    try {
      return await this.driver.all(sql, params);
    } catch (error) {
      throw this.mapError(error, 'read');
    }
  }

  /** @internal Ends the handle's life. */
  end(): void {
    this.active = false;
  }

  /** @internal Throws `StorageError` once the transaction has ended. */
  assertActive(): void {
    if (!this.active) throw new StorageError('This transaction has already committed or rolled back; use the handle only inside its work');
  }
}
