import * as SQLite from '@journeyapps/wa-sqlite';
import type { SqlRow, SqlRunResult, SqlValue } from '@mutation-outbox/storage-sql';
import type { CipherDatabase } from './open-cipher-database';

/**
 * The statements the page asks for, run on the worker's one connection. Every call runs to the
 * end before the next starts (the worker awaits each request in turn), so the page's
 * transaction boundaries are SQLite's.
 */
export class WorkerDatabase {
  constructor(private readonly cipher: CipherDatabase) {}

  /** Runs one statement; reports the rows it changed and the last rowid. */
  async run(sql: string, params: readonly SqlValue[]): Promise<SqlRunResult> {
    await this.each(sql, params, () => undefined);
    const { sqlite3, db } = this.cipher;
    return { changes: sqlite3.changes(db), lastInsertRowid: Number(sqlite3.last_insert_id(db)) };
  }

  /** Runs a query; returns every row keyed by column name. */
  async all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    const rows: SqlRow[] = [];
    await this.each(sql, params, (row) => rows.push(row));
    return rows;
  }

  /** Runs parameterless statements (schema, pragmas). */
  async exec(sql: string): Promise<void> {
    await this.cipher.sqlite3.exec(this.cipher.db, sql);
  }

  /** Makes the next commits skip (`false`) or wait for (`true`) the VFS flush. */
  async setDurable(durable: boolean): Promise<void> {
    await this.exec(`PRAGMA synchronous = ${durable ? 'FULL' : 'OFF'}`);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.cipher.sqlite3.close(this.cipher.db);
  }

  private async each(sql: string, params: readonly SqlValue[], onRow: (row: SqlRow) => void): Promise<void> {
    const { sqlite3, db } = this.cipher;
    for await (const stmt of sqlite3.statements(db, sql)) {
      if (params.length > 0) sqlite3.bind_collection(stmt, params as SQLiteCompatibleType[]);
      const columns = sqlite3.column_names(stmt);
      while ((await sqlite3.step(stmt)) === SQLite.SQLITE_ROW) {
        const values = sqlite3.row(stmt);
        const row: SqlRow = {};
        columns.forEach((column, i) => {
          row[column] = toSqlValue(values[i]);
        });
        onRow(row);
      }
    }
  }
}

function toSqlValue(value: SQLiteCompatibleType | null | undefined): SqlValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return Uint8Array.from(value);
  return value as SqlValue;
}
