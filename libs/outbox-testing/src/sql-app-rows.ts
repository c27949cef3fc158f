import type { StorageTransaction } from '@mutation-outbox/core';
import type { StorageHarnessParts } from './create-storage-harness';

/** The slice of a SQL adapter's transaction handle (e.g. `SqlTransaction`) the app rows use. */
interface SqlHandle {
  run(sql: string, params?: readonly unknown[]): Promise<unknown>;
  all(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

const CREATE = 'CREATE TABLE IF NOT EXISTS app_rows (key TEXT PRIMARY KEY, value TEXT NOT NULL)';

function sql(tx: StorageTransaction): SqlHandle {
  const handle = tx as unknown as Partial<SqlHandle>;
  if (typeof handle.run !== 'function' || typeof handle.all !== 'function') throw new TypeError('Expected a SQL transaction handle with run() and all()');
  return handle as SqlHandle;
}

/**
 * `appWrite`/`appRead` for any SQL adapter whose transaction handle has `run(sql, params)` and
 * `all(sql, params)`: the app's rows live in an `app_rows` table of the same database, written in
 * the caller's transaction. Spread it into `createStorageHarness({ open, ...sqlAppRows })`.
 */
export const sqlAppRows: Pick<StorageHarnessParts, 'appWrite' | 'appRead'> = {
  async appWrite(tx, key, value) {
    await sql(tx).run(CREATE);
    await sql(tx).run('INSERT INTO app_rows (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  },
  appRead: (storage, key) =>
    storage.transaction(async (tx) => {
      await sql(tx).run(CREATE);
      const [row] = await sql(tx).all('SELECT value FROM app_rows WHERE key = ?', [key]);
      return row ? String(row['value']) : null;
    }),
};
