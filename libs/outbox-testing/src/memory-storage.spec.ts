import { describe, expect, it } from 'vitest';
import { OutboxFullError, StorageClosedError, StorageError } from '@mutation-outbox/core';
import { MemoryDatabase } from './memory-database';
import { MemoryStorage } from './memory-storage';
import type { MemoryTransaction } from './memory-storage';
import { newEntry } from './new-entry';

const limits = { maxEntries: 1000, maxBytes: 1_000_000 };

async function opened(db = new MemoryDatabase()): Promise<MemoryStorage> {
  const storage = new MemoryStorage(db);
  await storage.open();
  return storage;
}

describe('MemoryStorage', () => {
  it('rejects use before open with StorageClosedError', async () => {
    await expect(new MemoryStorage().counts()).rejects.toBeInstanceOf(StorageClosedError);
  });

  it('failNextCommit rolls the transaction back, app data included, and rejects with the fault', async () => {
    const storage = await opened();
    storage.failNextCommit();
    const write = storage.transaction(async (tx) => {
      (tx as MemoryTransaction).appData.set('contact:1', 'Ada');
      await storage.append([newEntry(1)], limits, { tx });
    });
    await expect(write).rejects.toBeInstanceOf(StorageError);
    expect(storage.database.appData.has('contact:1')).toBe(false);
    expect(await storage.get('e1')).toBeNull();
    expect((await storage.counts()).pending).toBe(0);
    await storage.append([newEntry(2)], limits);
    expect((await storage.append([newEntry(3)], limits))[0]?.seq).toBe(2);
  });

  it('a second instance on the same database sees committed writes', async () => {
    const db = new MemoryDatabase();
    const first = await opened(db);
    await first.append([newEntry(1)], limits);
    await first.close();
    const second = await opened(db);
    expect((await second.get('e1'))?.seq).toBe(1);
    expect(db.migrationRuns).toBe(1);
  });

  it('a transaction handle is unusable after its transaction ended', async () => {
    const storage = await opened();
    let kept: MemoryTransaction | undefined;
    await storage.transaction(async (tx) => {
      kept = tx as MemoryTransaction;
    });
    expect(kept?.isActive).toBe(false);
    await expect(storage.append([newEntry(1)], limits, { tx: kept })).rejects.toBeInstanceOf(StorageError);
  });

  it('returns copies: mutating a returned entry does not change the stored one', async () => {
    const storage = await opened();
    const [entry] = await storage.append([newEntry(1)], limits);
    (entry?.payload as { n: number }).n = 99;
    expect((await storage.get('e1'))?.payload).toEqual({ n: 1, name: 'contact 1' });
  });

  it('a full outbox refuses a multi-entry append whole', async () => {
    const storage = await opened();
    await expect(storage.append([newEntry(1), newEntry(2)], { maxEntries: 1, maxBytes: 1e9 })).rejects.toBeInstanceOf(OutboxFullError);
    expect((await storage.list({ limit: 10 })).entries).toEqual([]);
  });
});
