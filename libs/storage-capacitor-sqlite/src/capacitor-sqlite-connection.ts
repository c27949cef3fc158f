/** What the plugin reports about a write (`capSQLiteChanges`). */
export interface CapacitorSqliteChanges {
  readonly changes?: { readonly changes?: number; readonly lastId?: number };
}

/** Rows returned by a query (`DBSQLiteValues`). */
export interface CapacitorSqliteValues {
  readonly values?: readonly unknown[];
}

/**
 * The slice of `SQLiteDBConnection` (from `@capacitor-community/sqlite`) that the outbox uses.
 * The real class satisfies it structurally; nothing else of the connection is called, so tests can
 * drive the adapter with the real class over any implementation of the plugin.
 */
export interface CapacitorSqliteConnection {
  /** The database name the connection was created for. */
  getConnectionDBName(): string;
  /** Runs one statement; `transaction: false` joins the transaction the caller began. */
  run(statement: string, values?: unknown[], transaction?: boolean, returnMode?: string): Promise<CapacitorSqliteChanges>;
  /** Runs a query and returns its rows. */
  query(statement: string, values?: unknown[]): Promise<CapacitorSqliteValues>;
  /** BEGIN TRANSACTION on this connection. */
  beginTransaction(): Promise<CapacitorSqliteChanges>;
  /** COMMIT TRANSACTION on this connection. */
  commitTransaction(): Promise<CapacitorSqliteChanges>;
  /** ROLLBACK TRANSACTION on this connection. */
  rollbackTransaction(): Promise<CapacitorSqliteChanges>;
}
