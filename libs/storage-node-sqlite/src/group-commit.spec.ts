import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxFullError, StorageError } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import type { NodeSqliteStorage } from './node-sqlite-storage';
import { openStorage, tempDir } from '../test/node-sqlite-harness';

const ROOMY = { maxEntries: 10_000, maxBytes: 10_000_000 };

describe('group commit (SqlOutboxStorage on NodeSqliteStorage)', () => {
  let temp: ReturnType<typeof tempDir>;
  let storage: NodeSqliteStorage;
  let other: NodeSqliteStorage;

  beforeEach(async () => {
    temp = tempDir();
    storage = await openStorage(join(temp.dir, 'outbox.db'));
    other = await openStorage(join(temp.dir, 'outbox.db'));
  });

  afterEach(async () => {
    await storage.close();
    await other.close();
    temp.remove();
  });

  it('100 appends made in one tick are committed in ONE transaction, in call order', async () => {
    const commitsBefore = storage.driverCommitCount;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => storage.append([newEntry(i)], ROOMY)));
    expect(storage.driverCommitCount - commitsBefore).toBe(1);
    const seqs = results.map(([entry]) => entry!.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await other.counts()).pending).toBe(100);
  });

  it('each append resolves only after the group commit: another connection already sees all of it', async () => {
    const seenAtFirstResolve: number[] = [];
    const calls = Array.from({ length: 20 }, (_, i) => storage.append([newEntry(i)], ROOMY));
    const first = calls[0]!.then(async () => seenAtFirstResolve.push((await other.counts()).pending));
    await Promise.all([...calls, first]);
    expect(seenAtFirstResolve).toEqual([20]);
  });

  it('an append over the limit in a group is rejected alone; the others commit', async () => {
    const limits = { maxEntries: 3, maxBytes: 1_000_000 };
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => storage.append([newEntry(i)], limits)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const o of outcomes.slice(3)) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(OutboxFullError);
    expect(storage.commitCount).toBe(1);
    expect((await other.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
  });

  it('a failing multi-entry append in a group writes none of its entries; the others commit', async () => {
    await storage.append([newEntry(0)], ROOMY);
    const outcomes = await Promise.allSettled([
      storage.append([newEntry(1), newEntry(2)], ROOMY),
      storage.append([newEntry(3), newEntry(0)], ROOMY),
      storage.append([newEntry(4)], ROOMY),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StorageError);
    expect((await other.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e4']);
    expect((await other.counts()).pending).toBe(4);
  });

  it('appends arriving while a transaction runs form the next group, committed after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = storage.transaction(async (t) => {
      await storage.append([newEntry(0)], ROOMY, { tx: t });
      await gate;
    });
    const queued = Array.from({ length: 10 }, (_, i) => storage.append([newEntry(i + 1)], ROOMY));
    const before = storage.commitCount;
    release();
    await Promise.all([tx, ...queued]);
    expect(storage.commitCount - before).toBe(2);
    expect((await other.list({ limit: 20 })).entries.map((e) => e.id)).toEqual(Array.from({ length: 11 }, (_, i) => `e${i}`));
  });
});
