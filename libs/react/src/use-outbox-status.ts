import { useMemo, useSyncExternalStore } from 'react';
import type { MutationOutbox, OutboxStatus } from '@mutation-outbox/core';
import { useRequiredOutbox } from './use-outbox';

/**
 * The outbox's live status snapshot: pending / in-flight / failed counts, online, paused, flushing,
 * `nextRetryAt` and flush progress. Re-renders once per change (the core emits `status` only when a
 * value changed) and never tears: every component reading it
 * during one render sees the same snapshot.
 */
export function useOutboxStatus(): OutboxStatus {
  const outbox = useRequiredOutbox('useOutboxStatus');
  const store = useMemo(() => statusStore(outbox), [outbox]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

// The core publishes a new snapshot object only when a value changed, so the snapshot itself is
// a stable store value for useSyncExternalStore.
function statusStore(outbox: MutationOutbox) {
  return {
    subscribe: (onChange: () => void) => outbox.on('status', () => onChange()),
    getSnapshot: (): OutboxStatus => outbox.getStatus(),
  };
}

/** Whether two snapshots count the same pending, in-flight and failed entries. @internal */
export function sameCounts(a: OutboxStatus, b: OutboxStatus): boolean {
  return a.pending === b.pending && a.inFlight === b.inFlight && a.failed === b.failed;
}
