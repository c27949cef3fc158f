import { readFileSync } from 'node:fs';
import { SQLiteConnection } from '@capacitor-community/sqlite';
import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeCapacitorSqlitePlugin } from './node-capacitor-sqlite-plugin';
import type { PluginPlatform } from './node-capacitor-sqlite-plugin';
import { SimulatedDevice } from './simulated-device';

// These tests pin the harness to the plugin behaviour the adapter relies on, driving it through
// the real SQLiteConnection / SQLiteDBConnection classes.
describe('NodeCapacitorSqlitePlugin (test harness)', () => {
  let device: SimulatedDevice;
  const plugins: NodeCapacitorSqlitePlugin[] = [];

  beforeEach(() => {
    device = SimulatedDevice.create();
  });
  afterEach(() => {
    for (const plugin of plugins.splice(0)) plugin.dispose();
    device.dispose();
  });

  async function launch(platform: PluginPlatform = 'native', encrypted = true): Promise<{ plugin: NodeCapacitorSqlitePlugin; sqlite: SQLiteConnection; db: SQLiteDBConnection }> {
    const plugin = new NodeCapacitorSqlitePlugin(device, platform);
    plugins.push(plugin);
    const sqlite = new SQLiteConnection(plugin);
    if (encrypted && !(await sqlite.isSecretStored()).result) await sqlite.setEncryptionSecret("s3cret'pass");
    const db = await sqlite.createConnection('app', encrypted, encrypted ? 'secret' : 'no-encryption', 1, false);
    await db.open();
    return { plugin, sqlite, db };
  }

  it('stores an encrypted SQLCipher file that reopens with the stored secret only', async () => {
    const { sqlite, db } = await launch();
    await db.execute('CREATE TABLE t (v TEXT)');
    await db.run('INSERT INTO t (v) VALUES (?)', ['hello']);
    await sqlite.closeConnection('app', false);
    expect(readFileSync(device.fileOf('app')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const again = await launch();
    expect((await again.db.query('SELECT v FROM t')).values).toEqual([{ v: 'hello' }]);
    await again.sqlite.closeConnection('app', false);

    device.secret = 'wrong';
    const wrong = new SQLiteConnection(new NodeCapacitorSqlitePlugin(device));
    const conn = await wrong.createConnection('app', true, 'secret', 1, false);
    await expect(conn.open()).rejects.toThrow(/file is not a database/);
  });

  it('wraps run in its own transaction unless told not to, so it fails inside an outer one', async () => {
    const { db } = await launch();
    await db.execute('CREATE TABLE t (v INTEGER)');
    await db.beginTransaction();
    await expect(db.run('INSERT INTO t (v) VALUES (?)', [1])).rejects.toThrow(/within a transaction/);
    const res = await db.run('INSERT INTO t (v) VALUES (?)', [2], false);
    expect(res.changes).toEqual({ changes: 1, lastId: 1 });
    expect((await db.isTransactionActive()).result).toBe(true);
    await db.rollbackTransaction();
    expect((await db.query('SELECT count(*) AS n FROM t')).values).toEqual([{ n: 0 }]);
  });

  it('keeps committed rows and loses the open transaction when the app is killed', async () => {
    const first = await launch();
    await first.db.execute('CREATE TABLE t (v INTEGER)');
    await first.db.run('INSERT INTO t (v) VALUES (?)', [1]);
    await first.db.beginTransaction();
    await first.db.run('INSERT INTO t (v) VALUES (?)', [2], false);
    first.plugin.crash();
    await expect(first.db.query('SELECT 1')).rejects.toThrow(/killed/);

    const second = await launch();
    expect((await second.db.query('SELECT v FROM t')).values).toEqual([{ v: 1 }]);
  });

  it('behaves like jeep-sqlite on the web: no secrets, persisted only by saveToStore or close', async () => {
    const first = await launch('web', false);
    await expect(first.sqlite.setEncryptionSecret('x')).rejects.toThrow(/Not implemented on web/);
    await first.db.execute('CREATE TABLE t (v INTEGER)');
    await first.sqlite.saveToStore('app');
    await first.db.run('INSERT INTO t (v) VALUES (?)', [1]);
    first.plugin.crash();

    const second = await launch('web', false);
    expect((await second.db.query('SELECT count(*) AS n FROM t')).values).toEqual([{ n: 0 }]);
  });
});
