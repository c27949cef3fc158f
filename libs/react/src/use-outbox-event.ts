import { useEffect, useLayoutEffect, useRef } from 'react';
import type { OutboxEventName, OutboxListener } from '@mutation-outbox/core';
import { useRequiredOutbox } from './use-outbox';

/**
 * Calls `listener` for every `name` event while the component is mounted, and unsubscribes on
 * unmount. The latest `listener` is always the one called, so an inline function does not
 * resubscribe on every render; changing `name` or the provider's outbox does resubscribe.
 */
export function useOutboxEvent<K extends OutboxEventName>(name: K, listener: OutboxListener<K>): void {
  const outbox = useRequiredOutbox('useOutboxEvent');
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => outbox.on(name, (payload) => latest.current(payload)), [outbox, name]);
}
