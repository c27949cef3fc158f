import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useOutboxActions, useOutboxEntries } from '../src/index';
import { createFixture } from './outbox-fixture';

describe('useOutboxEntries', () => {
  it('loads the active entries, then follows enqueues and deliveries', async () => {
    const f = await createFixture();
    await f.save('n1', 'a');
    const { result } = renderHook(() => useOutboxEntries(), { wrapper: f.wrapper });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.entries.map((entry) => entry.entityId)).toEqual(['n1']);

    await act(() => f.save('n2', 'b'));
    await waitFor(() => expect(result.current.entries.map((entry) => entry.entityId)).toEqual(['n1', 'n2']));

    await act(() => f.outbox.flush());
    await waitFor(() => expect(result.current.entries).toEqual([]));
    expect(result.current.error).toBeNull();
  });

  it('shows one page of failed entries, and follows retry and discard', async () => {
    const f = await createFixture({ ordering: 'partition', backoff: { maxAttempts: 1 } });
    f.transport.answer = () => ({ kind: 'retry', error: { code: 'HTTP_500', message: 'boom', httpStatus: 500 } });
    for (const id of ['n1', 'n2', 'n3']) await f.save(id, `text ${id}`);
    await f.outbox.flush();
    const list = vi.spyOn(f.outbox, 'getOutboxEntries');

    const { result } = renderHook(() => ({ failed: useOutboxEntries({ statuses: ['failed'], limit: 2 }), actions: useOutboxActions() }), { wrapper: f.wrapper });
    await waitFor(() => expect(result.current.failed.loading).toBe(false));
    expect(result.current.failed.entries.map((entry) => [entry.entityId, entry.lastError?.code])).toEqual([['n1', 'HTTP_500'], ['n2', 'HTTP_500']]);
    expect(result.current.failed.hasMore).toBe(true);

    f.transport.answer = () => ({ kind: 'ok', version: 2 });
    await act(async () => {
      await result.current.actions.retryEntry('missing').catch(() => undefined);
      const [first] = result.current.failed.entries;
      await result.current.actions.retryEntry(first?.id ?? '');
    });
    await waitFor(() => expect(result.current.failed.entries.map((entry) => entry.entityId)).toEqual(['n2', 'n3']));
    expect(result.current.failed.hasMore).toBe(false);

    await act(() => result.current.actions.rollbackEntry(result.current.failed.entries[0]?.id ?? ''));
    await waitFor(() => expect(result.current.failed.entries.map((entry) => entry.entityId)).toEqual(['n3']));
    expect(f.rows.has('n2')).toBe(false);

    // Every load was one page: the hook never pages on by itself.
    expect(list.mock.calls.every(([filter]) => filter?.afterSeq === undefined && filter?.limit === 2)).toBe(true);
  });

  it('keeps the last page and reports a failed load, until a refresh succeeds', async () => {
    const f = await createFixture();
    await f.save('n1', 'a');
    const { result } = renderHook(() => useOutboxEntries(), { wrapper: f.wrapper });
    await waitFor(() => expect(result.current.entries).toHaveLength(1));

    const failure = new Error('storage went away');
    const list = vi.spyOn(f.outbox, 'getOutboxEntries').mockRejectedValue(failure);
    await act(() => result.current.refresh());
    expect(result.current.error).toBe(failure);
    expect(result.current.entries).toHaveLength(1);

    list.mockRestore();
    await act(() => result.current.refresh());
    expect(result.current.error).toBeNull();
  });
});
