import { describe, expect, it } from 'vitest';
import type { MutationDefinition, OutboxEntry, TransportOutcome } from '@mutation-outbox/core';
import type { MemoryTransaction } from '@mutation-outbox/testing';
import { appData, createHarness } from './support';

const rolledBack: string[] = [];
const coalescing: MutationDefinition[] = [
  { type: 'note.create', kind: 'create', coalesce: true, rollback: (c) => void rolledBack.push(c.entry.id) },
  { type: 'note.update', kind: 'update', coalesce: true, rollback: (c) => void appData(c).set(c.entry.entityId, JSON.stringify(c.entry.rollbackData)) },
  { type: 'note.delete', kind: 'delete', coalesce: true },
  { type: 'activity.create', kind: 'create', references: (p) => [String((p as { noteId: string }).noteId)] },
  { type: 'note.touch', kind: 'update' },
];
const update = (entityId: string, payload: Record<string, string>, before: Record<string, string>, expectedVersion?: number) => ({
  type: 'note.update',
  entityId,
  payload,
  rollbackData: before,
  ...(expectedVersion !== undefined ? { expectedVersion } : {}),
});
const unavailable: TransportOutcome = { kind: 'retry', error: { code: 'HTTP_503', message: 'unavailable', httpStatus: 503 } };

