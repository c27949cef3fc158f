import type { EntryStatus, OutboxCounts } from '@mutation-outbox/core';

/** Counts as the tally keeps them (mutable copy of `OutboxCounts`). */
type Counts = { -readonly [K in keyof OutboxCounts]: OutboxCounts[K] };

/** What `OutboxTally.save()` returns, for `restore()`. */
export interface TallySnapshot {
  readonly counts: OutboxCounts | null;
  readonly version: number | null;
}

const FIELD: Partial<Record<EntryStatus, 'pending' | 'inFlight' | 'failed' | 'rolledBack'>> = {
  pending: 'pending',
  in_flight: 'inFlight',
  failed: 'failed',
  rolled_back: 'rolledBack',
};

const ACTIVE: ReadonlySet<EntryStatus> = new Set<EntryStatus>(['pending', 'in_flight', 'failed']);

/** Whether entries in `status` count against the limits (pending, in flight, failed). */
export function isActiveStatus(status: EntryStatus): boolean {
  return ACTIVE.has(status);
}

/**
 * The outbox's counts kept in memory for one connection (see `tallyOf`), so that neither `counts()`
 * nor the limit check of `append` reads the entries, and no write has to maintain a stats row on
 * disk.
 *
 * Promises: `current` returns the counts of the database as the calling transaction sees it,
 * provided every write made through this connection since the last `current` was reported with
 * `add`/`subtract` once it succeeded, and every transaction that rolled back restored the snapshot
 * `save()` took when it began. Commits by other connections are detected with SQLite's
 * `PRAGMA data_version` (which changes only when ANOTHER connection committed), and then the counts
 * are read again from the database (`recount`, which walks the active entries' index).
 */
export class OutboxTally {
  private counts: Counts | null = null;
  /** `PRAGMA data_version` when `counts` were last read from the database. */
  private version: number | null = null;

  /**
   * The counts, re-read with `recount` when none are known yet or another connection committed
   * since they were read. Read the data version BEFORE recounting: a commit between the two then
   * only costs one more recount later, never a stale tally.
   */
  async current(dataVersion: () => Promise<number>, recount: () => Promise<OutboxCounts>): Promise<OutboxCounts> {
    const version = await dataVersion();
    if (!this.counts || version !== this.version) {
      this.counts = { ...(await recount()) };
      this.version = version;
    }
    return { ...this.counts };
  }

  /** Counts one stored entry in `status` with `sizeBytes` more. */
  add(status: EntryStatus, sizeBytes: number): void {
    this.change(status, sizeBytes, 1);
  }

  /** Counts one stored entry in `status` with `sizeBytes` less. */
  subtract(status: EntryStatus, sizeBytes: number): void {
    this.change(status, sizeBytes, -1);
  }

  /** Moves `n` entries from in flight to pending (their bytes stay active). */
  recovered(n: number): void {
    if (!this.counts) return;
    this.counts.inFlight -= n;
    this.counts.pending += n;
  }

  /** The state to go back to if the transaction (or savepoint) starting now rolls back. */
  save(): TallySnapshot {
    return { counts: this.counts && { ...this.counts }, version: this.version };
  }

  /** Goes back to `snapshot` (the writes since it were rolled back). */
  restore(snapshot: TallySnapshot): void {
    this.counts = snapshot.counts && { ...snapshot.counts };
    this.version = snapshot.version;
  }

  /** Forgets the counts: the next `current` reads them from the database. */
  forget(): void {
    this.counts = null;
    this.version = null;
  }

  private change(status: EntryStatus, sizeBytes: number, sign: 1 | -1): void {
    // Unknown counts stay unknown: the next `current` recounts, including this write.
    if (!this.counts) return;
    const field = FIELD[status];
    if (field) this.counts[field] += sign;
    if (ACTIVE.has(status)) this.counts.activeBytes += sign * sizeBytes;
  }
}

const TALLIES = new WeakMap<object, OutboxTally>();

/**
 * The one tally of a connection: every storage instance writing through the same driver (an
 * app-owned connection handed to several instances) shares it, since SQLite's data version does
 * not change for a connection's own commits.
 */
export function tallyOf(driver: object): OutboxTally {
  let tally = TALLIES.get(driver);
  if (!tally) {
    tally = new OutboxTally();
    TALLIES.set(driver, tally);
  }
  return tally;
}
