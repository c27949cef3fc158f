import type { StorageTransaction } from '@mutation-outbox/core';
import { createStorageHarness } from './create-storage-harness';
import { MemoryDatabase } from './memory-database';
import { MemoryStorage, MemoryTransaction } from './memory-storage';
import type { StorageHarness } from './storage-harness';

function appData(tx: StorageTransaction): Map<string, string> {
  if (!(tx instanceof MemoryTransaction)) throw new TypeError('Expected a MemoryTransaction');
  return tx.appData;
}

/**
 * A `StorageHarness` over `MemoryStorage`: every instance shares one `MemoryDatabase`, and the
 * app's rows live in its `appData` map.
 */
export function createMemoryStorageHarness(database = new MemoryDatabase()): Promise<StorageHarness> {
  return createStorageHarness({
    async open() {
      const storage = new MemoryStorage(database);
      await storage.open();
      return storage;
    },
    async appWrite(tx, key, value) {
      appData(tx).set(key, value);
    },
    // Through a transaction, so the read waits for (and never sees) uncommitted writes.
    appRead: (storage, key) => storage.transaction(async (tx) => appData(tx).get(key) ?? null),
  });
}
