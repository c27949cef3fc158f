import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { ConfigurationError } from '@mutation-outbox/core';
import type { OutboxLimits } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { CapacitorSqliteStorage } from '../src/capacitor-sqlite-storage';
import type { TestApp } from './harness/test-app';
import { useSimulatedDevice } from './harness/use-simulated-device';

const ROOMY: OutboxLimits = { maxEntries: 1_000, maxBytes: 1_000_000 };

describe('CapacitorSqliteStorage', () => {
  const { launch } = useSimulatedDevice();

  describe("sharing the app's connection", () => {
    let app: TestApp;
    let db: SQLiteDBConnection;
    let storage: CapacitorSqliteStorage;

    beforeEach(async () => {
      app = launch();
      db = await app.connect('app');
      await db.execute('CREATE TABLE contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL)');
      storage = new CapacitorSqliteStorage({ connection: db, encrypted: true, platform: 'android' });
      await storage.open();
    });

    async function contacts(): Promise<unknown[]> {
      return (await db.query('SELECT id, name FROM contacts ORDER BY id')).values ?? [];
    }

    it("commits the app's optimistic write and the enqueue in one transaction", async () => {
      await storage.transaction(async (tx) => {
        await tx.run('INSERT INTO contacts (id, name) VALUES (?, ?)', ['c1', 'Ada']);
        await storage.append([newEntry(1, { entityId: 'c1' })], ROOMY, { tx });
      });
      expect(await contacts()).toEqual([{ id: 'c1', name: 'Ada' }]);
      expect(await storage.get('e1')).toMatchObject({ entityId: 'c1', status: 'pending' });
      expect(storage.capabilities).toEqual({ persistent: true, encrypted: true });
    });

    it('rolls both back when the work throws, and when the enqueue is refused', async () => {
      await expect(
        storage.transaction(async (tx) => {
          await tx.run('INSERT INTO contacts (id, name) VALUES (?, ?)', ['c1', 'Ada']);
          await storage.append([newEntry(1)], ROOMY, { tx });
          throw new Error('validation failed');
        }),
      ).rejects.toThrow('validation failed');
      await expect(
        storage.transaction(async (tx) => {
          await tx.run('INSERT INTO contacts (id, name) VALUES (?, ?)', ['c2', 'Grace']);
          await storage.append([newEntry(2), newEntry(3)], { maxEntries: 1, maxBytes: 1_000 }, { tx });
        }),
      ).rejects.toMatchObject({ code: 'OUTBOX_FULL' });
      expect(await contacts()).toEqual([]);
      expect(await storage.counts()).toMatchObject({ pending: 0 });
      expect((await db.isTransactionActive()).result).toBe(false);
    });

    it("keeps the app's connection open on close, and the outbox data across reopen", async () => {
      await storage.append([newEntry(1)], ROOMY);
      await storage.close();
      expect((await db.isDBOpen()).result).toBe(true);
      const again = new CapacitorSqliteStorage({ connection: db, encrypted: true, platform: 'android' });
      await again.open();
      expect(await again.get('e1')).not.toBeNull();
      expect(await db.query("SELECT name FROM sqlite_master WHERE name = 'contacts'")).toEqual({ values: [{ name: 'contacts' }] });
    });
  });

  describe('on the web (jeep-sqlite)', () => {
    it("reports encrypted: false and, with persist 'after-commit', keeps every resolved enqueue across a killed tab", async () => {
      const tab = launch('web');
      const storage = new CapacitorSqliteStorage({ sqlite: tab.sqlite, database: 'outbox', platform: 'web' });
      expect(storage.capabilities).toEqual({ persistent: true, encrypted: false });
      await storage.open();
      await storage.append([newEntry(1)], ROOMY);
      tab.plugin.crash();

      const reloaded = new CapacitorSqliteStorage({ sqlite: launch('web').sqlite, database: 'outbox', platform: 'web' });
      await reloaded.open();
      expect(await reloaded.get('e1')).toMatchObject({ id: 'e1' });
      await reloaded.close();
    });

    it('skips the IndexedDB save for durable:false writes; the next durable commit saves them too', async () => {
      const tab = launch('web');
      const storage = new CapacitorSqliteStorage({ sqlite: tab.sqlite, database: 'outbox', platform: 'web' });
      await storage.open();
      await storage.append([newEntry(1)], ROOMY);
      const saves = (): number => tab.plugin.calls.filter((call) => call === 'saveToStore').length;
      const before = saves();
      await storage.update('e1', { status: 'in_flight' }, { durable: false });
      expect(saves()).toBe(before);
      await storage.putServerId('tmp_1', 'srv_1');
      expect(saves()).toBe(before + 1);
      tab.plugin.crash();

      const reloaded = new CapacitorSqliteStorage({ sqlite: launch('web').sqlite, database: 'outbox', platform: 'web' });
      await reloaded.open();
      expect(await reloaded.get('e1')).toMatchObject({ status: 'in_flight' });
      await reloaded.close();
    });

    it('refuses encryption it cannot provide', () => {
      expect(() => new CapacitorSqliteStorage({ sqlite: launch('web').sqlite, database: 'outbox', platform: 'web', encrypted: true })).toThrow(ConfigurationError);
    });
  });
});
