import { act, renderHook, waitFor } from '@testing-library/react';
import { InvalidMutationError, OutboxFullError } from '@mutation-outbox/core';
import type { JsonObject } from '@mutation-outbox/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { useOptimisticMutation, useOutboxStatus } from '../src/index';
import { appData, createFixture } from './outbox-fixture';

interface NoteInput {
  readonly id: string;
  readonly text: string;
}

/** Saves a note locally and enqueues `note.save` with the previous text as rollback data. */
function useSaveNote() {
  return useOptimisticMutation((tx, input: NoteInput) => {
    const rows = appData(tx);
    const previous = rows.get(input.id) ?? null;
    return {
      apply: () => {
        rows.set(input.id, input.text);
        return input.id;
      },
      // An empty text is sent without its `text` field: the mutation type rejects that.
      mutation: { type: 'note.save', entityId: input.id, payload: input.text ? { text: input.text } : ({} as JsonObject), rollbackData: previous },
    };
  });
}

describe('useOptimisticMutation', () => {
  it('commits the local write and its mutations together', async () => {
    const f = await createFixture();
    const { result } = renderHook(
      () => ({
        save: useSaveNote(),
        both: useOptimisticMutation((tx, text: string) => ({
          apply: () => appData(tx).set('a', text).set('b', text),
          mutation: [
            { type: 'note.save', entityId: 'a', payload: { text } },
            { type: 'note.save', entityId: 'b', payload: { text } },
          ],
        })),
        status: useOutboxStatus(),
      }),
      { wrapper: f.wrapper },
    );

    const saved = await act(() => result.current.save.run({ id: 'n1', text: 'hello' }));
    expect(saved.value).toBe('n1');
    expectTypeOf(saved.value).toEqualTypeOf<string>();
    expect(saved.entries.map((entry) => [entry.entityId, entry.payload, entry.rollbackData])).toEqual([['n1', { text: 'hello' }, null]]);
    expect(f.rows.get('n1')).toBe('hello');
    expect(result.current.save).toMatchObject({ pending: false, error: null });

    const both = await act(() => result.current.both.run('x'));
    expect(both.entries.map((entry) => entry.entityId)).toEqual(['a', 'b']);
    expect([f.rows.get('a'), f.rows.get('b')]).toEqual(['x', 'x']);
    await waitFor(() => expect(result.current.status.pending).toBe(3));
  });

  it('writes nothing when the mutation is invalid, and reports the typed error', async () => {
    const f = await createFixture();
    const { result } = renderHook(() => useSaveNote(), { wrapper: f.wrapper });
    await act(() => result.current.run({ id: 'n1', text: 'kept' }));

    let thrown: unknown;
    await act(() => result.current.run({ id: 'n1', text: '' }).catch((error: unknown) => void (thrown = error)));
    expect(thrown).toBeInstanceOf(InvalidMutationError);
    expect(result.current.error).toBe(thrown);
    expect(f.rows.get('n1')).toBe('kept');
    expect((await f.outbox.getOutboxEntries()).entries).toHaveLength(1);

    act(() => result.current.reset());
    expect(result.current.error).toBeNull();
  });

  it('writes nothing when the outbox is full or the commit fails', async () => {
    const f = await createFixture({ limits: { maxEntries: 1 } });
    const { result } = renderHook(() => useSaveNote(), { wrapper: f.wrapper });
    await act(() => result.current.run({ id: 'n1', text: 'first' }));

    await act(() => expect(result.current.run({ id: 'n2', text: 'second' })).rejects.toBeInstanceOf(OutboxFullError));
    expect(result.current.error).toBeInstanceOf(OutboxFullError);
    expect(f.rows.has('n2')).toBe(false);

    await act(() => f.outbox.flush());
    const diskFull = new Error('disk full');
    f.storage.failNextCommit(diskFull);
    await act(() => expect(result.current.run({ id: 'n3', text: 'third' })).rejects.toBe(diskFull));
    expect(result.current.error).toBe(diskFull);
    expect(f.rows.has('n3')).toBe(false);
    expect((await f.outbox.getOutboxEntries()).entries).toEqual([]);
  });

  it('is pending while a run is in progress', async () => {
    const f = await createFixture();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { result } = renderHook(
      () =>
        useOptimisticMutation((tx, id: string) => ({
          apply: async () => {
            await gate;
            appData(tx).set(id, 'slow');
          },
          mutation: { type: 'note.save', entityId: id, payload: { text: 'slow' } },
        })),
      { wrapper: f.wrapper },
    );

    let running: Promise<unknown> = Promise.resolve();
    act(() => void (running = result.current.run('n1')));
    expect(result.current.pending).toBe(true);
    await act(async () => {
      release();
      await running;
    });
    expect(result.current.pending).toBe(false);
    expect(f.rows.get('n1')).toBe('slow');
  });
});
