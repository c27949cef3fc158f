import type { OutboxStorage, StorageTransaction } from '@mutation-outbox/core';
import { MemoryDatabase } from './memory-database';
import { MemoryStorage, MemoryTransaction } from './memory-storage';
import type { StorageHarness } from './storage-harness';

/**
 * A `StorageHarness` over `MemoryStorage`: every instance shares one `MemoryDatabase`, and the
 * app's rows live in its `appData` map.
 */
export async function createMemoryStorageHarness(database = new MemoryDatabase()): Promise<StorageHarness> {
  const instances: MemoryStorage[] = [];
  const openNew = async (): Promise<MemoryStorage> => {
    const storage = new MemoryStorage(database);
    await storage.open();
    instances.push(storage);
    return storage;
  };
  const storage = await openNew();
  return {
    storage,
    async reopen(): Promise<OutboxStorage> {
      await instances[instances.length - 1]?.close();
      return openNew();
    },
    crashAndReopen: openNew,
    openSecond: openNew,
    async appWrite(tx: StorageTransaction, key: string, value: string): Promise<void> {
      if (!(tx instanceof MemoryTransaction)) throw new TypeError('Expected a MemoryTransaction');
      tx.appData.set(key, value);
    },
    async appRead(reader: OutboxStorage, key: string): Promise<string | null> {
      // Through a transaction, so the read waits for (and never sees) uncommitted writes.
      return reader.transaction(async (tx) => (tx as MemoryTransaction).appData.get(key) ?? null);
    },
    async dispose(): Promise<void> {
      for (const instance of instances) await instance.close();
    },
  };
}
