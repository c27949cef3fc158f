import { describe, expect, it } from 'vitest';
import { FakeClock, MemoryDatabase, MemoryStorage, SeededRandom, settle } from '@mutation-outbox/testing';
import type { MemoryTransaction } from '@mutation-outbox/testing';
import { ConfigurationError, MutationOutbox } from '@mutation-outbox/core';
import type { Mutation, OutboxCounts, OutboxEntry, OutboxOptions, StorageTransaction, TransportOutcome } from '@mutation-outbox/core';
import { noteMutations, ScriptedTransport } from './support';

/** A memory storage that counts the calls whose number the drain's cost depends on. */
class CountingStorage extends MemoryStorage {
  transactions = 0;
  leaseWrites = 0;
  countReads = 0;

  override transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    this.transactions++;
    return super.transaction(work);
  }

  override acquireLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    this.leaseWrites++;
    return super.acquireLease(owner, now, ttlMs);
  }

  override renewLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    this.leaseWrites++;
    return super.renewLease(owner, now, ttlMs);
  }

  override counts(tx?: StorageTransaction): Promise<OutboxCounts> {
    this.countReads++;
    return super.counts(tx);
  }
}

/** A scripted transport that also sends batches, answering each item with the script. */
class BatchingTransport extends ScriptedTransport {
  readonly batches: number[] = [];

  async sendBatch(entries: readonly OutboxEntry[]): Promise<TransportOutcome[]> {
    this.batches.push(entries.length);
    const outcomes: TransportOutcome[] = [];
    for (const entry of entries) outcomes.push(await this.send(entry));
    return outcomes;
  }
}

function setup(options: Partial<OutboxOptions> = {}) {
  const database = new MemoryDatabase();
  const storage = new CountingStorage(database);
  const transport = new BatchingTransport();
  const clock = new FakeClock();
  const process = clock.process();
  const outbox = new MutationOutbox({ storage, transport, clock: process, random: new SeededRandom(7) }, { mutations: noteMutations(), ...options });
  return { database, storage, transport, clock, process, outbox };
}

const update = (id: string, text: string): Mutation => ({ type: 'note.update', entityId: id, payload: { text }, rollbackData: null });

