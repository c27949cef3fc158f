import { useCallback, useSyncExternalStore } from 'react';
import type { OutboxStatus } from '@mutation-outbox/core';
import { useRequiredOutbox } from './use-outbox';

/**
 * The outbox's live status snapshot: pending / in-flight / failed counts, online, paused, flushing,
 * `nextRetryAt` and flush progress. Re-renders on every `status` event and never tears: every
 * component reading it during one render sees the same snapshot.
 */
export function useOutboxStatus(): OutboxStatus {
  const outbox = useRequiredOutbox('useOutboxStatus');
  const subscribe = useCallback((onChange: () => void) => outbox.on('status', () => onChange()), [outbox]);
  const getSnapshot = useCallback(() => outbox.getStatus(), [outbox]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
