import type { SQLiteDBConnection } from '@capacitor-community/sqlite';

/** A value the app binds into its SQL. */
export type SqlParam = string | number | null;

/** A row read by the app, keyed by column name. */
export type SqlRecord = Record<string, unknown>;

/**
 * The app's own SQL access to its tables (contacts, activities). Inside an outbox transaction it is
 * the transaction's handle, so the optimistic write and the enqueue commit together.
 */
export interface SqlExecutor {
  /** Runs one write with positional `?` parameters. */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /** Runs a query with positional `?` parameters and returns every row. */
  all(sql: string, params?: readonly SqlParam[]): Promise<SqlRecord[]>;
}

/**
 * A `SqlExecutor` over a Capacitor SQLite connection, for reads and for writes outside any outbox
 * transaction. `transaction: false` because the plugin would otherwise wrap (and commit) each statement.
 */
export function connectionExecutor(db: SQLiteDBConnection): SqlExecutor {
  return {
    async run(sql, params = []) {
      await db.run(sql, [...params], false);
    },
    async all(sql, params = []) {
      const result = await db.query(sql, [...params]);
      return (result.values ?? []) as SqlRecord[];
    },
  };
}
