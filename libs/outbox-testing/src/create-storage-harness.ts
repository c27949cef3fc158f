import type { OutboxStorage, StorageTransaction } from '@mutation-outbox/core';
import type { StorageHarness } from './storage-harness';

/** What an adapter provides to `createStorageHarness`, for one test database. */
export interface StorageHarnessParts {
  /** Creates AND opens a new storage instance on the test's database (a new connection each call). */
  open(): Promise<OutboxStorage>;
  /** Writes the app's own row `key → value` through `tx` (see `StorageHarness.appWrite`). */
  appWrite(tx: StorageTransaction, key: string, value: string): Promise<void>;
  /** Reads the app's own row `key` from committed state (see `StorageHarness.appRead`). */
  appRead(storage: OutboxStorage, key: string): Promise<string | null>;
  /** Deletes the database; called once every instance is closed. */
  cleanup?(): Promise<void>;
  /** Whether two instances may be open at once on one database (default true). */
  readonly concurrentInstances?: boolean;
}

/**
 * Builds a `StorageHarness` from an adapter's `open` function: it opens the first instance,
 * keeps track of every instance (reopen closes the newest one first; crashAndReopen abandons the
 * old ones), and on `dispose` closes them all and calls `cleanup`, even if a close fails.
 */
export async function createStorageHarness(parts: StorageHarnessParts): Promise<StorageHarness> {
  const instances: OutboxStorage[] = [];
  const openNew = async (): Promise<OutboxStorage> => {
    const storage = await parts.open();
    instances.push(storage);
    return storage;
  };
  const storage = await openNew();
  return {
    storage,
    async reopen() {
      await instances[instances.length - 1]?.close();
      return openNew();
    },
    crashAndReopen: openNew,
    ...(parts.concurrentInstances === false ? {} : { openSecond: openNew }),
    appWrite: (tx, key, value) => parts.appWrite(tx, key, value),
    appRead: (reader, key) => parts.appRead(reader, key),
    async dispose() {
      const failures: unknown[] = [];
      for (const instance of instances.reverse()) await instance.close().catch((error: unknown) => failures.push(error));
      await parts.cleanup?.();
      if (failures.length > 0) throw new AggregateError(failures, 'Closing the storage instances failed');
    },
  };
}
