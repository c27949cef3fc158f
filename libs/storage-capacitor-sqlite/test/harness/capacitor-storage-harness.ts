import type { OutboxStorage, StorageTransaction } from '@mutation-outbox/core';
import { SqlTransaction } from '@mutation-outbox/storage-sql';
import type { StorageHarness } from '@mutation-outbox/testing';
import { CapacitorSqliteStorage } from '../../src/capacitor-sqlite-storage';
import { SimulatedDevice } from './simulated-device';
import { TEST_PASSPHRASE, TestApp } from './test-app';

/** Cheap key stretching: the contract suite opens ~80 encrypted databases (see `kdfIter`). */
const FAST_KDF_ITER = 4_000;

/** The app's own key/value table, living in the outbox's database next to the outbox tables. */
const APP_TABLE = 'CREATE TABLE IF NOT EXISTS app_kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)';

function sqlTx(tx: StorageTransaction): SqlTransaction {
  if (!(tx instanceof SqlTransaction)) throw new TypeError('Expected the SqlTransaction handle of CapacitorSqliteStorage');
  return tx;
}

/**
 * A contract-suite harness for `CapacitorSqliteStorage` with its own connection, on the real
 * `SQLiteConnection` / `SQLiteDBConnection` over the Node plugin harness: an encrypted SQLCipher
 * file on a simulated Android device. `reopen` closes the connection and opens a new one on the
 * same file; `crashAndReopen` kills the app (nothing closed) and opens the file from a new run.
 */
export async function createCapacitorStorageHarness(): Promise<StorageHarness> {
  const device = SimulatedDevice.create();
  device.kdfIter = FAST_KDF_ITER;
  const apps: TestApp[] = [];
  const instances: { storage: CapacitorSqliteStorage; app: TestApp }[] = [];
  const crashed = new Set<TestApp>();
  const launch = (): TestApp => {
    const app = new TestApp(device);
    apps.push(app);
    return app;
  };
  let app = launch();
  const openOn = async (on: TestApp): Promise<OutboxStorage> => {
    const storage = new CapacitorSqliteStorage({ sqlite: on.sqlite, database: 'outbox', platform: 'android', passphrase: async () => TEST_PASSPHRASE });
    await storage.open();
    instances.push({ storage, app: on });
    return storage;
  };
  const storage = await openOn(app);
  await storage.transaction(async (tx) => void (await sqlTx(tx).run(APP_TABLE)));
  return {
    storage,
    async reopen() {
      await instances[instances.length - 1]?.storage.close();
      return openOn(app);
    },
    async crashAndReopen() {
      app.plugin.crash();
      crashed.add(app);
      app = launch();
      return openOn(app);
    },
    async appWrite(tx, key, value) {
      await sqlTx(tx).run('INSERT INTO app_kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', [key, value]);
    },
    async appRead(reader, key) {
      const rows = await reader.transaction(async (tx) => sqlTx(tx).all('SELECT v FROM app_kv WHERE k = ?', [key]));
      return rows[0] ? String(rows[0]['v']) : null;
    },
    async dispose() {
      try {
        for (const { storage: instance, app: on } of instances.reverse()) if (!crashed.has(on)) await instance.close();
      } finally {
        for (const each of apps) each.plugin.dispose();
        device.dispose();
      }
    },
  };
}
