import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useOutboxActions, useOutboxStatus } from '../src/index';
import { createFixture } from './outbox-fixture';

describe('useOutboxStatus', () => {
  it('counts enqueued changes at once and drops them as a flush delivers them', async () => {
    const f = await createFixture();
    const { result } = renderHook(() => useOutboxStatus(), { wrapper: f.wrapper });
    expect(result.current.pending).toBe(0);

    await act(() => f.save('n1', 'a'));
    expect(result.current.pending).toBe(1);
    await act(async () => {
      await f.save('n2', 'b');
      await f.save('n3', 'c');
    });
    await waitFor(() => expect(result.current.pending).toBe(3));

    await act(() => f.outbox.flush());
    await waitFor(() => expect(result.current).toMatchObject({ pending: 0, inFlight: 0, flushing: false, progress: { done: 3, total: 3 } }));
    expect(f.transport.sent.map((entry) => entry.entityId)).toEqual(['n1', 'n2', 'n3']);
  });

  it('follows connectivity, pauses on an auth failure until resume, and shows the next retry', async () => {
    const f = await createFixture();
    const { result } = renderHook(() => ({ status: useOutboxStatus(), actions: useOutboxActions() }), { wrapper: f.wrapper });

    act(() => f.connectivity.goOffline());
    await waitFor(() => expect(result.current.status.online).toBe(false));
    act(() => f.connectivity.goOnline());
    await waitFor(() => expect(result.current.status.online).toBe(true));

    f.transport.answer = () => ({ kind: 'auth', error: { code: 'AUTH', message: 'token expired', httpStatus: 401 } });
    await act(() => f.save('n1', 'a'));
    await act(() => result.current.actions.flush());
    await waitFor(() => expect(result.current.status).toMatchObject({ paused: true, pending: 1 }));

    f.transport.answer = () => ({ kind: 'retry', error: { code: 'HTTP_503', message: 'unavailable', httpStatus: 503 } });
    await act(async () => {
      result.current.actions.resume();
      await f.clock.runDue();
    });
    await waitFor(() => expect(result.current.status).toMatchObject({ paused: false, pending: 1, flushing: false }));
    expect(result.current.status.nextRetryAt).toBeGreaterThan(f.clock.now());
  });

  it('re-renders once per status change', async () => {
    const f = await createFixture();
    let renders = 0;
    const { result } = renderHook(() => (renders++, useOutboxStatus()), { wrapper: f.wrapper });
    const emitted: unknown[] = [];
    f.outbox.on('status', (status) => emitted.push(status));
    const before = renders;

    // One enqueue is one change: one status event (the core emits only changed values), one render.
    await act(() => f.save('n1', 'a'));
    await waitFor(() => expect(result.current.pending).toBe(1));
    expect(emitted).toHaveLength(1);
    expect(renders).toBe(before + 1);
  });
});
