import { describe, expect, it } from 'vitest';
import type { Mutation, TransportOutcome } from '@mutation-outbox/core';
import { EntryNotFoundError, InvalidEntryStateError, RollbackFailedError, StorageLockedError } from '@mutation-outbox/core';
import { createHarness } from './support';

const create = (entityId: string, text: string): Mutation => ({ type: 'note.create', entityId, payload: { text }, rollbackData: null });
const update = (entityId: string, text: string, before: string): Mutation => ({ type: 'note.update', entityId, payload: { text }, rollbackData: { text: before } });
const activity_ = (entityId: string, noteId: string): Mutation =>
  activity(entityId, noteId);
const activity = (entityId: string, noteId: string): Mutation => ({ type: 'activity.create', entityId, payload: { noteId, what: 'call' }, rollbackData: null });
const reject: TransportOutcome = { kind: 'reject', error: { code: 'HTTP_422', message: 'name: required', httpStatus: 422 } };
const unavailable: TransportOutcome = { kind: 'retry', error: { code: 'HTTP_503', message: 'Service Unavailable', httpStatus: 503 } };

describe('rollbackEntry', () => {
  it('undoes the entry and every later dependant, newest first, each handler once', async () => {
    const h = createHarness({ ordering: 'partition' });
    const note = await h.outbox.enqueue(create('tmp_n', 'v1'));
    const other = await h.outbox.enqueue(update('x', 'other', 'x0'));
    const edit = await h.outbox.enqueue(update('tmp_n', 'v2', 'v1'));
    const act = await h.outbox.enqueue(activity('tmp_a', 'tmp_n'));
    const events: string[] = [];
    h.outbox.on('entry:rolled-back', (e) => events.push(`${e.reason}:${e.entry.id}`));
    await h.outbox.rollbackEntry(note.id);
    expect(h.rollbacks).toEqual([act.id, edit.id, note.id]);
    expect(events).toEqual([`dependency:${act.id}`, `dependency:${edit.id}`, `discarded:${note.id}`]);
    const active = await h.outbox.getOutboxEntries();
    expect(active.entries.map((e) => e.id)).toEqual([other.id]);
    await expect(h.outbox.rollbackEntry(note.id)).rejects.toBeInstanceOf(InvalidEntryStateError);
    expect(h.rollbacks).toHaveLength(3);
  });

  it('throws EntryNotFoundError for an unknown id', async () => {
    const h = createHarness();
    await expect(h.outbox.rollbackEntry('nope')).rejects.toBeInstanceOf(EntryNotFoundError);
    await expect(h.outbox.retryEntry('nope')).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it('holds the entry as failed when its rollback handler throws, and the rest of the queue continues', async () => {
    const h = createHarness({
      ordering: 'partition',
      mutations: [
        { type: 'note.update', rollback: () => { throw new Error('local table is gone'); } },
        { type: 'note.touch' },
      ],
    });
    const bad = await h.outbox.enqueue(update('a', 'x', 'y'));
    await h.outbox.enqueue({ type: 'note.touch', entityId: 'b', payload: null });
    h.transport.respond((entry) => (entry.entityId === 'a' ? reject : h.transport.ok(entry)));
    const result = await h.outbox.flush();
    expect(result).toMatchObject({ attempted: 2, succeeded: 1, failed: 1, remaining: 1 });
    const [held] = (await h.outbox.getOutboxEntries()).entries;
    expect(held).toMatchObject({ id: bad.id, status: 'failed', lastError: { code: 'ROLLBACK_FAILED' } });
    expect(held?.lastError?.message).toContain('local table is gone');
    await expect(h.outbox.rollbackEntry(bad.id)).rejects.toBeInstanceOf(RollbackFailedError);
  });
});

describe('rejections cascade', () => {
  it.each(['global', 'partition'] as const)('rolls back the dependants of a rejected create, newest first, and delivers unrelated entries (%s order)', async (ordering) => {
    const h = createHarness({ ordering });
    const note = await h.outbox.enqueue(create('tmp_n', 'v1'));
    const edit = await h.outbox.enqueue(update('tmp_n', 'v2', 'v1'));
    const act = await h.outbox.enqueue(activity('tmp_a', 'tmp_n'));
    await h.outbox.enqueue(update('x', 'fine', 'x0'));
    h.transport.respond((entry) => (entry.type === 'note.create' ? reject : h.transport.ok(entry)));
    const result = await h.outbox.flush();
    expect(h.rollbacks).toEqual([act.id, edit.id, note.id]);
    expect(h.transport.sentTypes()).toEqual(['note.create:tmp_n', 'note.update:x']);
    expect(result).toMatchObject({ rolledBack: 1, succeeded: 1, remaining: 0 });
  });
});

describe('temporary ids', () => {
  it('maps the server id in the settling transaction and sends dependants with it', async () => {
    const h = createHarness({
      ordering: 'partition',
      onIdMapped: ({ tempId, serverId, tx }) => {
        const data = (tx as unknown as { appData: Map<string, string> }).appData;
        data.set(serverId, data.get(tempId) ?? '');
        data.delete(tempId);
      },
    });
    h.database.appData.set('tmp_n', 'local row');
    await h.outbox.enqueue(create('tmp_n', 'v1'));
    await h.outbox.enqueue(activity('tmp_a', 'tmp_n'));
    await h.outbox.enqueue(update('tmp_n', 'v2', 'v1'));
    const mapped: string[] = [];
    h.outbox.on('id:mapped', (e) => mapped.push(`${e.tempId}->${e.serverId}`));
    await h.outbox.flush();
    expect(mapped).toEqual(['tmp_n->srv-1', 'tmp_a->srv-2']);
    expect(h.transport.sent[1]?.payload).toEqual({ noteId: 'srv-1', what: 'call' });
    expect(h.transport.sent[1]?.references).toEqual(['srv-1']);
    expect(h.transport.sent[2]?.entityId).toBe('srv-1');
    expect(h.database.appData.get('srv-1')).toBe('local row');
    expect(await h.outbox.resolveId('tmp_n')).toBe('srv-1');
  });

  it('never lets a dependant overtake the create it references, even across partitions', async () => {
    const h = createHarness({ ordering: 'partition' });
    await h.outbox.enqueue(create('tmp_n', 'v1'));
    await h.outbox.enqueue(activity('tmp_a', 'tmp_n'));
    await h.outbox.enqueue(update('z', 'free', 'z0'));
    h.transport.respond((entry) => (entry.type === 'note.create' ? unavailable : h.transport.ok(entry)));
    await h.outbox.flush();
    expect(h.transport.sentTypes()).toEqual(['note.create:tmp_n', 'note.update:z']);
  });
});

describe('retryEntry', () => {
  it('makes one immediate attempt for a held entry, ignoring the schedule', async () => {
    const h = createHarness({ backoff: { maxAttempts: 1 } });
    const entry = await h.outbox.enqueue(update('a', 'x', 'y'));
    h.transport.failTimes(1, unavailable);
    await h.outbox.flush();
    expect((await h.outbox.getOutboxEntries()).entries[0]?.status).toBe('failed');
    const result = await h.outbox.retryEntry(entry.id);
    expect(result.outcome).toBe('succeeded');
    expect(result.entry.status).toBe('succeeded');
    expect(h.transport.sent.map((e) => e.idempotencyKey)).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
  });

  it('does not overtake earlier entries: it schedules a flush instead', async () => {
    const h = createHarness({ backoff: { baseMs: 60_000 } });
    await h.outbox.enqueue(update('a', 'x', 'y'));
    const second = await h.outbox.enqueue(update('b', 'x', 'y'));
    h.transport.respond(() => unavailable);
    await h.outbox.flush();
    expect((await h.outbox.retryEntry(second.id)).outcome).toBe('not-attempted');
    expect(h.transport.sent).toHaveLength(1);
  });

  it('refuses a succeeded or rolled back entry', async () => {
    const h = createHarness();
    const entry = await h.outbox.enqueue(update('a', 'x', 'y'));
    await h.outbox.rollbackEntry(entry.id);
    await expect(h.outbox.retryEntry(entry.id)).rejects.toBeInstanceOf(InvalidEntryStateError);
  });
});

describe('an entity is one entity, by temporary id or by server id', () => {
  it('a newer edit addressed by the server id never overtakes an older one still retrying under the temporary id', async () => {
    const h = createHarness({ ordering: 'partition' });
    await h.outbox.enqueue(create('tmp_n', 'v1'));
    await h.outbox.flush();
    const serverId = await h.outbox.resolveId('tmp_n');
    await h.outbox.enqueue(update('tmp_n', 'B', 'v1'));
    h.transport.failTimes(1, unavailable);
    await h.outbox.flush();
    await h.outbox.enqueue(update(serverId, 'C', 'B'));
    await h.outbox.flush();
    expect(h.transport.sent.slice(1).map((e) => (e.payload as { text: string }).text)).toEqual(['B']);
    await h.clock.advance(60_000);
    await h.outbox.flush();
    expect(h.transport.sent.slice(1).map((e) => `${e.entityId}:${(e.payload as { text: string }).text}`)).toEqual([`${serverId}:B`, `${serverId}:B`, `${serverId}:C`]);
  });

  it('a rejection addressed by the temporary id rolls back later edits addressed by the server id, newest first', async () => {
    const h = createHarness({ ordering: 'partition' });
    await h.outbox.enqueue(create('tmp_n', 'v1'));
    await h.outbox.flush();
    const serverId = await h.outbox.resolveId('tmp_n');
    const older = await h.outbox.enqueue(update('tmp_n', 'B', 'v1'));
    const newer = await h.outbox.enqueue(update(serverId, 'C', 'B'));
    const activity = await h.outbox.enqueue(activity_('tmp_a', 'tmp_n'));
    h.transport.respond((entry) => (entry.type === 'note.update' ? reject : h.transport.ok(entry)));
    await h.outbox.flush();
    expect(h.rollbacks).toEqual([newer.id, older.id]);
    // The note exists on the server: an activity referencing it is not a dependant of an edit.
    expect(h.transport.sentTypes()).toContain(`activity.create:tmp_a`);
    expect((await h.outbox.getOutboxEntries()).entries.map((e) => e.id)).not.toContain(activity.id);
  });
});

describe('the flush lease', () => {
  it('a restarted app finds the crashed one’s lease and flushes by itself once it expires', async () => {
    const h = createHarness({ leaseTtlMs: 30_000 });
    await h.outbox.enqueue(update('a', 'x', 'y'));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    h.transport.respond((entry) => h.transport.ok(entry));
    const restarted = h.restart(); // kill -9 with the lease held
    await restarted.start();
    await h.settle();
    // "In flight" is the sending instance's state: the new one sees the entry waiting.
    expect(restarted.getStatus()).toMatchObject({ pending: 1, inFlight: 0 });
    await h.clock.advance(30_000);
    expect(restarted.getStatus()).toMatchObject({ pending: 0, inFlight: 0 });
    expect(h.transport.sent).toHaveLength(2);
    await restarted.stop();
  });

  it('another instance on the same storage neither rolls back nor sends an entry while one is delivering', async () => {
    const h = createHarness({ ordering: 'partition', leaseTtlMs: 30_000 });
    const sending = await h.outbox.enqueue(update('a', 'x', 'w'));
    let answer: (outcome: TransportOutcome) => void = () => undefined;
    h.transport.respond(() => new Promise((resolve) => (answer = resolve)));
    const flushing = h.outbox.flush();
    await h.settle();
    const second = h.another(); // a second instance (another tab, a background task) on the same data
    const other = await second.enqueue(update('b', 'y', 'v'));
    await expect(second.rollbackEntry(sending.id)).rejects.toBeInstanceOf(StorageLockedError);
    expect(await second.retryEntry(other.id)).toMatchObject({ outcome: 'not-attempted' });
    expect(h.transport.sent.map((entry) => entry.id)).toEqual([sending.id]);
    expect(h.rollbacks).toEqual([]);
    answer({ kind: 'ok', version: 2 });
    await flushing;
    // Once the delivering instance is done, the lease is free again.
    await second.rollbackEntry(other.id);
    expect(h.rollbacks).toEqual([other.id]);
  });
});
