import { expect, it } from 'vitest';
import type { OutboxStorage } from '@mutation-outbox/core';
import type { HarnessRef } from './contract-helpers';

/** MUST: only one owner holds the flush lease at a time, until release or expiry. */
export function leaseRules(h: HarnessRef): void {
  it('only one owner holds the lease; another gets it after release or expiry; the holder can renew', async () => {
    const { storage } = h();
    expect(await storage.acquireLease('a', 1_000, 500)).toBe(true);
    expect(await storage.acquireLease('b', 1_200, 500)).toBe(false);
    expect(await storage.acquireLease('a', 1_400, 500)).toBe(true);
    expect(await storage.acquireLease('b', 1_600, 500)).toBe(false);
    expect(await storage.acquireLease('b', 1_900, 500)).toBe(true);
    await storage.releaseLease('a');
    expect(await storage.acquireLease('a', 2_000, 500)).toBe(false);
    await storage.releaseLease('b');
    expect(await storage.acquireLease('a', 2_000, 500)).toBe(true);
  });

  it('a refused acquireLease changes nothing: the holder keeps its expiry', async () => {
    const { storage } = h();
    expect(await storage.acquireLease('a', 1_000, 500)).toBe(true);
    expect(await storage.acquireLease('b', 1_499, 10_000)).toBe(false);
    expect(await storage.acquireLease('b', 1_500, 10)).toBe(true);
  });

  it('a second storage instance on the same database cannot take the lease while the first holds it', async (context) => {
    const harness = h();
    if (!harness.openSecond) return context.skip();
    const first = harness.storage;
    const second: OutboxStorage = await harness.openSecond();
    expect(await first.acquireLease('first', 10_000, 30_000)).toBe(true);
    expect(await second.acquireLease('second', 20_000, 30_000)).toBe(false);
    expect(await second.acquireLease('second', 40_000, 30_000)).toBe(true);
    expect(await first.acquireLease('first', 41_000, 30_000)).toBe(false);
    await second.releaseLease('second');
    expect(await first.acquireLease('first', 42_000, 30_000)).toBe(true);
  });

  it('the lease survives a crash: a new instance waits for the dead owner’s lease to expire', async () => {
    const harness = h();
    expect(await harness.storage.acquireLease('dead', 10_000, 30_000)).toBe(true);
    const after = await harness.crashAndReopen();
    expect(await after.acquireLease('new', 20_000, 30_000)).toBe(false);
    expect(await after.acquireLease('new', 40_000, 30_000)).toBe(true);
  });

  it('a lease expiring further ahead than its holder’s ttl (the wall clock moved back) can be taken over', async () => {
    const { storage } = h();
    const day = 86_400_000;
    expect(await storage.acquireLease('a', 10 * day, 1_500)).toBe(true);
    // The clock went back a day: the lease seems to last a day longer, which no holder asks for.
    expect(await storage.acquireLease('b', 9 * day, 1_500)).toBe(true);
    expect(await storage.acquireLease('a', 9 * day + 100, 1_500)).toBe(false);
    // A holder with a longer ttl keeps its lease against callers with a shorter one.
    expect(await storage.acquireLease('c', 20 * day, 60_000)).toBe(true);
    expect(await storage.acquireLease('d', 20 * day + 10, 1_000)).toBe(false);
  });

  it('renewLease extends only a lease still held by the caller, even an expired one, and never one another owner took since', async () => {
    const { storage } = h();
    expect(await storage.renewLease('a', 1_000, 500)).toBe(false);
    expect(await storage.acquireLease('a', 1_000, 500)).toBe(true);
    expect(await storage.renewLease('a', 1_400, 500)).toBe(true);
    expect(await storage.acquireLease('b', 1_800, 500)).toBe(false);
    // Expired but nobody took it: still the caller's to renew.
    expect(await storage.renewLease('a', 5_000, 500)).toBe(true);
    expect(await storage.acquireLease('b', 5_400, 500)).toBe(false);
    // Taken over after expiring, then released: the stalled holder's renewal fails.
    expect(await storage.acquireLease('b', 6_000, 500)).toBe(true);
    await storage.releaseLease('b');
    expect(await storage.renewLease('a', 6_100, 500)).toBe(false);
    expect(await storage.acquireLease('c', 6_100, 500)).toBe(true);
  });
}
