import { expect, it } from 'vitest';
import { OutboxFullError } from '@mutation-outbox/core';
import { newEntry } from '../new-entry';
import { allIds } from './contract-helpers';
import type { HarnessRef } from './contract-helpers';

/** MUST: append enforces `OutboxLimits` inside its own transaction and writes nothing over them. */
export function limitRules(h: HarnessRef): void {
  it('over maxEntries, append throws OutboxFullError and writes nothing, not even part of a multi-entry append', async () => {
    const { storage } = h();
    const limits = { maxEntries: 3, maxBytes: 1_000_000 };
    await storage.append([newEntry(1), newEntry(2)], limits);
    const error = await storage.append([newEntry(3), newEntry(4)], limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxFullError);
    expect(error).toMatchObject({ code: 'OUTBOX_FULL', limit: 'entries', max: 3 });
    expect(await allIds(storage)).toEqual(['e1', 'e2']);
    await storage.append([newEntry(5)], limits);
    await expect(storage.append([newEntry(6)], limits)).rejects.toBeInstanceOf(OutboxFullError);
    expect((await storage.counts()).pending).toBe(3);
  });

  it('over maxBytes, append throws OutboxFullError and writes nothing', async () => {
    const { storage } = h();
    const limits = { maxEntries: 100, maxBytes: 1_000 };
    await storage.append([newEntry(1, { sizeBytes: 600 })], limits);
    const error = await storage.append([newEntry(2, { sizeBytes: 200 }), newEntry(3, { sizeBytes: 300 })], limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxFullError);
    expect(error).toMatchObject({ limit: 'bytes', max: 1_000 });
    expect(await allIds(storage)).toEqual(['e1']);
    await storage.append([newEntry(4, { sizeBytes: 400 })], limits);
    expect((await storage.counts()).activeBytes).toBe(1_000);
  });

  it('limits count only active entries: succeeded and rolled-back entries free their room', async () => {
    const { storage } = h();
    const limits = { maxEntries: 2, maxBytes: 1_000 };
    await storage.append([newEntry(1, { sizeBytes: 500 }), newEntry(2, { sizeBytes: 500 })], limits);
    await expect(storage.append([newEntry(3, { sizeBytes: 1 })], limits)).rejects.toBeInstanceOf(OutboxFullError);
    await storage.update('e1', { status: 'rolled_back' });
    await storage.update('e2', { status: 'succeeded' });
    await storage.append([newEntry(4, { sizeBytes: 500 }), newEntry(5, { sizeBytes: 500 })], limits);
    expect(await allIds(storage)).toEqual(['e1', 'e2', 'e4', 'e5']);
  });

  it('concurrent appends cannot together exceed the limit: each is checked inside its own transaction', async () => {
    const { storage } = h();
    const limits = { maxEntries: 5, maxBytes: 1_000_000 };
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => storage.append([newEntry(i)], limits)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(7);
    for (const o of rejected) expect(o.reason).toBeInstanceOf(OutboxFullError);
    expect(await allIds(storage)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it("inside a caller's transaction, entries appended earlier in it count against the limit", async () => {
    const { storage } = h();
    const limits = { maxEntries: 1, maxBytes: 1_000_000 };
    const refused = await storage.transaction(async (tx) => {
      await storage.append([newEntry(1)], limits, { tx });
      return storage.append([newEntry(2)], limits, { tx }).catch((e: unknown) => e);
    });
    expect(refused).toBeInstanceOf(OutboxFullError);
    expect(await allIds(storage)).toEqual(['e1']);
  });
}