describe('what a drain costs the storage', () => {
  it('settles a batch the server accepted in one transaction', async () => {
    const { storage, transport, outbox } = setup({ batchSize: 5 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue(update(id, id));
    const before = storage.transactions;
    const result = await outbox.flush();
    expect(result).toMatchObject({ attempted: 5, succeeded: 5, remaining: 0 });
    expect(transport.batches).toEqual([5]);
    expect(storage.transactions - before).toBe(1);
  });

  it('holds only the entry whose success handler fails; the others commit their handler writes once', async () => {
    const mutations = noteMutations().map((definition) =>
      definition.type !== 'note.update'
        ? definition
        : {
            ...definition,
            onSucceeded: (context: Parameters<NonNullable<typeof definition.onSucceeded>>[0]) => {
              if (context.entry.entityId === 'b') throw new Error('cannot store b');
              const rows = (context.tx as MemoryTransaction).appData;
              rows.set(`applied:${context.entry.entityId}`, String(Number(rows.get(`applied:${context.entry.entityId}`) ?? 0) + 1));
            },
          },
    );
    const { database, outbox } = setup({ batchSize: 3, mutations });
    for (const id of ['a', 'b', 'c']) await outbox.enqueue(update(id, id));
    const result = await outbox.flush();
    expect(result).toMatchObject({ succeeded: 2, failed: 1 });
    const [held] = (await outbox.getOutboxEntries()).entries;
    expect(held).toMatchObject({ entityId: 'b', status: 'failed', lastError: { code: 'SUCCESS_HANDLER_FAILED' } });
    expect(database.appData.get('applied:a')).toBe('1');
    expect(database.appData.get('applied:c')).toBe('1');
    expect(database.appData.has('applied:b')).toBe(false);
  });

  it('renews the flush lease every third of it while delivering, not before every delivery', async () => {
    const { storage, transport, clock, outbox } = setup({ leaseTtlMs: 40_000 });
    for (let i = 0; i < 10; i++) await outbox.enqueue(update(`n${i}`, 'x'));
    // Each request takes 3 s: ten deliveries span 30 s, three quarters of the lease.
    transport.respond(async (entry) => {
      await clock.advance(3_000);
      return transport.ok(entry);
    });
    const before = storage.leaseWrites;
    expect((await outbox.flush()).succeeded).toBe(10);
    // The acquisition, then the heartbeat's renewals at 13.3 s and 26.7 s.
    expect(storage.leaseWrites - before).toBe(3);
  });

  it('reads the counts a bounded number of times for a burst of enqueues, and the status ends exact', async () => {
    const { storage, outbox } = setup();
    await outbox.open();
    const before = storage.countReads;
    await Promise.all(Array.from({ length: 100 }, (_, i) => outbox.enqueue(update(`n${i}`, 'x'))));
    await settle();
    expect(storage.countReads - before).toBeLessThanOrEqual(3);
    expect(outbox.getStatus()).toMatchObject({ pending: 100, inFlight: 0, failed: 0 });
  });
});

describe('recording successes while the server keeps accepting', () => {
  it('sends the next entry at once and records consecutive successes in one transaction, announcing them after it commits', async () => {
    const { storage, transport, outbox } = setup();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue(update(id, id));
    const succeeded: string[] = [];
    outbox.on('entry:succeeded', ({ entry }) => succeeded.push(entry.entityId));
    const seenWhenSending: string[][] = [];
    transport.respond(async (entry) => {
      // What the app sees while the request for `entry` is out: the earlier ones are not recorded yet.
      const stored = (await outbox.getOutboxEntries()).entries.map((stored) => `${stored.entityId}:${stored.status}`);
      seenWhenSending.push([...succeeded, ...stored]);
      return transport.ok(entry);
    });
    const before = storage.transactions;
    expect(await outbox.flush()).toMatchObject({ attempted: 5, succeeded: 5, remaining: 0 });
    expect(storage.transactions - before).toBe(1);
    expect(transport.batches).toEqual([]);
    expect(seenWhenSending[2]).toEqual(['a:in_flight', 'b:in_flight', 'c:in_flight', 'd:pending', 'e:pending']);
    expect(succeeded).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await storage.counts()).toMatchObject({ pending: 0, inFlight: 0 });
  });

  it('records at most successCommit.maxEntries successes per transaction (1: each before the next send)', async () => {
    for (const [maxEntries, transactions] of [[2, 3], [1, 5]] as const) {
      const { storage, outbox } = setup({ successCommit: { maxEntries } });
      for (const id of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue(update(id, id));
      const before = storage.transactions;
      expect((await outbox.flush()).succeeded).toBe(5);
      expect(storage.transactions - before).toBe(transactions);
    }
  });

  it('records the held successes once the first of them was accepted successCommit.maxDelayMs ago', async () => {
    const { transport, clock, outbox } = setup({ successCommit: { maxDelayMs: 50 } });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue(update(id, id));
    transport.respond(async (entry) => {
      await clock.advance(30);
      return transport.ok(entry);
    });
    const recordedAt: number[] = [];
    outbox.on('entry:succeeded', () => recordedAt.push(clock.now()));
    const start = clock.now();
    await outbox.flush();
    // Accepted at 30, 60, 90 (60 ms after the first: recorded), then 120, 150 (recorded when the run ends).
    expect(recordedAt.map((at) => at - start)).toEqual([90, 90, 90, 150, 150]);
  });

  it('records each success as soon as it arrives when answers take successCommit.maxDelayMs or more', async () => {
    const { storage, transport, clock, outbox } = setup({ successCommit: { maxDelayMs: 50 } });
    for (const id of ['a', 'b', 'c']) await outbox.enqueue(update(id, id));
    transport.respond(async (entry) => {
      await clock.advance(entry.entityId === 'b' ? 10 : 60);
      return transport.ok(entry);
    });
    const recordedAt: number[] = [];
    outbox.on('entry:succeeded', () => recordedAt.push(clock.now()));
    const start = clock.now();
    const before = storage.transactions;
    await outbox.flush();
    // 'a' took 60 ms: recorded at once; 'b' came quickly and waits for the next answer, which is slow.
    expect(recordedAt.map((at) => at - start)).toEqual([60, 130, 130]);
    expect(storage.transactions - before).toBe(2);
  });

  it('records the held successes before any other outcome, so events follow the send order', async () => {
    const { transport, outbox } = setup();
    for (const id of ['a', 'b', 'c']) await outbox.enqueue(update(id, id));
    const events: string[] = [];
    outbox.on('entry:succeeded', ({ entry }) => events.push(`succeeded:${entry.entityId}`));
    outbox.on('entry:rolled-back', ({ entry }) => events.push(`rolled-back:${entry.entityId}`));
    transport.respond((entry) => (entry.entityId === 'c' ? { kind: 'reject', error: { code: 'HTTP_422', message: 'invalid', httpStatus: 422 } } : transport.ok(entry)));
    expect(await outbox.flush()).toMatchObject({ succeeded: 2, rolledBack: 1 });
    expect(events).toEqual(['succeeded:a', 'succeeded:b', 'rolled-back:c']);
  });

  it('sends a change that references a temporary id created by an accepted entry only after recording that success, with the server id', async () => {
    const { storage, transport, outbox } = setup();
    await outbox.enqueue({ type: 'note.create', entityId: 'tmp_n', payload: { text: 'v1' }, rollbackData: null });
    await outbox.enqueue(update('x', 'unrelated'));
    await outbox.enqueue({ type: 'activity.create', entityId: 'tmp_a', payload: { noteId: 'tmp_n' }, rollbackData: null });
    const before = storage.transactions;
    await outbox.flush();
    expect(transport.sent.map((entry) => JSON.stringify(entry.payload))).toEqual(['{"text":"v1"}', '{"text":"unrelated"}', '{"noteId":"srv-1"}']);
    // The create and the unrelated edit together, then the activity.
    expect(storage.transactions - before).toBe(2);
  });

  it('does not fold a new change into an entry the server accepted but whose success is not recorded yet', async () => {
    const mutations = noteMutations().map((definition) => (definition.type === 'note.update' ? { ...definition, coalesce: true } : definition));
    const { transport, outbox } = setup({ mutations });
    await outbox.enqueue(update('a', 'first'));
    await outbox.enqueue(update('b', 'other'));
    transport.respond(async (entry) => {
      // 'a' was accepted and is held while 'b' is out: a change of 'a' made now must be sent on its own.
      if (entry.entityId === 'b') await outbox.enqueue(update('a', 'second'));
      return transport.ok(entry);
    });
    expect(await outbox.flush()).toMatchObject({ succeeded: 2, remaining: 1 }); // the change made during the run waits for the next one
    expect(await outbox.flush()).toMatchObject({ succeeded: 1, remaining: 0 });
    expect(transport.sent.map((entry) => `${entry.entityId}:${JSON.stringify(entry.payload)}`)).toEqual(['a:{"text":"first"}', 'b:{"text":"other"}', 'a:{"text":"second"}']);
  });

  it('after a crash with successes held, sends those entries again with the same idempotency keys', async () => {
    const { database, transport, clock, process, outbox } = setup({ leaseTtlMs: 1_000 });
    const keys: string[] = [];
    for (const id of ['a', 'b', 'c']) keys.push((await outbox.enqueue(update(id, id))).idempotencyKey);
    // 'c' hangs: 'a' and 'b' were accepted, and the process dies before their success is recorded.
    transport.respond((entry) => (entry.entityId === 'c' ? new Promise<TransportOutcome>(() => undefined) : transport.ok(entry)));
    void outbox.flush();
    await settle();
    expect(transport.sent.map((entry) => entry.entityId)).toEqual(['a', 'b', 'c']);

    transport.respond((entry) => transport.ok(entry));
    process.kill(); // kill -9: its lease heartbeat dies with it
    await clock.advance(1_000); // the dead instance's lease expires
    const restarted = new MutationOutbox({ storage: new MemoryStorage(database), transport, clock, random: new SeededRandom(8) }, { mutations: noteMutations() });
    expect(await restarted.flush()).toMatchObject({ succeeded: 3, remaining: 0 });
    expect(transport.sent.slice(3).map((entry) => entry.idempotencyKey)).toEqual(keys);
  });

  it('rejects a successCommit that cannot work with a ConfigurationError', () => {
    expect(() => setup({ successCommit: { maxEntries: 0 } })).toThrow(ConfigurationError);
    expect(() => setup({ successCommit: { maxEntries: 2.5 } })).toThrow(/successCommit.maxEntries must be an integer of at least 1, got 2.5/);
    expect(() => setup({ successCommit: { maxDelayMs: -1 } })).toThrow(/successCommit.maxDelayMs/);
  });
});

describe('batches', () => {
  it('sends an edit made against the same version as an earlier edit of its entity after that one is answered, rebased', async () => {
    const { transport, outbox } = setup({ batchSize: 10 });
    const versions = new Map<string, number>([['a', 1], ['b', 1]]);
    transport.respond((entry) => {
      const current = versions.get(entry.entityId) ?? 0;
      if (entry.expectedVersion !== null && entry.expectedVersion !== current) return { kind: 'conflict', error: { code: 'HTTP_409', message: 'stale', httpStatus: 409 }, serverState: {} };
      versions.set(entry.entityId, current + 1);
      return { kind: 'ok', serverId: entry.entityId, version: current + 1 };
    });
    for (const [id, text] of [['a', '1'], ['b', '1'], ['a', '2'], ['a', '3']]) await outbox.enqueue({ ...update(id as string, text as string), expectedVersion: 1 });
    const result = await outbox.flush();
    expect(result).toMatchObject({ succeeded: 4, failed: 0, rolledBack: 0 });
    expect(transport.batches).toEqual([2]); // then a@2 and a@3 one by one
    expect(transport.sent.map((entry) => `${entry.entityId}@${entry.expectedVersion}`)).toEqual(['a@1', 'b@1', 'a@2', 'a@3']);
  });

  it('after a batch maps a temporary id, a held change of that entity still holds back later ones addressed by the server id', async () => {
    const { transport, outbox } = setup({ batchSize: 2, ordering: 'partition' });
    await outbox.enqueue({ type: 'note.create', entityId: 'tmp_n', payload: { text: 'v1' }, rollbackData: null });
    const held = await outbox.enqueue(update('tmp_n', 'v2')); // waits for the create's batch, then waits for a retry
    await outbox.enqueue(update('z', 'other'));
    const later = await outbox.enqueue(update('srv-1', 'v3')); // the app renamed its rows after the mapping
    transport.respond((entry) => (entry.id === held.id ? { kind: 'retry', error: { code: 'HTTP_503', message: 'busy', httpStatus: 503 } } : transport.ok(entry)));
    await outbox.flush();
    expect(transport.sent.map((entry) => entry.entityId)).toEqual(['tmp_n', 'srv-1', 'z']);
    expect(transport.sent.map((entry) => entry.id)).not.toContain(later.id);
  });
});
