import { describe, expect, it } from 'vitest';
import type { MemoryTransaction } from '@mutation-outbox/testing';
import type { OutboxError } from '@mutation-outbox/core';
import { InvalidMutationError, OutboxFullError, PayloadTooLargeError, StorageError, UnknownMutationTypeError } from '@mutation-outbox/core';
import type { Mutation } from '@mutation-outbox/core';
import { createHarness } from './support';

const note = (text = 'hello'): Mutation => ({ type: 'note.create', entityId: 'tmp_1', payload: { text } });

describe('enqueue', () => {
  it('assigns id, increasing seq and a stable idempotency key, and stores the entry as pending', async () => {
    const { outbox } = createHarness();
    const a = await outbox.enqueue(note('a'));
    const b = await outbox.enqueue({ ...note('b'), entityId: 'tmp_2' });
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(a.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    const page = await outbox.getOutboxEntries();
    expect(page.entries.map((e) => [e.id, e.status, e.attempts, e.idempotencyKey])).toEqual([
      [a.id, 'pending', 0, a.idempotencyKey],
      [b.id, 'pending', 0, b.idempotencyKey],
    ]);
  });

  const invalid: Array<[string, unknown, new (...args: never[]) => OutboxError]> = [
    ['a function in the payload', { type: 'note.update', entityId: 'n1', payload: { f: () => 1 } }, InvalidMutationError],
    ['a BigInt in the payload', { type: 'note.update', entityId: 'n1', payload: { n: 1n } }, InvalidMutationError],
    ['a cycle in the payload', (() => { const p: Record<string, unknown> = {}; p['self'] = p; return { type: 'note.update', entityId: 'n1', payload: p }; })(), InvalidMutationError],
    ['a Date instance', { type: 'note.update', entityId: 'n1', payload: { when: new Date(0) } }, InvalidMutationError],
    ['NaN', { type: 'note.update', entityId: 'n1', payload: { n: Number.NaN } }, InvalidMutationError],
    ['undefined payload', { type: 'note.update', entityId: 'n1' }, InvalidMutationError],
    ['an undefined field', { type: 'note.update', entityId: 'n1', payload: { a: undefined } }, InvalidMutationError],
    ['an empty entity id', { type: 'note.update', entityId: '', payload: {} }, InvalidMutationError],
    ['a blank entity id', { type: 'note.update', entityId: '   ', payload: {} }, InvalidMutationError],
    ['an unknown type', { type: 'nope', entityId: 'n1', payload: {} }, UnknownMutationTypeError],
    ['a failing type validator', { type: 'note.create', entityId: 'tmp_1', payload: {} }, InvalidMutationError],
    ['a non-integer expected version', { type: 'note.update', entityId: 'n1', payload: {}, expectedVersion: 1.5 }, InvalidMutationError],
    ['a non-object mutation', null, InvalidMutationError],
  ];
  it.each(invalid)('rejects %s with a typed error and writes nothing', async (_name, mutation, errorClass) => {
    const { outbox } = createHarness();
    const enqueued: unknown[] = [];
    outbox.on('entry:enqueued', (e) => enqueued.push(e));
    const error = await outbox.enqueue(mutation as Mutation).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as OutboxError).code).toMatch(/^[A-Z_]+$/);
    expect((await outbox.getOutboxEntries()).entries).toEqual([]);
    expect(enqueued).toEqual([]);
  });

  it('rejects an entry over maxEntryBytes with PayloadTooLargeError', async () => {
    const { outbox } = createHarness({ limits: { maxEntryBytes: 100 } });
    await expect(outbox.enqueue(note('x'.repeat(200)))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect((await outbox.getOutboxEntries()).entries).toHaveLength(0);
  });

  it('refuses with OutboxFullError over maxEntries and over maxBytes, dropping nothing', async () => {
    const byCount = createHarness({ limits: { maxEntries: 2 } });
    await byCount.outbox.enqueue(note('a'));
    await byCount.outbox.enqueue(note('b'));
    await expect(byCount.outbox.enqueue(note('c'))).rejects.toBeInstanceOf(OutboxFullError);
    expect((await byCount.outbox.getOutboxEntries()).entries.map((e) => e.payload)).toEqual([{ text: 'a' }, { text: 'b' }]);

    const byBytes = createHarness({ limits: { maxBytes: 60 } });
    await byBytes.outbox.enqueue(note('a'.repeat(20)));
    const error = await byBytes.outbox.enqueue(note('b'.repeat(40))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxFullError);
    expect((error as OutboxFullError).code).toBe('OUTBOX_FULL');
    expect((await byBytes.outbox.getOutboxEntries()).entries).toHaveLength(1);
  });

  it('resolves only after the commit: a failing commit rejects and leaves nothing behind', async () => {
    const { outbox, database } = createHarness();
    await outbox.enqueue(note('kept'));
    database.failNextCommit(new StorageError('disk full'));
    await expect(outbox.enqueue(note('lost'))).rejects.toBeInstanceOf(StorageError);
    expect((await outbox.getOutboxEntries()).entries.map((e) => e.payload)).toEqual([{ text: 'kept' }]);
    expect(outbox.getStatus().pending).toBe(1);
  });

  it("commits the app's optimistic write and the enqueue together, and emits only after the commit", async () => {
    const { outbox, database } = createHarness();
    const events: string[] = [];
    outbox.on('entry:enqueued', () => events.push('enqueued'));
    await outbox.transaction(async (tx) => {
      (tx as MemoryTransaction).appData.set('tmp_1', '{"text":"local"}');
      await outbox.enqueue(note('local'), { tx });
      expect(events).toEqual([]);
    });
    expect(events).toEqual(['enqueued']);
    expect(database.appData.get('tmp_1')).toBe('{"text":"local"}');

    const failure = new Error('app write failed');
    await expect(
      outbox.transaction(async (tx) => {
        (tx as MemoryTransaction).appData.set('tmp_2', 'x');
        await outbox.enqueue({ ...note('gone'), entityId: 'tmp_2' }, { tx });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(database.appData.has('tmp_2')).toBe(false);
    expect((await outbox.getOutboxEntries()).entries).toHaveLength(1);
    expect(events).toEqual(['enqueued']);
  });

  it('issues recognisable temporary ids', () => {
    const { outbox } = createHarness();
    const id = outbox.tempId();
    expect(outbox.isTempId(id)).toBe(true);
    expect(outbox.isTempId('42')).toBe(false);
    expect(outbox.tempId()).not.toBe(id);
  });
});
