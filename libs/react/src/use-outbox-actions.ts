import { useMemo } from 'react';
import type { FlushResult, MutationResult } from '@mutation-outbox/core';
import { useRequiredOutbox } from './use-outbox';

/** The outbox's commands, bound to the provider's outbox. Each behaves exactly as on `MutationOutbox`. */
export interface OutboxActions {
  /** Delivers every due entry now; a call during a running flush joins it. */
  flush(): Promise<FlushResult>;
  /** One immediate attempt for a pending or failed entry, ignoring its backoff schedule. */
  retryEntry(entryId: string): Promise<MutationResult>;
  /** Discards a pending or failed entry and rolls back its local change and its dependants'. */
  rollbackEntry(entryId: string): Promise<void>;
  /** Resumes delivery after an auth failure (e.g. once the app refreshed its token). */
  resume(): void;
}

/**
 * The outbox's commands for buttons ("Sync now", "Retry", "Discard", "Signed in again"). The
 * returned object keeps its identity until the provider's outbox changes, so it is safe in
 * effect dependencies. Errors (e.g. `EntryNotFoundError`) reject the returned promises.
 */
export function useOutboxActions(): OutboxActions {
  const outbox = useRequiredOutbox('useOutboxActions');
  return useMemo<OutboxActions>(
    () => ({
      flush: () => outbox.flush(),
      retryEntry: (entryId) => outbox.retryEntry(entryId),
      rollbackEntry: (entryId) => outbox.rollbackEntry(entryId),
      resume: () => outbox.resume(),
    }),
    [outbox],
  );
}
