import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapacitorSqliteDriver } from '../src/capacitor-sqlite-driver';
import { SimulatedDevice } from './harness/simulated-device';
import { TestApp } from './harness/test-app';

describe('CapacitorSqliteDriver over the real SQLiteDBConnection', () => {
  let device: SimulatedDevice;
  let app: TestApp;
  let db: SQLiteDBConnection;
  let commits: number;
  let driver: CapacitorSqliteDriver;

  beforeEach(async () => {
    device = SimulatedDevice.create();
    device.kdfIter = 4_000; // cheap key stretching; the harness spec covers SQLCipher's default
    app = new TestApp(device);
    db = await app.connect();
    commits = 0;
    driver = new CapacitorSqliteDriver(db, { afterCommit: async () => void commits++ });
    await driver.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n REAL, b BLOB, big INTEGER)');
    commits = 0;
  });
  afterEach(() => {
    app.plugin.dispose();
    device.dispose();
  });

  it('binds and returns every SqlValue kind across the bridge', async () => {
    const res = await driver.run('INSERT INTO t (s, n, b, big) VALUES (?, ?, ?, ?)', ['a', 1.5, new Uint8Array([0, 255]), 2n ** 40n]);
    expect(res).toEqual({ changes: 1, lastInsertRowid: 1 });
    await driver.run('INSERT INTO t (s) VALUES (?)', [null]);
    const rows = await driver.all('SELECT s, n, b, big FROM t ORDER BY id');
    expect(rows).toEqual([
      { s: 'a', n: 1.5, b: new Uint8Array([0, 255]), big: 2 ** 40 },
      { s: null, n: null, b: null, big: null },
    ]);
    await expect(driver.run('INSERT INTO t (big) VALUES (?)', [2n ** 60n])).rejects.toThrow(RangeError);
  });

  it('runs statements inside begin/commit in that one transaction, and rollback undoes them', async () => {
    await driver.begin();
    await driver.run('INSERT INTO t (s) VALUES (?)', ['kept']);
    await driver.exec("INSERT INTO t (s) VALUES ('also kept')");
    await driver.commit();
    await driver.begin();
    await driver.run('INSERT INTO t (s) VALUES (?)', ['undone']);
    expect((await db.isTransactionActive()).result).toBe(true);
    await driver.rollback();
    expect(await driver.all('SELECT s FROM t ORDER BY id')).toEqual([{ s: 'kept' }, { s: 'also kept' }]);
  });

  it('executes a script with triggers, literal semicolons and pragmas one statement at a time', async () => {
    await driver.exec(`
      PRAGMA foreign_keys;
      CREATE TABLE c (n INTEGER NOT NULL);
      INSERT INTO c (n) VALUES (0);
      CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        UPDATE c SET n = n + 1;
      END;
      INSERT INTO t (s) VALUES ('x;y');
    `);
    expect(await driver.all('SELECT n FROM c')).toEqual([{ n: 1 }]);
    expect(await driver.all('SELECT s FROM t')).toEqual([{ s: 'x;y' }]);
  });

  it("reports the statement's own changes, not rows that triggers changed", async () => {
    await driver.exec(`
      CREATE TABLE log (n INTEGER);
      CREATE TRIGGER t_upd AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (1); END;
      INSERT INTO t (s) VALUES ('a'), ('b');
    `);
    expect((await driver.run('UPDATE t SET s = ?', ['c'])).changes).toBe(2);
    expect((await driver.run("UPDATE t SET s = 'd' WHERE id = 1")).changes).toBe(1);
    expect((await driver.run("UPDATE t SET s = 'e' WHERE id = 99")).changes).toBe(0);
    expect(await driver.all('SELECT count(*) AS n FROM log')).toEqual([{ n: 3 }]);
  });

  it('reports durable commits: after commit and autocommit writes, not for reads or non-durable writes', async () => {
    await driver.begin();
    await driver.run('INSERT INTO t (s) VALUES (?)', ['a']);
    expect(commits).toBe(0);
    await driver.commit();
    expect(commits).toBe(1);
    await driver.run('UPDATE t SET s = ?', ['b']);
    expect(commits).toBe(2);
    await driver.all('SELECT * FROM t');
    expect(commits).toBe(2);
    await driver.setDurable(false);
    await driver.run('UPDATE t SET s = ?', ['c']);
    expect(commits).toBe(2);
    await driver.setDurable(true);
    await driver.begin();
    await driver.rollback();
    expect(commits).toBe(2);
  });

  it('sends DELETE and savepoint statements behind a comment, so nothing reinterprets them', async () => {
    const statements: string[] = [];
    const spy = new Proxy(db, {
      get(target, key, receiver) {
        if (key === 'run') return (statement: string, ...rest: unknown[]) => (statements.push(statement), target.run(statement, ...(rest as [])));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const spied = new CapacitorSqliteDriver(spy);
    await spied.run('INSERT INTO t (s) VALUES (?)', ['a']);
    const res = await spied.run('  delete FROM t WHERE s = ?', ['a']);
    expect(res.changes).toBe(1);
    expect(statements[1]).toMatch(/^\/\* outbox \*\/\s+delete/);
    await spied.begin();
    await spied.run('SAVEPOINT s');
    await spied.run('INSERT INTO t (s) VALUES (?)', ['undone']);
    await spied.run('ROLLBACK TO s');
    await spied.run('RELEASE s');
    await spied.commit();
    expect(statements.slice(2).filter((sql) => !sql.startsWith('/* outbox */'))).toEqual(['INSERT INTO t (s) VALUES (?)']);
    expect(await spied.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('closes the connection only through the given close function', async () => {
    await new CapacitorSqliteDriver(db).close();
    expect((await db.isDBOpen()).result).toBe(true);
    await new CapacitorSqliteDriver(db, { close: () => db.close() }).close();
    expect((await db.isDBOpen()).result).toBe(false);
  });
});
