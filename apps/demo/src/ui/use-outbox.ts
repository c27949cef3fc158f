import { useEffect, useState } from 'react';
import type { AppOutbox } from '../outbox/app-outbox';

/** A number that grows whenever the outbox may have changed local data: a dependency for re-reading. */
export function useDataVersion(outbox: AppOutbox): number {
  const [version, setVersion] = useState(0);
  useEffect(() => outbox.onChange(() => setVersion((v) => v + 1)), [outbox]);
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
