/** A value SQLite can bind or return. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A row returned by a query, keyed by column name. */
export type SqlRow = Record<string, SqlValue>;

/** What `run` reports about a write. */
export interface SqlRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number;
}

/**
 * The slice of a SQLite connection that the shared SQL outbox storage needs. Each adapter
 * (better-sqlite3-multiple-ciphers on Node, @capacitor-community/sqlite on devices) implements
 * it over its own client; nothing else of the client is used by the shared code.
 *
 * MUST: statements run in call order on one connection; `begin`/`commit`/`rollback` delimit one
 * transaction (no nesting); errors are thrown as the driver's own errors (the storage maps them).
 */
export interface SqlDriver {
  /** Runs one statement with positional `?` parameters. */
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlRunResult>;
  /** Runs a query with positional `?` parameters; returns every row. */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs one or more parameterless statements (schema, pragmas). */
  exec(sql: string): Promise<void>;
  /** Starts a transaction, taking the write lock at once (`BEGIN IMMEDIATE`), so that two connections never deadlock. */
  begin(): Promise<void>;
  /** Commits the open transaction; resolves once it is durable (unless `setDurable(false)`). */
  commit(): Promise<void>;
  /** Rolls the open transaction back; harmless when SQLite already rolled it back on its own. */
  rollback(): Promise<void>;
  /**
   * Optional: whether the next commits must reach the disk before they resolve (`true`, the
   * default) or may skip the fsync (`false`: still atomic and ordered before later commits).
   */
  setDurable?(durable: boolean): Promise<void>;
  /** Closes the connection (the storage calls it only if it opened the connection). */
  close(): Promise<void>;
}
