import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EntryStatus, MutationOutbox, OutboxEntry, OutboxEventName } from '@mutation-outbox/core';
import { RefreshQueue } from './refresh-queue';
import { toError } from './to-error';
import { sameCounts } from './use-outbox-status';
import { useRequiredOutbox } from './use-outbox';

/** Which entries `useOutboxEntries` shows. */
export interface OutboxEntriesFilter {
  /** Only entries in these statuses. Default: the active ones (pending, in flight, failed). */
  readonly statuses?: readonly EntryStatus[];
  /** Page size. Default 100 (the outbox caps it at 1,000). */
  readonly limit?: number;
}

/** What `useOutboxEntries` returns. */
export interface OutboxEntriesResult {
  /** The first page of matching entries, oldest first; empty until the first load finishes. */
  readonly entries: readonly OutboxEntry[];
  /** Whether more entries match than this page holds (show "and more", not a longer list). */
  readonly hasMore: boolean;
  /** True until the first page for the current outbox and filter has loaded. */
  readonly loading: boolean;
  /** The last load's failure, cleared by the next successful load; the previous page stays shown. */
  readonly error: Error | null;
  /** Loads the page again; resolves once a load that started after the call has finished. */
  refresh(): Promise<void>;
}

/** Events after which the page may have changed (`status` is handled apart: only count changes matter). */
const REFRESH_ON: readonly Exclude<OutboxEventName, 'status'>[] = [
  'entry:enqueued',
  'entry:attempt',
  'entry:succeeded',
  'entry:retry-scheduled',
  'entry:failed',
  'entry:rolled-back',
  'entry:coalesced',
  'entry:conflict',
  'id:mapped',
];

interface Query {
  readonly outbox: MutationOutbox;
  readonly statuses: readonly EntryStatus[] | undefined;
  readonly limit: number | undefined;
}

interface Loaded {
  readonly query: Query;
  readonly entries: readonly OutboxEntry[];
  readonly hasMore: boolean;
  readonly error: Error | null;
}

const NO_ENTRIES: readonly OutboxEntry[] = [];

/**
 * One page of outbox entries for a list screen, kept live: it reloads after every entry event
 * (enqueued, attempt, succeeded, retry scheduled, failed, rolled back, coalesced, conflict, id
 * mapped) and every status change in the pending / in-flight / failed counts. It never loads more than one page, and a burst of events
 * costs at most one extra load. A new filter (compared by value) starts over with `loading`.
 */
export function useOutboxEntries(filter: OutboxEntriesFilter = {}): OutboxEntriesResult {
  const outbox = useRequiredOutbox('useOutboxEntries');
  const { statuses, limit } = filter;
  const statusesKey = statuses?.join(',');
  // Keyed by value (statusesKey) so that an inline `{ statuses: ['failed'] }` does not reload on
  // every render; `statuses` itself has the same content whenever the key is the same.
  const query = useMemo<Query>(() => ({ outbox, statuses, limit }), [outbox, statusesKey, limit]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const queueRef = useRef<RefreshQueue | null>(null);

  useEffect(() => {
    let active = true;
    const load = async (): Promise<void> => {
      try {
        const page = await query.outbox.getOutboxEntries({
          ...(query.statuses ? { statuses: query.statuses } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
        });
        if (active) setLoaded({ query, entries: page.entries, hasMore: page.nextAfterSeq !== null, error: null });
      } catch (thrown) {
        const error = toError(thrown);
        if (active) setLoaded((previous) => (previous?.query === query ? { ...previous, error } : { query, entries: NO_ENTRIES, hasMore: false, error }));
      }
    };
    const queue = new RefreshQueue(load);
    queueRef.current = queue;
    // Subscribe before the first load so that no change between the two goes unnoticed.
    const unsubscribes = REFRESH_ON.map((name) => query.outbox.on(name, () => void queue.request()));
    // Counts also move without an entry event (e.g. in-flight entries recovered at flush start);
    // connectivity, pause and progress changes alone leave the list as it is.
    let counted = query.outbox.getStatus();
    unsubscribes.push(
      query.outbox.on('status', (status) => {
        if (sameCounts(status, counted)) return;
        counted = status;
        void queue.request();
      }),
    );
    void queue.request();
    return () => {
      active = false;
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (queueRef.current === queue) queueRef.current = null;
    };
  }, [query]);

  const refresh = useCallback(() => queueRef.current?.request() ?? Promise.resolve(), []);
  const current = loaded?.query === query ? loaded : null;
  return {
    entries: current?.entries ?? NO_ENTRIES,
    hasMore: current?.hasMore ?? false,
    loading: current === null,
    error: current?.error ?? null,
    refresh,
  };
}
