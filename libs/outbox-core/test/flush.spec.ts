import { describe, expect, it } from 'vitest';
import type { Mutation } from '@mutation-outbox/core';
import type { TransportOutcome } from '@mutation-outbox/core';
import { ConfigurationError } from '@mutation-outbox/core';
import { backoffDelay } from '@mutation-outbox/core';
import { DEFAULT_BACKOFF } from '@mutation-outbox/core';
import { SeededRandom } from '@mutation-outbox/testing';
import { createHarness } from './support';

const update = (entityId: string, text: string, partitionKey?: string): Mutation => ({
  type: 'note.update',
  entityId,
  payload: { text },
  rollbackData: { text: 'before' },
  ...(partitionKey ? { partitionKey } : {}),
});
const serverError: TransportOutcome = { kind: 'retry', error: { code: 'HTTP_503', message: 'Service Unavailable', httpStatus: 503 } };

describe('flush', () => {
  it('sends due entries in enqueue order, removes them and counts the run', async () => {
    const { outbox, transport } = createHarness();
    for (const id of ['a', 'b', 'c']) await outbox.enqueue(update(id, id));
    const result = await outbox.flush();
    expect(transport.sentTypes()).toEqual(['note.update:a', 'note.update:b', 'note.update:c']);
    expect(result).toEqual({ attempted: 3, succeeded: 3, retryScheduled: 0, failed: 0, rolledBack: 0, remaining: 0 });
    expect((await outbox.getOutboxEntries()).entries).toEqual([]);
  });

  it('lets concurrent calls join the run in progress', async () => {
    const { outbox, transport } = createHarness();
    await outbox.enqueue(update('a', 'a'));
    const [first, second] = await Promise.all([outbox.flush(), outbox.flush()]);
    expect(first).toBe(second);
    expect(transport.sent).toHaveLength(1);
  });

  it('schedules a retry with exponential backoff and full jitter from the injected randomness', async () => {
    const h = createHarness({ backoff: { baseMs: 1000, factor: 2, capMs: 60_000, maxAttempts: 5 } }, 7);
    await h.outbox.enqueue(update('a', 'a'));
    h.transport.respond(() => serverError);
    const replay = new SeededRandom(7);
    replay.uuid(); // the entry id
    replay.uuid(); // the idempotency key
    replay.uuid(); // the owner id is drawn first, by the options
    const start = h.clock.now();
    const result = await h.outbox.flush();
    expect(result).toMatchObject({ attempted: 1, retryScheduled: 1, remaining: 1 });
    const [entry] = (await h.outbox.getOutboxEntries()).entries;
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastError: { code: 'HTTP_503', httpStatus: 503 } });
    const delay = (entry?.nextAttemptAt ?? 0) - start;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(1000);
    // Not due yet: a flush now attempts nothing.
    expect((await h.outbox.flush()).attempted).toBe(0);
    expect(h.transport.sent).toHaveLength(1);
  });

  it('computes full-jitter delays within [0, min(cap, base*factor^(n-1))]', () => {
    const random = new SeededRandom(3);
    const options = { ...DEFAULT_BACKOFF, baseMs: 100, factor: 3, capMs: 5000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      for (let i = 0; i < 20; i++) {
        const delay = backoffDelay(attempt, options, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(5000, 100 * 3 ** (attempt - 1)));
      }
    }
    expect(backoffDelay(1, options, { next: () => 0, uuid: () => '' }, 3000)).toBe(3000);
    expect(backoffDelay(1, options, { next: () => 0, uuid: () => '' }, 999_999)).toBe(5000);
  });

  it("honours the server's Retry-After within the cap", async () => {
    const h = createHarness({ backoff: { baseMs: 10, capMs: 60_000 } });
    await h.outbox.enqueue(update('a', 'a'));
    h.transport.failTimes(1, { kind: 'retry', error: { code: 'HTTP_429', message: 'Too Many Requests', httpStatus: 429 }, retryAfterMs: 30_000 });
    await h.outbox.flush();
    const [entry] = (await h.outbox.getOutboxEntries()).entries;
    expect(entry?.nextAttemptAt).toBe(h.clock.now() + 30_000);
  });

  it('retries on the schedule by itself once started, and holds the entry as failed after maxAttempts', async () => {
    const h = createHarness({ backoff: { baseMs: 100, factor: 2, capMs: 1000, maxAttempts: 3 } });
    await h.outbox.start();
    h.transport.respond(() => serverError);
    const failed: string[] = [];
    h.outbox.on('entry:failed', ({ entry }) => failed.push(entry.id));
    const entry = await h.outbox.enqueue(update('a', 'a'));
    await h.settle();
    await h.clock.advance(10_000);
    expect(h.transport.sent).toHaveLength(3);
    const [held] = (await h.outbox.getOutboxEntries()).entries;
    expect(held).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, lastError: { code: 'HTTP_503' } });
    expect(failed).toEqual([entry.id]);
    // Held, never dropped, and never retried on its own.
    await h.clock.advance(1_000_000);
    expect(h.transport.sent).toHaveLength(3);
    await h.outbox.stop();
  });

  it('blocks the global queue behind a held entry, but not other partitions with ordering: partition', async () => {
    for (const ordering of ['global', 'partition'] as const) {
      const h = createHarness({ ordering, backoff: { maxAttempts: 1 } });
      await h.outbox.enqueue(update('stuck', 'x'));
      await h.outbox.enqueue(update('other', 'y'));
      await h.outbox.enqueue(update('stuck', 'z'));
      h.transport.respond((entry) => (entry.entityId === 'stuck' ? serverError : h.transport.ok(entry)));
      await h.outbox.flush();
      expect(h.transport.sentTypes()).toEqual(ordering === 'global' ? ['note.update:stuck'] : ['note.update:stuck', 'note.update:other']);
    }
  });

  it('pauses on an auth outcome without counting the attempt, and resume() continues', async () => {
    const h = createHarness();
    await h.outbox.start();
    const auth: unknown[] = [];
    h.outbox.on('auth:required', (event) => auth.push(event.error.code));
    h.transport.failTimes(1, { kind: 'auth', error: { code: 'HTTP_401', message: 'Unauthorized', httpStatus: 401 } });
    await h.outbox.enqueue(update('a', 'a'));
    await h.outbox.enqueue(update('b', 'b'));
    await h.settle();
    expect(auth).toEqual(['HTTP_401']);
    expect(h.outbox.getStatus()).toMatchObject({ paused: true, pending: 2 });
    const [first] = (await h.outbox.getOutboxEntries()).entries;
    expect(first).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await h.outbox.flush()).stoppedBy).toBe('paused');
    h.outbox.resume();
    await h.settle();
    expect(h.transport.sentTypes()).toEqual(['note.update:a', 'note.update:a', 'note.update:b']);
    expect(h.outbox.getStatus()).toMatchObject({ paused: false, pending: 0 });
    await h.outbox.stop();
  });

  it('rolls back a permanent rejection: the handler runs once, inside the transaction that marks it', async () => {
    const h = createHarness();
    h.database.appData.set('a', JSON.stringify({ text: 'optimistic' }));
    const entry = await h.outbox.enqueue(update('a', 'optimistic'));
    const events: string[] = [];
    h.outbox.on('entry:rolled-back', (e) => events.push(`${e.reason}:${e.entry.id}`));
    h.transport.respond(() => ({ kind: 'reject', error: { code: 'HTTP_422', message: 'name is required', httpStatus: 422 } }));
    const result = await h.outbox.flush();
    expect(result).toMatchObject({ attempted: 1, rolledBack: 1, remaining: 0 });
    expect(h.rollbacks).toEqual([entry.id]);
    expect(h.database.appData.get('a')).toBe(JSON.stringify({ text: 'before' }));
    expect(events).toEqual([`rejected:${entry.id}`]);
    const stored = await h.outbox.getOutboxEntries({ statuses: ['rolled_back'] });
    expect(stored.entries[0]).toMatchObject({ status: 'rolled_back', lastError: { code: 'HTTP_422' } });
  });

  it('resolves conflicts with server-wins by default: the change is rolled back with the server state', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'mine'));
    const conflicts: unknown[] = [];
    h.outbox.on('entry:conflict', (e) => conflicts.push([e.action, e.serverState]));
    h.transport.respond(() => ({ kind: 'conflict', error: { code: 'HTTP_409', message: 'Conflict', httpStatus: 409 }, serverState: { text: 'theirs' }, serverVersion: 4 }));
    const result = await h.outbox.flush();
    expect(result.rolledBack).toBe(1);
    expect(conflicts).toEqual([['rollback', { text: 'theirs' }]]);
  });

  it('attempts nothing while offline and flushes at once on the offline→online edge, ignoring backoff waits', async () => {
    const h = createHarness({ backoff: { baseMs: 60_000, capMs: 600_000 } });
    await h.outbox.start();
    h.connectivity.goOffline();
    await h.outbox.enqueue(update('a', 'a'));
    await h.settle();
    expect(h.transport.sent).toHaveLength(0);
    expect(await h.outbox.flush()).toMatchObject({ attempted: 0, stoppedBy: 'offline', remaining: 1 });
    expect((await h.outbox.getOutboxEntries()).entries[0]?.attempts).toBe(0);
    expect(h.outbox.getStatus().online).toBe(false);

    h.transport.failTimes(1, serverError);
    h.connectivity.goOnline();
    await h.settle();
    expect(h.transport.sent).toHaveLength(1);
    const [waiting] = (await h.outbox.getOutboxEntries()).entries;
    expect(waiting?.nextAttemptAt).not.toBeNull();
    h.connectivity.goOffline();
    h.connectivity.goOnline();
    await h.settle();
    expect(h.transport.sent).toHaveLength(2);
    expect((await h.outbox.getOutboxEntries()).entries).toEqual([]);
    await h.outbox.stop();
    expect(h.connectivity.listenerCount()).toBe(0);
  });

  it('runs no flush while offline: enqueues without signal emit no flush:finished, and coming online flushes once', async () => {
    const h = createHarness();
    await h.outbox.start();
    h.connectivity.goOffline();
    await h.settle();
    const finished: unknown[] = [];
    h.outbox.on('flush:finished', ({ result }) => finished.push(result.stoppedBy ?? 'done'));
    for (const id of ['a', 'b', 'c']) await h.outbox.enqueue(update(id, id));
    await h.settle();
    expect(finished).toEqual([]);
    h.connectivity.goOnline();
    await h.settle();
    expect(finished).toEqual(['done']);
    expect(h.transport.sent).toHaveLength(3);
  });

  it('recovers entries left in flight by a crash and sends them again with the same idempotency key', async () => {
    const h = createHarness();
    const entry = await h.outbox.enqueue(update('a', 'a'));
    let release: (outcome: TransportOutcome) => void = () => undefined;
    h.transport.respond(() => new Promise((resolve) => (release = resolve)));
    void h.outbox.flush();
    await h.settle();
    expect((await h.outbox.getOutboxEntries()).entries[0]?.status).toBe('in_flight');
    // kill -9: the process is gone, its lease expires.
    const restarted = h.restart();
    await h.clock.advance(60_000);
    h.transport.respond((e) => h.transport.ok(e));
    const result = await restarted.flush();
    expect(result.succeeded).toBe(1);
    expect(h.transport.sent.map((e) => e.idempotencyKey)).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
    release({ kind: 'ok' });
  });

  it('lets only one instance flush the same database at a time (lease)', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'a'));
    let release: (outcome: TransportOutcome) => void = () => undefined;
    h.transport.respond(() => new Promise((resolve) => (release = resolve)));
    const first = h.outbox.flush();
    await h.settle();
    const second = h.restart();
    expect(await second.flush()).toMatchObject({ attempted: 0, stoppedBy: 'locked' });
    release({ kind: 'ok' });
    expect((await first).succeeded).toBe(1);
  });

  it('survives a throwing event listener', async () => {
    const h = createHarness();
    const errors: unknown[] = [];
    h.outbox.on('listener:error', (e) => errors.push(e.event));
    h.outbox.on('entry:succeeded', () => {
      throw new Error('listener bug');
    });
    await h.outbox.enqueue(update('a', 'a'));
    await h.outbox.enqueue(update('b', 'b'));
    expect((await h.outbox.flush()).succeeded).toBe(2);
    expect(errors).toEqual(['entry:succeeded', 'entry:succeeded']);
  });

  it('treats a throwing transport as a transient failure, never a crash of the flusher', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'a'));
    h.transport.respond(() => {
      throw new Error('socket exploded');
    });
    const result = await h.outbox.flush();
    expect(result.retryScheduled).toBe(1);
    expect((await h.outbox.getOutboxEntries()).entries[0]?.lastError).toMatchObject({ code: 'TRANSPORT_ERROR' });
  });

  it('holds an entry at once when the transport reports a configuration error (no retry can fix it)', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'a'));
    h.transport.respond(() => {
      throw new ConfigurationError('No route for mutation type "note.update"');
    });
    expect(await h.outbox.flush()).toMatchObject({ failed: 1, retryScheduled: 0 });
    expect((await h.outbox.getOutboxEntries()).entries[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'CONFIGURATION_INVALID' } });
  });

  it('shows what is already queued once opened, before start, and emits status only on change', async () => {
    const h = createHarness();
    for (const id of ['a', 'b']) await h.outbox.enqueue(update(id, id));
    const reopened = h.restart();
    const seen: number[] = [];
    reopened.on('status', (s) => seen.push(s.pending));
    await reopened.open();
    expect(reopened.getStatus().pending).toBe(2);
    await reopened.open();
    await reopened.getOutboxEntries();
    expect(seen).toEqual([2]);
  });

  it("moves later edits of the same entity onto the version the server returned, so the device's own edits never conflict", async () => {
    const h = createHarness();
    await h.outbox.enqueue({ ...update('n1', 'first'), expectedVersion: 4 });
    await h.outbox.enqueue({ ...update('n2', 'other'), expectedVersion: 4 });
    await h.outbox.enqueue({ ...update('n1', 'second'), expectedVersion: 4 });
    await h.outbox.enqueue({ ...update('n1', 'third'), expectedVersion: 4 });
    let version = 4;
    h.transport.respond((entry) => ({ kind: 'ok', serverId: entry.entityId, version: entry.entityId === 'n1' ? ++version : 5 }));
    await h.outbox.flush();
    expect(h.transport.sent.map((e) => `${e.entityId}@${e.expectedVersion}`)).toEqual(['n1@4', 'n2@4', 'n1@5', 'n1@6']);
  });

  it('emits status snapshots and progress for a UI', async () => {
    const h = createHarness();
    const progress: string[] = [];
    h.outbox.on('flush:progress', (p) => progress.push(`${p.done}/${p.total}`));
    for (const id of ['a', 'b', 'c']) await h.outbox.enqueue(update(id, id));
    expect(h.outbox.getStatus()).toMatchObject({ pending: 3, inFlight: 0, failed: 0, flushing: false });
    await h.outbox.flush();
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(h.outbox.getStatus()).toMatchObject({ pending: 0, progress: { done: 3, total: 3 } });
  });
});
