import type { OutboxStorage } from '@mutation-outbox/core';
import { sqlAppRows } from '@mutation-outbox/testing';
import type { StorageHarness } from '@mutation-outbox/testing';
import { CapacitorSqliteStorage } from '../../src/capacitor-sqlite-storage';
import { SimulatedDevice } from './simulated-device';
import { TEST_PASSPHRASE, TestApp } from './test-app';

/** Cheap key stretching: the contract suite opens ~80 encrypted databases (see `kdfIter`). */
const FAST_KDF_ITER = 4_000;

/**
 * A contract-suite harness for `CapacitorSqliteStorage` with its own connection, on the real
 * `SQLiteConnection` / `SQLiteDBConnection` over the Node plugin harness: an encrypted SQLCipher
 * file on a simulated Android device. `reopen` closes the connection and opens a new one on the
 * same file; `crashAndReopen` kills the app (nothing is closed) and opens the file from a new run
 * of the app. No `openSecond`: the plugin allows one read-write connection per database per app,
 * and a phone runs one app process.
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
  return {
    storage: await openOn(app),
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
    ...sqlAppRows,
    async dispose() {
      try {
        for (const { storage, app: on } of instances.reverse()) if (!crashed.has(on)) await storage.close();
      } finally {
        for (const each of apps) each.plugin.dispose();
        device.dispose();
      }
    },
  };
}
