import { useMemo, useSyncExternalStore } from 'react';
import type { MutationOutbox, OutboxStatus } from '@mutation-outbox/core';
import { useRequiredOutbox } from './use-outbox';

/**
 * The outbox's live status snapshot: pending / in-flight / failed counts, online, paused, flushing,
 * `nextRetryAt` and flush progress. Re-renders when a `status` event brings a different value (an
 * identical snapshot re-emitted does not re-render) and never tears: every component reading it
 * during one render sees the same snapshot.
 */
export function useOutboxStatus(): OutboxStatus {
  const outbox = useRequiredOutbox('useOutboxStatus');
  const store = useMemo(() => statusStore(outbox), [outbox]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

function statusStore(outbox: MutationOutbox) {
  let last = outbox.getStatus();
  return {
    subscribe: (onChange: () => void) => outbox.on('status', () => onChange()),
    getSnapshot: (): OutboxStatus => {
      const next = outbox.getStatus();
      if (!sameStatus(next, last)) last = next;
      return last;
    },
  };
}

/** Whether two snapshots hold the same values. @internal */
export function sameStatus(a: OutboxStatus, b: OutboxStatus): boolean {
  return (
    a === b ||
    (sameCounts(a, b) &&
      a.online === b.online &&
      a.paused === b.paused &&
      a.flushing === b.flushing &&
      a.nextRetryAt === b.nextRetryAt &&
      a.progress.done === b.progress.done &&
      a.progress.total === b.progress.total)
  );
}

/** Whether two snapshots count the same pending, in-flight and failed entries. @internal */
export function sameCounts(a: OutboxStatus, b: OutboxStatus): boolean {
  return a.pending === b.pending && a.inFlight === b.inFlight && a.failed === b.failed;
}
