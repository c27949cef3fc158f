import type { SqlDriver, SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';
import type { CapacitorSqliteConnection } from './capacitor-sqlite-connection';
import { splitSqlStatements } from './split-sql-statements';

/** Options of `CapacitorSqliteDriver`. */
export interface CapacitorSqliteDriverOptions {
  /**
   * Awaited after every durable commit: after `commit()` and after a write made outside a
   * transaction (autocommit). On the web this is where the database is saved to IndexedDB
   * (`saveToStore`); a commit resolves only once it returned.
   */
  readonly afterCommit?: () => Promise<void>;
  /** Closes the connection; omit it when the app owns the connection (then `close()` does nothing). */
  readonly close?: () => Promise<void>;
}

/**
 * `SqlDriver` over one `@capacitor-community/sqlite` connection (iOS, Android, Electron, web).
 *
 * Promises: statements reach the plugin in call order on that one connection. Every statement
 * runs with `transaction: false`, so it joins the transaction `begin()` opened (the plugin would
 * otherwise wrap it in a BEGIN/COMMIT of its own, which fails or nests inside an outer one) and
 * is an atomic autocommit write outside one. `begin()` is the plugin's `beginTransaction` (not
 * `BEGIN IMMEDIATE`: the plugin allows one read-write connection per database, so no second
 * connection can deadlock with it). `exec` hands the plugin one statement at a time (its own
 * script splitting differs by platform). Results are normalized: blobs as `Uint8Array`, SQL NULL
 * as `null`; `changes` counts the rows the statement itself changed, as `sqlite3_changes()` does.
 * Plugin errors are rethrown unchanged, for the storage to map.
 */
export class CapacitorSqliteDriver implements SqlDriver {
  private inTransaction = false;
  private durable = true;

  constructor(
    private readonly connection: CapacitorSqliteConnection,
    private readonly options: CapacitorSqliteDriverOptions = {},
  ) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlRunResult> {
    const result = await this.connection.run(shield(sql), toBridge(params), false, 'no');
    const reported = result.changes?.changes;
    const lastInsertRowid = result.changes?.lastId ?? 0;
    // iOS/Android report the total_changes() difference, which counts rows changed by triggers
    // too. At most 1 is exact (no row changed, no trigger fired); above that, ask SQLite for the
    // statement's own count before anything else runs on the connection.
    const changes = typeof reported === 'number' && reported <= 1 ? reported : await this.statementChanges();
    await this.afterWrite();
    return { changes, lastInsertRowid };
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    const result = await this.connection.query(sql, toBridge(params));
    if (!isRead(sql)) await this.afterWrite();
    return (result.values ?? []).map(toRow);
  }

  async exec(sql: string): Promise<void> {
    for (const statement of splitSqlStatements(sql)) {
      // Statements that return rows (SELECT, PRAGMA) go through `query`: Android's statement path
      // refuses them. One plugin call per statement keeps the plugin's own error message.
      if (returnsRows(statement)) await this.connection.query(statement, []);
      else await this.connection.run(shield(statement), [], false, 'no');
    }
    await this.afterWrite();
  }

  async begin(): Promise<void> {
    await this.connection.beginTransaction();
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    await this.connection.commitTransaction();
    this.inTransaction = false;
    await this.afterWrite();
  }

  async rollback(): Promise<void> {
    this.inTransaction = false;
    try {
      await this.connection.rollbackTransaction();
    } catch (error) {
      // SQLite already rolled back on its own (e.g. after SQLITE_FULL): nothing is left to undo.
      if (!/no transaction is active/i.test(String((error as Error | undefined)?.message ?? error))) throw error;
    }
  }

  async setDurable(durable: boolean): Promise<void> {
    this.durable = durable;
  }

  async close(): Promise<void> {
    this.inTransaction = false;
    await this.options.close?.();
  }

  private async statementChanges(): Promise<number> {
    const [row] = (await this.connection.query('SELECT changes() AS n', [])).values ?? [];
    return Number((row as { n?: unknown } | undefined)?.n ?? 0);
  }

  private async afterWrite(): Promise<void> {
    if (!this.inTransaction && this.durable) await this.options.afterCommit?.();
  }
}

/**
 * Puts a comment before statements that the plugins or Android's SQLite layer would otherwise
 * reinterpret by their first word: the plugin rewrites a `DELETE` into a soft-delete `UPDATE ...
 * SET sql_deleted = 1` when any table has `last_modified` and `sql_deleted` columns (its sync
 * feature, which the app's own tables may use), scanning every table's columns to find out; and
 * Android's statement classifier treats `ROLLBACK TO` (a savepoint) as the end of the whole
 * transaction on older versions. Behind a comment SQLite runs them exactly as written.
 */
function shield(sql: string): string {
  return /^\s*(DELETE|SAVEPOINT|RELEASE|ROLLBACK)\b/i.test(sql) ? `/* outbox */ ${sql}` : sql;
}

function returnsRows(sql: string): boolean {
  return isRead(sql) || /^\s*PRAGMA\b/i.test(stripLeadingComments(sql));
}

function isRead(sql: string): boolean {
  return /^\s*(SELECT|VALUES|EXPLAIN)\b/i.test(stripLeadingComments(sql)) || /^\s*PRAGMA\s+[\w.]+\s*(;|$)/i.test(stripLeadingComments(sql));
}

function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, '');
}

/** Values as the Capacitor bridge carries them (JSON): blobs as byte arrays, safe integers only. */
function toBridge(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => {
    if (typeof value === 'bigint') {
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new RangeError(`${value} cannot cross the Capacitor bridge exactly (beyond Number.MAX_SAFE_INTEGER)`);
      }
      return Number(value);
    }
    if (value instanceof Uint8Array) return Array.from(value);
    return value;
  });
}

function toRow(raw: unknown): SqlRow {
  const row: SqlRow = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) row[key] = toSqlValue(value);
  return row;
}

function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof Uint8Array) return value;
  // Blobs come back as byte arrays from iOS/Android, or as a serialized Buffer.
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  if (typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)) return Uint8Array.from((value as { data: number[] }).data);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return String(value);
}
