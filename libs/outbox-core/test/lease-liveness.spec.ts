import { describe, expect, it } from 'vitest';
import type { Mutation, TransportOutcome } from '@mutation-outbox/core';
import { ConfigurationError, StorageLockedError } from '@mutation-outbox/core';
import { MemoryStorage } from '@mutation-outbox/testing';
import { createHarness } from './support';

const update = (entityId: string, text: string): Mutation => ({ type: 'note.update', entityId, payload: { text }, rollbackData: { text: 'before' } });

/** A transport answer the test gives by hand. */
function controlledAnswer() {
  let answer: (outcome: TransportOutcome) => void = () => undefined;
  const next = () => new Promise<TransportOutcome>((resolve) => (answer = resolve));
  return { next, answer: (outcome: TransportOutcome) => answer(outcome) };
}

describe('the flush lease: a short lease kept alive by a heartbeat', () => {
  it('after a crash mid-delivery, a restarted instance delivers within 2 s of start() (default lease)', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    h.transport.respond((entry) => h.transport.ok(entry));
    const restarted = h.restart(); // kill -9 holding the lease
    await restarted.start();
    await h.clock.advance(2_000);
    expect(h.transport.sent).toHaveLength(2);
    expect(restarted.getStatus()).toMatchObject({ pending: 0 });
    await restarted.stop();
  });

  it('a live holder whose request takes a minute keeps the lease: the other instance never delivers meanwhile', async () => {
    const h = createHarness({ ordering: 'partition' });
    const slow = await h.outbox.enqueue(update('a', 'x'));
    const { next, answer } = controlledAnswer();
    h.transport.respond(() => next());
    const flushing = h.outbox.flush();
    await h.settle();
    const second = h.another();
    await second.enqueue(update('b', 'y'));
    await second.start();
    for (let second_ = 0; second_ < 60; second_++) {
      await h.clock.advance(1_000);
      await expect(second.rollbackEntry(slow.id)).rejects.toBeInstanceOf(StorageLockedError);
    }
    expect(h.transport.sent.map((entry) => entry.entityId)).toEqual(['a']);
    h.transport.respond((entry) => h.transport.ok(entry));
    answer({ kind: 'ok', version: 2 });
    expect(await flushing).toMatchObject({ succeeded: 1 });
    // Once the holder is done, the other instance takes its turn within a lease.
    await h.clock.advance(1_500);
    expect(h.transport.sent.map((entry) => entry.entityId)).toEqual(['a', 'b']);
    await second.stop();
  });

  it('renews the lease while a delivery runs, however long it takes', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    await h.clock.advance(10 * 60_000);
    // Ten minutes later the lease still expires within a lease from now.
    const lease = h.database.lease;
    expect(lease?.expiresAt).toBeGreaterThan(h.clock.now());
    expect(lease?.expiresAt).toBeLessThanOrEqual(h.clock.now() + 1_500);
  });

  it('a holder that lost its lease records nothing: the entry the other instance rolled back stays rolled back', async () => {
    const h = createHarness({ ordering: 'partition' });
    const entry = await h.outbox.enqueue(update('a', 'x'));
    const succeeded: string[] = [];
    h.outbox.on('entry:succeeded', (event) => succeeded.push(event.entry.id));
    const { next, answer } = controlledAnswer();
    h.transport.respond(() => next());
    const flushing = h.outbox.flush();
    await h.settle();
    // The holder's process stalls for longer than the lease: another instance takes the expired
    // lease, rolls the entry back and releases the lease again.
    h.process.pause();
    await h.clock.advance(1_600);
    await h.another().rollbackEntry(entry.id);
    expect(h.rollbacks).toEqual([entry.id]);
    h.process.resume();
    // The stalled holder's answer arrives: it must not remove, re-mark or count anything.
    answer({ kind: 'ok', version: 2 });
    expect(await flushing).toMatchObject({ succeeded: 0, stoppedBy: 'locked' });
    expect(succeeded).toEqual([]);
    const inspector = new MemoryStorage(h.database);
    await inspector.open();
    expect(await inspector.get(entry.id)).toMatchObject({ status: 'rolled_back', attempts: 0 });
  });

  it('a holder that lost its lease while waiting for an answer sends nothing more and records no attempt', async () => {
    const h = createHarness({ batchSize: 1 });
    const first = await h.outbox.enqueue(update('a', 'x'));
    await h.outbox.enqueue(update('b', 'y'));
    const { next, answer } = controlledAnswer();
    h.transport.respond(() => next());
    const flushing = h.outbox.flush();
    await h.settle();
    h.process.pause();
    await h.clock.advance(1_600);
    const thief = new MemoryStorage(h.database);
    await thief.open();
    expect(await thief.acquireLease('thief', h.clock.now(), 1_500)).toBe(true);
    h.process.resume();
    answer({ kind: 'retry', error: { code: 'HTTP_503', message: 'unavailable', httpStatus: 503 } });
    expect(await flushing).toMatchObject({ attempted: 0, stoppedBy: 'locked' });
    expect(h.transport.sent.map((entry) => entry.entityId)).toEqual(['a']);
    expect(await thief.get(first.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: null });
  });

  it('validates ownerId and leaseTtlMs; undefined means the default', () => {
    expect(() => createHarness({ leaseTtlMs: 0 })).toThrow(ConfigurationError);
    expect(() => createHarness({ leaseTtlMs: Number.NaN })).toThrow(/leaseTtlMs must be a number of at least 30/);
    expect(() => createHarness({ ownerId: '' })).toThrow(/ownerId must be a non-empty string/);
    expect(() => createHarness({ ownerId: undefined, leaseTtlMs: undefined })).not.toThrow();
  });
});
