// The slice of sql.js (1.12.0 ships no types) that the unit tests use.
declare module 'sql.js' {
  /** A sql.js prepared statement. */
  export interface Statement {
    bind(params: readonly unknown[]): boolean;
    step(): boolean;
    getAsObject(): Record<string, unknown>;
    free(): boolean;
  }
  /** An in-memory sql.js database. */
  export interface Database {
    run(sql: string, params?: readonly unknown[]): Database;
    exec(sql: string): unknown;
    prepare(sql: string): Statement;
    close(): void;
  }
  /** The loaded module. */
  export interface SqlJsStatic {
    Database: new () => Database;
  }
  const initSqlJs: () => Promise<SqlJsStatic>;
  export default initSqlJs;
}
