import { expect, it } from 'vitest';
import { OutboxError, OutboxFullError } from '@mutation-outbox/core';
import { settle } from '../fake-clock';
import { newEntry } from '../new-entry';
import { deferred, ROOMY } from './contract-helpers';
import type { HarnessRef } from './contract-helpers';

/** MUST: `transaction(work)` commits the app's and the outbox's writes together, or none of them. */
export function transactionRules(h: HarnessRef): void {
  it("the app's own write and an append in one transaction commit together", async () => {
    const harness = h();
    const { storage } = harness;
    const result = await storage.transaction(async (tx) => {
      await harness.appWrite(tx, 'contact:1', 'Ada');
      await storage.append([newEntry(1)], ROOMY, { tx });
      await storage.putServerId('tmp_1', 'srv_1', { tx });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await harness.appRead(storage, 'contact:1')).toBe('Ada');
    expect(await storage.get('e1')).not.toBeNull();
    const reopened = await harness.reopen();
    expect(await harness.appRead(reopened, 'contact:1')).toBe('Ada');
    expect(await reopened.get('e1')).not.toBeNull();
    expect(await reopened.getServerId('tmp_1')).toBe('srv_1');
  });

  it('a throw inside the transaction rolls back both writes and rethrows the same error', async () => {
    const harness = h();
    const { storage } = harness;
    await storage.append([newEntry(1)], ROOMY);
    const boom = new Error('app failure');
    const outcome = storage.transaction(async (tx) => {
      await harness.appWrite(tx, 'contact:2', 'Grace');
      await storage.append([newEntry(2)], ROOMY, { tx });
      await storage.update('e1', { status: 'in_flight', attempts: 1 }, { tx });
      await storage.putServerId('tmp_2', 'srv_2', { tx });
      throw boom;
    });
    await expect(outcome).rejects.toBe(boom);
    expect(await harness.appRead(storage, 'contact:2')).toBeNull();
    expect(await storage.get('e2')).toBeNull();
    expect(await storage.get('e1')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await storage.getServerId('tmp_2')).toBeNull();
    expect(await storage.counts()).toEqual({ pending: 1, inFlight: 0, failed: 0, rolledBack: 0, activeBytes: 100 });
  });

  it("an uncaught OutboxFullError inside a transaction rolls back the app's write too", async () => {
    const harness = h();
    const { storage } = harness;
    const outcome = storage.transaction(async (tx) => {
      await harness.appWrite(tx, 'contact:3', 'Linus');
      await storage.append([newEntry(1), newEntry(2)], { maxEntries: 1, maxBytes: 1_000_000 }, { tx });
    });
    await expect(outcome).rejects.toBeInstanceOf(OutboxFullError);
    expect(await harness.appRead(storage, 'contact:3')).toBeNull();
    expect(await storage.list({ limit: 10 })).toEqual({ entries: [], nextAfterSeq: null });
  });

  it("inside a caller's transaction, a failing multi-entry append writes none of its entries, even if the caller goes on and commits", async () => {
    const { storage } = h();
    await storage.append([newEntry(1)], ROOMY);
    await storage.transaction(async (tx) => {
      await expect(storage.append([newEntry(2), newEntry(3), newEntry(1)], ROOMY, { tx })).rejects.toBeInstanceOf(OutboxError);
      await storage.append([newEntry(4)], ROOMY, { tx });
    });
    expect((await storage.list({ limit: 10 })).entries.map((e) => e.id)).toEqual(['e1', 'e4']);
    expect(await storage.counts()).toEqual({ pending: 2, inFlight: 0, failed: 0, rolledBack: 0, activeBytes: 200 });
  });

  it('reads through the handle see the transaction’s own uncommitted writes', async () => {
    const { storage } = h();
    await storage.transaction(async (tx) => {
      await storage.append([newEntry(1)], ROOMY, { tx });
      await storage.putServerId('tmp_1', 'srv_1', { tx });
      expect(await storage.get('e1', tx)).toMatchObject({ id: 'e1' });
      expect((await storage.list({ limit: 5 }, tx)).entries).toHaveLength(1);
      expect((await storage.counts(tx)).pending).toBe(1);
      expect(await storage.getServerId('tmp_1', tx)).toBe('srv_1');
    });
  });

  it('transactions are serialized: a second one starts only after the first has finished', async () => {
    const { storage } = h();
    const gate = deferred();
    const events: string[] = [];
    const first = storage.transaction(async (tx) => {
      events.push('first:start');
      await storage.append([newEntry(1)], ROOMY, { tx });
      await gate.promise;
      events.push('first:end');
    });
    await settle();
    const second = storage.transaction(async (tx) => {
      events.push('second:start');
      await storage.append([newEntry(2)], ROOMY, { tx });
    });
    const plainAppend = storage.append([newEntry(3)], ROOMY);
    await settle();
    expect(events).toEqual(['first:start']);
    gate.resolve();
    await Promise.all([first, second, plainAppend]);
    expect(events).toEqual(['first:start', 'first:end', 'second:start']);
    const seqs = await Promise.all(['e1', 'e2', 'e3'].map(async (id) => (await storage.get(id))!.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it("a read without a handle never sees another transaction's uncommitted writes", async () => {
    const harness = h();
    const { storage } = harness;
    const gate = deferred();
    const failing = storage.transaction(async (tx) => {
      await storage.append([newEntry(1)], ROOMY, { tx });
      await harness.appWrite(tx, 'k', 'uncommitted');
      await gate.promise;
      throw new Error('abandon');
    });
    await settle();
    const reads = Promise.all([storage.get('e1'), storage.counts(), harness.appRead(storage, 'k')]);
    await settle();
    gate.resolve();
    await expect(failing).rejects.toThrow('abandon');
    const [entry, counts, app] = await reads;
    expect(entry).toBeNull();
    expect(counts.pending).toBe(0);
    expect(app).toBeNull();
  });

  it('a handle used after its transaction ended is refused with an OutboxError', async () => {
    const { storage } = h();
    let kept: Parameters<Parameters<typeof storage.transaction>[0]>[0] | undefined;
    await storage.transaction(async (tx) => {
      kept = tx;
    });
    await expect(storage.append([newEntry(1)], ROOMY, { tx: kept })).rejects.toBeInstanceOf(OutboxError);
    expect(await storage.get('e1')).toBeNull();
  });
}
