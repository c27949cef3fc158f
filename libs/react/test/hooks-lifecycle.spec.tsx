import { act, render, renderHook, screen } from '@testing-library/react';
import { useState } from 'react';
import type { OutboxEntry } from '@mutation-outbox/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MissingOutboxProviderError, useOptimisticMutation, useOutbox, useOutboxActions, useOutboxEntries, useOutboxEvent, useOutboxStatus } from '../src/index';
import { createFixture } from './outbox-fixture';

afterEach(() => vi.restoreAllMocks());

describe('OutboxProvider', () => {
  it('gives its outbox to useOutbox', async () => {
    const f = await createFixture();
    const { result } = renderHook(() => useOutbox(), { wrapper: f.wrapper });
    expect(result.current).toBe(f.outbox);
  });

  it('is required: every hook throws MissingOutboxProviderError naming itself', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const hooks: Record<string, () => unknown> = { useOutbox, useOutboxStatus, useOutboxEntries, useOutboxActions, useOptimisticMutation: () => useOptimisticMutation(() => ({ apply: () => undefined, mutation: [] })), useOutboxEvent: () => useOutboxEvent('status', () => undefined) };
    for (const [name, hook] of Object.entries(hooks)) {
      expect(() => renderHook(hook)).toThrowError(new MissingOutboxProviderError(name));
    }
    expect(() => renderHook(useOutbox)).toThrowError(/useOutbox\(\) was called outside <OutboxProvider>/);
  });
});

describe('useOutboxEvent', () => {
  it('calls the latest listener and unsubscribes on unmount', async () => {
    const f = await createFixture();
    const seen: string[] = [];
    const { rerender, unmount } = renderHook(({ tag }) => useOutboxEvent('entry:enqueued', ({ entry }) => seen.push(`${tag}:${entry.entityId}`)), {
      wrapper: f.wrapper,
      initialProps: { tag: 'first' },
    });
    await act(() => f.save('n1', 'a'));
    rerender({ tag: 'second' });
    await act(() => f.save('n2', 'b'));
    expect(f.subscriptions.get('entry:enqueued')).toBe(1);

    unmount();
    await f.save('n3', 'c');
    expect(seen).toEqual(['first:n1', 'second:n2']);
    expect(f.subscriptions.get('entry:enqueued')).toBe(0);
  });
});

describe('all hooks together', () => {
  function OutboxBadge() {
    const status = useOutboxStatus();
    const { entries } = useOutboxEntries({ statuses: ['pending'] });
    const last = useLastEnqueued();
    return <p>{`${status.pending} changes waiting, ${entries.length} listed, last ${last ?? '-'}`}</p>;
  }

  function useLastEnqueued() {
    const [entry, setEntry] = useState<OutboxEntry | null>(null);
    useOutboxEvent('entry:enqueued', (event) => setEntry(event.entry));
    return entry?.entityId;
  }

  it('render from one outbox and leave no listener behind', async () => {
    const f = await createFixture();
    const { unmount } = render(<OutboxBadge />, { wrapper: f.wrapper });
    await act(() => f.save('n1', 'a'));
    await screen.findByText('1 changes waiting, 1 listed, last n1');

    unmount();
    expect([...f.subscriptions.values()].every((count) => count === 0)).toBe(true);
    expect(f.subscriptions.size).toBeGreaterThan(2);
  });
});
