import type { SqlDriver, SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';

/** The slice of a better-sqlite3(-multiple-ciphers) statement the driver uses. */
export interface BetterSqliteStatement {
  readonly reader: boolean;
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
}

/** The slice of a better-sqlite3(-multiple-ciphers) `Database` the driver uses. */
export interface BetterSqliteConnection {
  readonly inTransaction: boolean;
  prepare(source: string): BetterSqliteStatement;
  exec(source: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

/** Options of `BetterSqliteDriver`. */
export interface BetterSqliteDriverOptions {
  /** `synchronous` level of durable commits (default FULL: a commit survives power loss). */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Most prepared statements kept (least recently used ones are dropped). Default 200. */
  readonly statementCacheSize?: number;
}

/**
 * `SqlDriver` over one better-sqlite3-multiple-ciphers connection. Statements are prepared once
 * per SQL text and reused; `begin` takes the write lock at once (BEGIN IMMEDIATE), so two
 * connections never deadlock upgrading a read lock; `setDurable(false)` lowers `synchronous` to
 * NORMAL (WAL: still atomic and ordered, the fsync is skipped) until `setDurable(true)`.
 * Errors are the client's own `SqliteError`s (with a `SQLITE_*` code).
 */
export class BetterSqliteDriver implements SqlDriver {
  private readonly statements = new Map<string, BetterSqliteStatement>();
  private readonly synchronous: 'FULL' | 'NORMAL';
  private readonly cacheSize: number;
  private commits = 0;

  constructor(
    private readonly connection: BetterSqliteConnection,
    options: BetterSqliteDriverOptions = {},
  ) {
    this.synchronous = options.synchronous ?? 'FULL';
    this.cacheSize = options.statementCacheSize ?? 200;
  }

  /** COMMITs this connection has run successfully. */
  get commitCount(): number {
    return this.commits;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    const result = this.prepare(sql).run(...bindable(params));
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.prepare(sql).all(...bindable(params)) as SqlRow[];
  }

  async exec(sql: string): Promise<void> {
    this.connection.exec(sql);
  }

  async begin(): Promise<void> {
    this.prepare('BEGIN IMMEDIATE').run();
  }

  async commit(): Promise<void> {
    this.prepare('COMMIT').run();
    this.commits++;
  }

  async rollback(): Promise<void> {
    // SQLite may already have rolled back on its own (SQLITE_FULL, SQLITE_IOERR...).
    if (this.connection.inTransaction) this.prepare('ROLLBACK').run();
  }

  async setDurable(durable: boolean): Promise<void> {
    this.connection.pragma(`synchronous = ${durable ? this.synchronous : 'NORMAL'}`);
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.connection.close();
  }

  private prepare(sql: string): BetterSqliteStatement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Re-insert to mark it most recently used.
      this.statements.delete(sql);
    } else {
      statement = this.connection.prepare(sql);
      if (this.statements.size >= this.cacheSize) {
        const oldest = this.statements.keys().next();
        if (!oldest.done) this.statements.delete(oldest.value);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }
}

/** better-sqlite3 binds Buffers, not bare Uint8Arrays. */
function bindable(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value));
}