describe('coalescing (opt-in per mutation type, only over entries never attempted)', () => {
  it('update + update → one update with merged fields, keeping the oldest rollback data and version', async () => {
    const h = createHarness({ mutations: coalescing });
    const events: string[] = [];
    h.outbox.on('entry:coalesced', (e) => events.push(`${e.result}:${e.entry.id}`));
    const first = await h.outbox.enqueue(update('n1', { title: 'a', body: 'x' }, { title: 'old', body: 'old' }, 3));
    const merged = await h.outbox.enqueue(update('n1', { title: 'b' }, { title: 'a', body: 'x' }, 4));
    expect(merged.id).toBe(first.id);
    expect(events).toEqual([`merged:${first.id}`]);
    const { entries } = await h.outbox.getOutboxEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ payload: { title: 'b', body: 'x' }, rollbackData: { title: 'old', body: 'old' }, expectedVersion: 3 });
    await h.outbox.flush();
    expect(h.transport.sent.map((e) => e.payload)).toEqual([{ title: 'b', body: 'x' }]);
  });

  it('a rollback of a merged update restores the state from before the first change', async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue(update('n1', { title: 'a' }, { title: 'old' }));
    await h.outbox.enqueue(update('n1', { title: 'b' }, { title: 'a' }));
    h.transport.respond(() => ({ kind: 'reject', error: { code: 'HTTP_422', message: 'no', httpStatus: 422 } }));
    await h.outbox.flush();
    expect(h.database.appData.get('n1')).toBe(JSON.stringify({ title: 'old' }));
  });

  it('create + update(s) → one create', async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue({ type: 'note.create', entityId: 'tmp_1', payload: { title: 'a' }, rollbackData: null });
    await h.outbox.enqueue(update('tmp_1', { body: 'b' }, {}));
    await h.outbox.enqueue(update('tmp_1', { title: 'c' }, {}));
    await h.outbox.flush();
    expect(h.transport.sentTypes()).toEqual(['note.create:tmp_1']);
    expect(h.transport.sent[0]?.payload).toEqual({ title: 'c', body: 'b' });
  });

  it('create + delete → nothing is sent at all, and no rollback handler runs', async () => {
    const h = createHarness({ mutations: coalescing });
    rolledBack.length = 0;
    const create = await h.outbox.enqueue({ type: 'note.create', entityId: 'tmp_1', payload: { title: 'a' }, rollbackData: null });
    await h.outbox.enqueue(update('tmp_1', { body: 'b' }, {}));
    const result = await h.outbox.enqueue({ type: 'note.delete', entityId: 'tmp_1', payload: null });
    expect(result).toMatchObject({ id: create.id, status: 'rolled_back', lastError: { code: 'CANCELLED' } });
    expect(h.outbox.getStatus().pending).toBe(0);
    expect(await h.outbox.flush()).toMatchObject({ attempted: 0, remaining: 0 });
    expect(h.transport.sent).toEqual([]);
    expect(rolledBack).toEqual([]);
  });

  it('create + delete is queued as usual when a later entry refers to the entity', async () => {
    const h = createHarness({ mutations: coalescing, ordering: 'partition' });
    await h.outbox.enqueue({ type: 'note.create', entityId: 'tmp_1', payload: { title: 'a' }, rollbackData: null });
    await h.outbox.enqueue({ type: 'activity.create', entityId: 'tmp_a', payload: { noteId: 'tmp_1' } });
    await h.outbox.enqueue({ type: 'note.delete', entityId: 'tmp_1', payload: null });
    await h.outbox.flush();
    expect(h.transport.sentTypes()).toEqual(['note.create:tmp_1', 'activity.create:tmp_a', 'note.delete:srv-1']);
  });

  it('never folds into an entry that was already attempted (the server may have applied it)', async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue(update('n1', { title: 'a' }, {}));
    h.transport.failTimes(1, unavailable);
    await h.outbox.flush();
    await h.outbox.enqueue(update('n1', { title: 'b' }, {}));
    expect((await h.outbox.getOutboxEntries()).entries).toHaveLength(2);
  });

  it('never folds into an entry whose delivery is under way', async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue(update('n1', { title: 'a' }, {}));
    let answer: (outcome: TransportOutcome) => void = () => undefined;
    h.transport.respond(() => new Promise((resolve) => (answer = resolve)));
    const flushing = h.outbox.flush();
    await h.settle();
    const second = await h.outbox.enqueue(update('n1', { title: 'b' }, {}));
    h.transport.respond((entry) => h.transport.ok(entry));
    answer({ kind: 'ok' });
    await flushing;
    expect(second.status).toBe('pending');
    await h.outbox.flush();
    expect(h.transport.sent.map((e: OutboxEntry) => e.payload)).toEqual([{ title: 'a' }, { title: 'b' }]);
  });

  it('never folds into an entry whose delivery a crash cut short (the server may have applied it)', async () => {
    const h = createHarness({ mutations: coalescing, leaseTtlMs: 30_000 });
    await h.outbox.enqueue(update('n1', { title: 'a' }, {}));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    const restarted = h.restart(); // kill -9 while the request is out
    await restarted.enqueue(update('n1', { title: 'b' }, {}));
    await h.clock.advance(30_000);
    h.transport.respond((entry) => h.transport.ok(entry));
    await restarted.flush();
    expect(h.transport.sent.map((e: OutboxEntry) => e.payload)).toEqual([{ title: 'a' }, { title: 'a' }, { title: 'b' }]);
  });

  it('leaves types that did not opt in alone', async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue({ type: 'note.touch', entityId: 'n1', payload: { a: 1 } });
    await h.outbox.enqueue({ type: 'note.touch', entityId: 'n1', payload: { b: 2 } });
    expect((await h.outbox.getOutboxEntries()).entries).toHaveLength(2);
  });

  it("merges inside the app's transaction: a failing transaction undoes the merge too", async () => {
    const h = createHarness({ mutations: coalescing });
    await h.outbox.enqueue(update('n1', { title: 'a' }, {}));
    await expect(
      h.outbox.transaction(async (tx) => {
        (tx as MemoryTransaction).appData.set('n1', 'b');
        await h.outbox.enqueue(update('n1', { title: 'b' }, {}), { tx });
        throw new Error('app failed');
      }),
    ).rejects.toThrow('app failed');
    expect((await h.outbox.getOutboxEntries()).entries[0]?.payload).toEqual({ title: 'a' });
  });
});
