import { useEffect, useState, useSyncExternalStore } from 'react';
import type { OutboxStatus } from '@mutation-outbox/core';
import type { AppOutbox } from '../outbox/app-outbox';

/** The outbox's live status snapshot. */
export function useOutboxStatus(outbox: AppOutbox): OutboxStatus {
  return useSyncExternalStore(
    (onChange) => outbox.on('status', onChange),
    () => outbox.status(),
  );
}

/** A number that grows whenever local data or the outbox changed: a dependency for re-reading. */
export function useDataVersion(outbox: AppOutbox): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const offChanged = outbox.on('changed', () => setVersion((v) => v + 1));
    const offStatus = outbox.on('status', () => setVersion((v) => v + 1));
    return () => {
      offChanged();
      offStatus();
    };
  }, [outbox]);
  return version;
}

/** The current time, refreshed every `intervalMs` while `active` (for countdowns). */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
