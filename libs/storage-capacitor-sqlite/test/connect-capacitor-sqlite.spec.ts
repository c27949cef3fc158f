import { readFileSync } from 'node:fs';
import { SQLiteConnection } from '@capacitor-community/sqlite';
import { ConfigurationError, EncryptionKeyError } from '@mutation-outbox/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { planCapacitorSqlite } from '../src/connect-capacitor-sqlite';
import { TEST_PASSPHRASE } from './harness/test-app';
import { useSimulatedDevice } from './harness/use-simulated-device';

describe('planCapacitorSqlite: opening the connection', () => {
  const { device, launch } = useSimulatedDevice();
  let passphraseReads: number;
  const passphrase = async (): Promise<string> => {
    passphraseReads++;
    return TEST_PASSPHRASE;
  };

  beforeEach(() => {
    passphraseReads = 0;
  });

  it('on iOS/Android stores the secret once, then opens an encrypted SQLCipher file in secret mode', async () => {
    const first = launch();
    const plan = planCapacitorSqlite({ sqlite: first.sqlite, database: 'outbox', platform: 'android', passphrase });
    expect(plan.encrypted).toBe(true);
    const driver = await plan.connect!();
    await driver.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (1)');
    await driver.close();
    expect(readFileSync(device().fileOf('outbox')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const again = await planCapacitorSqlite({ sqlite: launch().sqlite, database: 'outbox', platform: 'ios', passphrase }).connect!();
    expect(await again.all('SELECT v FROM t')).toEqual([{ v: '1' }]);
    expect(passphraseReads).toBe(1);
    await again.close();
  });

  it('maps a wrong stored secret to EncryptionKeyError and releases the connection', async () => {
    await (await planCapacitorSqlite({ sqlite: launch().sqlite, database: 'outbox', platform: 'android', passphrase }).connect!()).close();
    device().secret = 'not the right one';
    const app = launch();
    const error = await planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'android', passphrase })
      .connect!()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((await app.sqlite.isConnection('outbox', false)).result).toBe(false);
  });

  it('refuses with ConfigurationError when encryption is off in capacitor.config or no passphrase is given', async () => {
    device().encryptionInConfig = false;
    await expect(planCapacitorSqlite({ sqlite: launch().sqlite, database: 'outbox', platform: 'android', passphrase }).connect!()).rejects.toBeInstanceOf(ConfigurationError);
    expect(() => planCapacitorSqlite({ sqlite: launch().sqlite, database: 'outbox', platform: 'android' })).toThrow(ConfigurationError);
  });

  it('refuses to open a second connection the app already holds, pointing at sharing instead', async () => {
    const app = launch();
    await app.connect('outbox');
    await expect(planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'android', passphrase }).connect!()).rejects.toThrow(/pass it as `connection`/);
  });

  it('after a web-view reload (native connection alive, JS state lost) replaces the stale connection', async () => {
    const app = launch();
    const other = await app.connect('app');
    await (await planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'android', passphrase }).connect!()).exec('CREATE TABLE t (v)');
    const reloaded = new SQLiteConnection(app.plugin);
    const driver = await planCapacitorSqlite({ sqlite: reloaded, database: 'outbox', platform: 'android', passphrase }).connect!();
    expect(await driver.all("SELECT name FROM sqlite_master WHERE name = 't'")).toEqual([{ name: 't' }]);
    expect((await other.isDBOpen()).result).toBe(true);
  });

  it('on the web opens unencrypted without touching secrets, and refuses encrypted: true', async () => {
    const app = launch('web');
    const plan = planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'web', passphrase });
    expect(plan.encrypted).toBe(false);
    await (await plan.connect!()).close();
    expect(app.plugin.calls).not.toContain('setEncryptionSecret');
    expect(app.plugin.calls).not.toContain('isSecretStored');
    expect(passphraseReads).toBe(0);
    expect(() => planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'web', encrypted: true })).toThrow(ConfigurationError);
  });

  it("on the web with persist 'after-commit' saves to IndexedDB after each commit, so a killed tab keeps it", async () => {
    const app = launch('web');
    const driver = await planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'web' }).connect!();
    await driver.exec('CREATE TABLE t (v INTEGER)');
    await driver.begin();
    await driver.run('INSERT INTO t VALUES (?)', [1]);
    await driver.commit();
    app.plugin.crash();
    const reloaded = await planCapacitorSqlite({ sqlite: launch('web').sqlite, database: 'outbox', platform: 'web' }).connect!();
    expect(await reloaded.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });

  it("on the web with persist 'manual' leaves saving to the app", async () => {
    const app = launch('web');
    const driver = await planCapacitorSqlite({ sqlite: app.sqlite, database: 'outbox', platform: 'web', persist: 'manual' }).connect!();
    await driver.exec('CREATE TABLE t (v INTEGER)');
    expect(app.plugin.calls).not.toContain('saveToStore');
  });

  it('shares an open connection without ever closing it', async () => {
    const app = launch();
    const connection = await app.connect('app');
    const plan = planCapacitorSqlite({ connection, encrypted: true, platform: 'android' });
    expect(plan.encrypted).toBe(true);
    const driver = await plan.connect();
    expect(await driver.all('PRAGMA temp_store')).toEqual([{ temp_store: 2 }]);
    await driver.close();
    expect(plan.changeKey).toBeUndefined();
    expect((await connection.isDBOpen()).result).toBe(true);
    expect(() => planCapacitorSqlite({ connection, platform: 'web' })).toThrow(/saveToStore/);
  });
});
