import type Database from 'better-sqlite3-multiple-ciphers';

type Db = Database.Database;

// Statement execution for NodeCapacitorSqlitePlugin, with the plugin's result shapes.

/** The plugin's key for a connection: `RW_<database>` or `RO_<database>`. */
export function connName(database: string, readonly: boolean | undefined): string {
  return `${readonly ? 'RO' : 'RW'}_${database}`;
}

// Prepared statements per handle: preparing on every call would dominate the suite's run time.
const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for `sql` on `db`, prepared once per handle. */
export function prepare(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

function totalChanges(db: Db): number {
  return (prepare(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
}

/** Byte arrays that crossed the bridge bind as blobs again. */
export function bindable(values: readonly unknown[]): unknown[] {
  return values.map((v) => (Array.isArray(v) ? Buffer.from(v as number[]) : v));
}

/** Runs `work` and returns the `total_changes()` difference, as iOS/Android report `changes`. */
export function changesOf(db: Db, work: () => void): number {
  const before = totalChanges(db);
  work();
  return totalChanges(db) - before;
}

/** Runs one statement with its values; returns the plugin's `{ changes, lastId }`. */
export function runOne(db: Db, statement: string, values: readonly unknown[]): { changes: number; lastId: number } {
  const stmt = prepare(db, statement);
  let lastId = -1;
  const changes = changesOf(db, () => {
    lastId = Number(stmt.run(...bindable(values)).lastInsertRowid);
  });
  return { changes, lastId };
}

/** Wraps `work` in BEGIN/COMMIT (ROLLBACK on error) when `transaction`, as the plugin does. */
export function inOwnTransaction<T>(db: Db, transaction: boolean, work: () => T): T {
  if (!transaction) return work();
  db.exec('BEGIN TRANSACTION;');
  try {
    const result = work();
    db.exec('COMMIT TRANSACTION;');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK TRANSACTION;');
    throw error;
  }
}

/** What the Capacitor bridge does to a value: JSON both ways (blobs become byte arrays). */
export function bridge<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (isBufferJson(v) ? v.data : v))) as T;
}

function isBufferJson(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data);
}

/** The message of an error or of anything thrown. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
