import initSqlJs from 'sql.js';
import type { Database } from 'sql.js';
import type { Mutation } from '@mutation-outbox/core';
import { APP_SCHEMA } from '../db/app-schema';
import type { SqlExecutor } from '../db/sql-executor';
import type { AppOutbox, WriteContext } from '../outbox/app-outbox';

/** A fresh in-memory SQLite (sql.js 1.12.0, the engine jeep-sqlite runs in the browser) with the app schema. */
export async function createAppDatabase(): Promise<{ db: Database; sql: SqlExecutor }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec('PRAGMA foreign_keys = ON;');
  db.exec(APP_SCHEMA);
  const sql: SqlExecutor = {
    async run(statement, params = []) {
      db.run(statement, params);
    },
    async all(statement, params = []) {
      const stmt = db.prepare(statement);
      try {
        stmt.bind(params);
        const rows: Record<string, unknown>[] = [];
        while (stmt.step()) rows.push(stmt.getAsObject());
        return rows;
      } finally {
        stmt.free();
      }
    },
  };
  return { db, sql };
}

/** An `AppOutbox` that records enqueued mutations and runs writes in a real SQL transaction. */
export class RecordingOutbox implements AppOutbox {
  readonly enqueued: Mutation[] = [];
  private nextId = 1;

  constructor(private readonly sql: SqlExecutor) {}

  onChange(): () => void {
    return () => undefined;
  }

  async write<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    const staged: Mutation[] = [];
    await this.sql.run('BEGIN');
    try {
      const result = await work({ sql: this.sql, enqueue: async (m) => void staged.push(m), tempId: () => `tmp_${this.nextId++}` });
      await this.sql.run('COMMIT');
      this.enqueued.push(...staged);
      return result;
    } catch (error) {
      await this.sql.run('ROLLBACK');
      throw error;
    }
  }
}
