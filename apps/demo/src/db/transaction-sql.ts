import type { StorageTransaction } from '@mutation-outbox/core';
import type { SqlExecutor, SqlParam, SqlRecord } from './sql-executor';

interface SqlHandle {
  run(sql: string, params?: readonly SqlParam[]): Promise<unknown>;
  all(sql: string, params?: readonly SqlParam[]): Promise<SqlRecord[]>;
}

function isSqlHandle(tx: object): tx is SqlHandle {
  const candidate = tx as Partial<SqlHandle>;
  return typeof candidate.run === 'function' && typeof candidate.all === 'function';
}

/**
 * The app's SQL inside an outbox storage transaction: SQL storages (Capacitor SQLite, Node SQLite)
 * hand out transactions with `run`/`all`, whose statements commit together with the outbox's.
 * Throws `TypeError` for a storage without SQL (e.g. the in-memory one), a wiring mistake.
 */
export function transactionSql(tx: StorageTransaction): SqlExecutor {
  if (!isSqlHandle(tx)) throw new TypeError('This outbox storage has no SQL transaction handle: the demo needs a SQL storage');
  return {
    async run(sql, params = []) {
      await tx.run(sql, params);
    },
    all: (sql, params = []) => tx.all(sql, params),
  };
}
