import { expect, it } from 'vitest';
import { OutboxError } from '@mutation-outbox/core';
import type { EntryStatus, NewOutboxEntry } from '@mutation-outbox/core';
import { newEntry } from '../new-entry';
import type { HarnessRef } from './contract-helpers';

/** MUST: entries are listed in seq order with keyset paging and status filters, at any depth. */
export function pagingRules(h: HarnessRef, largeQueueSize: number): void {
  it('list filters by statuses and pages with afterSeq; nextAfterSeq is null exactly on the last page', async () => {
    const { storage } = h();
    const statuses: EntryStatus[] = ['pending', 'failed', 'pending', 'succeeded', 'pending', 'in_flight'];
    await storage.append(statuses.map((status, i) => newEntry(i + 1, { status })), { maxEntries: 100, maxBytes: 1e9 });
    const first = await storage.list({ statuses: ['pending'], limit: 2 });
    expect(first.entries.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(first.nextAfterSeq).toBe(first.entries[1]!.seq);
    const second = await storage.list({ statuses: ['pending'], limit: 2, afterSeq: first.nextAfterSeq! });
    expect(second.entries.map((e) => e.id)).toEqual(['e5']);
    expect(second.nextAfterSeq).toBeNull();
    const exact = await storage.list({ statuses: ['pending', 'in_flight'], limit: 4 });
    expect(exact.entries.map((e) => e.id)).toEqual(['e1', 'e3', 'e5', 'e6']);
    expect(exact.nextAfterSeq).toBeNull();
    expect((await storage.list({ statuses: ['succeeded'], limit: 9 })).entries.map((e) => e.id)).toEqual(['e4']);
    expect((await storage.list({ statuses: [], limit: 9 })).entries).toEqual([]);
    expect((await storage.list({ limit: 9, afterSeq: exact.entries[3]!.seq })).entries).toEqual([]);
  });

  it('latestActiveForEntity returns the newest active entry of the entity, ignoring settled ones and other entities', async () => {
    const { storage } = h();
    await storage.append(
      [
        newEntry(1, { entityId: 'a' }),
        newEntry(2, { entityId: 'b' }),
        newEntry(3, { entityId: 'a', status: 'failed' }),
        newEntry(4, { entityId: 'a', status: 'rolled_back' }),
        newEntry(5, { entityId: 'b', status: 'succeeded' }),
      ],
      { maxEntries: 100, maxBytes: 1e9 },
    );
    expect((await storage.latestActiveForEntity('a'))?.id).toBe('e3');
    expect((await storage.latestActiveForEntity('b'))?.id).toBe('e2');
    expect(await storage.latestActiveForEntity('c')).toBeNull();
    await storage.update('e3', { status: 'rolled_back' });
    expect((await storage.latestActiveForEntity('a'))?.id).toBe('e1');
    await storage.transaction(async (tx) => {
      await storage.append([newEntry(6, { entityId: 'c' })], { maxEntries: 100, maxBytes: 1e9 }, { tx });
      expect((await storage.latestActiveForEntity('c', tx))?.id).toBe('e6');
    });
  });

  it('listActiveForEntity returns the entity’s active entries after a seq, in seq order', async () => {
    const { storage } = h();
    const [first] = await storage.append(
      [
        newEntry(1, { entityId: 'a' }),
        newEntry(2, { entityId: 'a', status: 'failed' }),
        newEntry(3, { entityId: 'b' }),
        newEntry(4, { entityId: 'a', status: 'rolled_back' }),
        newEntry(5, { entityId: 'a', status: 'in_flight' }),
      ],
      { maxEntries: 100, maxBytes: 1e9 },
    );
    expect((await storage.listActiveForEntity('a', 0)).map((e) => e.id)).toEqual(['e1', 'e2', 'e5']);
    expect((await storage.listActiveForEntity('a', first!.seq)).map((e) => e.id)).toEqual(['e2', 'e5']);
    expect(await storage.listActiveForEntity('z', 0)).toEqual([]);
    await storage.transaction(async (tx) => {
      await storage.update('e2', { status: 'rolled_back' }, { tx });
      expect((await storage.listActiveForEntity('a', 0, tx)).map((e) => e.id)).toEqual(['e1', 'e5']);
    });
  });

  it('list rejects a page size below 1 with an OutboxError', async () => {
    const { storage } = h();
    await expect(storage.list({ limit: 0 })).rejects.toBeInstanceOf(OutboxError);
  });

  it(`pages over ${largeQueueSize.toLocaleString('en')} entries in seq order, with status filters, and reads the first due entries`, async () => {
    const { storage } = h();
    const entries: NewOutboxEntry[] = Array.from({ length: largeQueueSize }, (_, i) => newEntry(i, { payload: i, sizeBytes: 10 }));
    await storage.append(entries, { maxEntries: largeQueueSize, maxBytes: largeQueueSize * 10 });
    const failedEvery = Math.max(1, Math.floor(largeQueueSize / 50));
    await storage.transaction(async (tx) => {
      for (let i = 0; i < largeQueueSize; i += failedEvery) await storage.update(`e${i}`, { status: 'failed' }, { tx });
    });
    const failedCount = Math.ceil(largeQueueSize / failedEvery);
    const payloads: unknown[] = [];
    const seqs: number[] = [];
    let afterSeq: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await storage.list({ limit: 5_000, ...(afterSeq === undefined ? {} : { afterSeq }) });
      pages++;
      for (const entry of page.entries) {
        payloads.push(entry.payload);
        seqs.push(entry.seq);
      }
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    // One comparison each rather than one per entry: cheap enough for any depth.
    expect(payloads.every((payload, i) => payload === i)).toBe(true);
    expect(payloads).toHaveLength(largeQueueSize);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(pages).toBe(Math.ceil(largeQueueSize / 5_000));
    const failed = await storage.list({ statuses: ['failed'], limit: largeQueueSize });
    expect(failed.entries.map((e) => e.payload)).toEqual(Array.from({ length: failedCount }, (_, k) => k * failedEvery));
    const due = await storage.list({ statuses: ['pending'], limit: 3 });
    expect(due.entries.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    const deep = await storage.list({ statuses: ['pending'], limit: 2, afterSeq: seqs[largeQueueSize - 4]! });
    const expectedDeep = [1, 2, 3].map((k) => largeQueueSize - 4 + k).filter((n) => n % failedEvery !== 0).slice(0, 2);
    expect(deep.entries.map((e) => e.payload)).toEqual(expectedDeep);
    expect(await storage.counts()).toEqual({ pending: largeQueueSize - failedCount, inFlight: 0, failed: failedCount, rolledBack: 0, activeBytes: largeQueueSize * 10 });
  });
}
