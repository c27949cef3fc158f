import { expect, it } from 'vitest';
import { OutboxFullError } from '@mutation-outbox/core';
import type { OutboxCounts } from '@mutation-outbox/core';
import { newEntry } from '../new-entry';
import { ROOMY } from './contract-helpers';
import type { HarnessRef } from './contract-helpers';

function counts(pending: number, inFlight: number, failed: number, rolledBack: number, activeBytes: number): OutboxCounts {
  return { pending, inFlight, failed, rolledBack, activeBytes };
}

/** MUST: `counts()` is right after every kind of write (and is maintained, not scanned). */
export function countRules(h: HarnessRef): void {
  it('counts are right after append, every status transition, size change, remove, recovery and reopen', async () => {
    const harness = h();
    const { storage } = harness;
    expect(await storage.counts()).toEqual(counts(0, 0, 0, 0, 0));
    await storage.append([newEntry(1, { sizeBytes: 10 }), newEntry(2, { sizeBytes: 20 }), newEntry(3, { sizeBytes: 30 }), newEntry(4, { sizeBytes: 40 })], ROOMY);
    expect(await storage.counts()).toEqual(counts(4, 0, 0, 0, 100));
    await storage.update('e1', { status: 'in_flight' });
    expect(await storage.counts()).toEqual(counts(3, 1, 0, 0, 100));
    await storage.update('e1', { status: 'succeeded' });
    expect(await storage.counts()).toEqual(counts(3, 0, 0, 0, 90));
    await storage.update('e2', { status: 'failed' });
    expect(await storage.counts()).toEqual(counts(2, 0, 1, 0, 90));
    await storage.update('e2', { status: 'rolled_back' });
    expect(await storage.counts()).toEqual(counts(2, 0, 0, 1, 70));
    await storage.update('e3', { sizeBytes: 5 });
    expect(await storage.counts()).toEqual(counts(2, 0, 0, 1, 45));
    await storage.update('e3', { status: 'in_flight', sizeBytes: 35 });
    expect(await storage.counts()).toEqual(counts(1, 1, 0, 1, 75));
    await storage.update('e4', { attempts: 2 });
    expect(await storage.counts()).toEqual(counts(1, 1, 0, 1, 75));
    await storage.remove('e1');
    await storage.remove('e2');
    expect(await storage.counts()).toEqual(counts(1, 1, 0, 0, 75));
    await storage.recoverInFlight(9_000);
    expect(await storage.counts()).toEqual(counts(2, 0, 0, 0, 75));
    await storage.remove('e4');
    expect(await storage.counts()).toEqual(counts(1, 0, 0, 0, 35));
    const reopened = await harness.reopen();
    expect(await reopened.counts()).toEqual(counts(1, 0, 0, 0, 35));
    await reopened.append([newEntry(5, { status: 'failed', sizeBytes: 1 })], ROOMY);
    expect(await reopened.counts()).toEqual(counts(1, 0, 1, 0, 36));
  });

  it('counts are restored when a transaction rolls back', async () => {
    const { storage } = h();
    await storage.append([newEntry(1)], ROOMY);
    await expect(
      storage.transaction(async (tx) => {
        await storage.append([newEntry(2, { sizeBytes: 7 }), newEntry(3)], ROOMY, { tx });
        await storage.update('e1', { status: 'failed', sizeBytes: 50 }, { tx });
        await storage.remove('e3', { tx });
        expect(await storage.counts(tx)).toEqual(counts(1, 0, 1, 0, 57));
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await storage.counts()).toEqual(counts(1, 0, 0, 0, 100));
    expect(await storage.get('e1')).toMatchObject({ status: 'pending', sizeBytes: 100 });
  });

  it('counts and limits see the writes of a second instance on the same database, both ways', async (context) => {
    const harness = h();
    if (!harness.openSecond) return context.skip();
    const first = harness.storage;
    await first.append([newEntry(1, { sizeBytes: 10 }), newEntry(2, { sizeBytes: 20 })], ROOMY);
    expect(await first.counts()).toEqual(counts(2, 0, 0, 0, 30));
    const second = await harness.openSecond();
    expect(await second.counts()).toEqual(counts(2, 0, 0, 0, 30));
    await second.append([newEntry(3, { sizeBytes: 30 })], ROOMY);
    await second.update('e1', { status: 'failed' });
    await second.remove('e2');
    expect(await first.counts()).toEqual(counts(1, 0, 1, 0, 40));
    await first.update('e3', { status: 'in_flight' });
    expect(await second.counts()).toEqual(counts(0, 1, 1, 0, 40));
    const limits = { maxEntries: 3, maxBytes: 1_000_000 };
    await second.append([newEntry(4)], limits);
    await expect(first.append([newEntry(5)], limits)).rejects.toBeInstanceOf(OutboxFullError);
    await expect(
      second.transaction(async (tx) => {
        await second.append([newEntry(6)], ROOMY, { tx });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await first.counts()).toEqual(counts(1, 1, 1, 0, 140));
    expect(await second.counts()).toEqual(counts(1, 1, 1, 0, 140));
  });
}
